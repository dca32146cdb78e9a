package org.jamesantispam.core.spamd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.jamesantispam.core.spamd.SpamdException.Failure;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@link SpamdClient#learn} (TELL) against a fake spamd that answers what spamd 4.0 answers
 * (a real spamd is tested in integration-tests, SpamdLearnTest).
 */
class SpamdClientLearnTest {
    private static final byte[] MESSAGE = "Subject: hi\r\nMessage-ID: <1@x.test>\r\n\r\nbody\r\n".getBytes(StandardCharsets.US_ASCII);

    private ServerSocket server;

    @AfterEach
    void close() throws IOException {
        if (server != null) {
            server.close();
        }
    }

    /** A spamd that records the request and answers {@code reply}. */
    private SpamdEndpoint serve(String reply, CompletableFuture<String> received) throws IOException {
        server = new ServerSocket(0, 10, InetAddress.getLoopbackAddress());
        Thread thread = new Thread(() -> {
            while (!server.isClosed()) {
                try (Socket socket = server.accept()) {
                    ByteArrayOutputStream request = new ByteArrayOutputStream();
                    socket.getInputStream().transferTo(request);
                    received.complete(request.toString(StandardCharsets.US_ASCII));
                    socket.getOutputStream().write(reply.getBytes(StandardCharsets.US_ASCII));
                } catch (IOException e) {
                    // next connection, or the server was closed
                }
            }
        }, "fake-spamd");
        thread.setDaemon(true);
        thread.start();
        return new SpamdEndpoint("127.0.0.1", server.getLocalPort());
    }

    private static SpamdClient client(SpamdEndpoint... endpoints) {
        return new SpamdClient(List.of(endpoints), Duration.ofSeconds(2), Duration.ofSeconds(10));
    }

    private static Deadline deadline() {
        return Deadline.in(Duration.ofSeconds(10));
    }

    @Test
    void sendsTellWithTheClassSetLocalAndTheMessageAndReportsDidSet() throws Exception {
        CompletableFuture<String> received = new CompletableFuture<>();
        SpamdEndpoint endpoint = serve("SPAMD/1.1 0 EX_OK\r\nDidSet: local\r\n\r\n\r\n", received);

        assertThat(client(endpoint).learn(MessageClass.HAM, MESSAGE, Optional.empty(), deadline())).isTrue();
        assertThat(received.get(5, TimeUnit.SECONDS)).isEqualTo("TELL SPAMC/1.5\r\nContent-length: " + MESSAGE.length
            + "\r\nMessage-class: ham\r\nSet: local\r\n\r\n" + new String(MESSAGE, StandardCharsets.US_ASCII));
    }

    @Test
    void spamIsSentAsSpamWithTheUser() throws Exception {
        CompletableFuture<String> received = new CompletableFuture<>();
        SpamdEndpoint endpoint = serve("SPAMD/1.1 0 EX_OK\r\nDidSet: remote,local\r\n\r\n\r\n", received);

        assertThat(client(endpoint).learn(MessageClass.SPAM, MESSAGE, Optional.of("alice@example.test"), deadline())).isTrue();
        assertThat(received.get(5, TimeUnit.SECONDS)).contains("\r\nMessage-class: spam\r\nSet: local\r\nUser: alice@example.test\r\n\r\n");
    }

    @Test
    void anOkWithoutDidSetMeansNotLearned() throws Exception {
        SpamdEndpoint endpoint = serve("SPAMD/1.1 0 EX_OK\r\n\r\n\r\n", new CompletableFuture<>());
        assertThat(client(endpoint).learn(MessageClass.HAM, MESSAGE, Optional.empty(), deadline())).isFalse();
    }

    @Test
    void tellNotEnabledIsAnError() throws Exception {
        SpamdEndpoint endpoint = serve("SPAMD/1.0 69 Service Unavailable: TELL commands are not enabled, set the --allow-tell switch.\r\n",
            new CompletableFuture<>());
        assertThatThrownBy(() -> client(endpoint).learn(MessageClass.SPAM, MESSAGE, Optional.empty(), deadline()))
            .isInstanceOf(SpamdException.class)
            .hasMessageContaining("spamd error 69")
            .hasMessageContaining("--allow-tell")
            .satisfies(e -> assertThat(((SpamdException) e).failure()).isEqualTo(Failure.BAD_REPLY));
    }

    @Test
    void anUnreachableHostIsSkipped() throws Exception {
        int closed;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = socket.getLocalPort();
        }
        SpamdEndpoint endpoint = serve("SPAMD/1.1 0 EX_OK\r\nDidSet: local\r\n\r\n", new CompletableFuture<>());
        assertThat(client(new SpamdEndpoint("127.0.0.1", closed), endpoint).learn(MessageClass.HAM, MESSAGE, Optional.empty(), deadline())).isTrue();
    }

    @Test
    void noHostIsUnreachable() throws Exception {
        int closed;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = socket.getLocalPort();
        }
        assertThatThrownBy(() -> client(new SpamdEndpoint("127.0.0.1", closed)).learn(MessageClass.HAM, MESSAGE, Optional.empty(), deadline()))
            .isInstanceOf(SpamdException.class)
            .satisfies(e -> assertThat(((SpamdException) e).failure()).isEqualTo(Failure.UNREACHABLE));
    }

    @Test
    void aUserWithSpacesIsRefusedBeforeConnecting() {
        assertThatThrownBy(() -> client(new SpamdEndpoint("127.0.0.1", 1)).learn(MessageClass.HAM, MESSAGE, Optional.of("a b"), deadline()))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'a b'");
    }
}
