package org.jamesantispam.core.spamd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
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
 * The client's own failure handling and request format, against small TCP servers that misbehave
 * on purpose (a real spamd's answers are tested in integration-tests, SpamdClientIT).
 */
class SpamdClientTest {
    private static final byte[] MESSAGE = "Subject: hi\r\n\r\nbody\r\n".getBytes(StandardCharsets.US_ASCII);

    private ServerSocket server;

    @AfterEach
    void close() throws IOException {
        if (server != null) {
            server.close();
        }
    }

    private SpamdEndpoint serve(Behaviour behaviour) throws IOException {
        server = new ServerSocket(0, 10, InetAddress.getLoopbackAddress());
        Thread thread = new Thread(() -> {
            while (!server.isClosed()) {
                try (Socket socket = server.accept()) {
                    behaviour.handle(socket);
                } catch (IOException | InterruptedException e) {
                    // next connection, or the server was closed
                }
            }
        }, "misbehaving-spamd");
        thread.setDaemon(true);
        thread.start();
        return new SpamdEndpoint("127.0.0.1", server.getLocalPort());
    }

    @FunctionalInterface
    private interface Behaviour {
        void handle(Socket socket) throws IOException, InterruptedException;
    }

    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static SpamdClient client(SpamdEndpoint... endpoints) {
        return new SpamdClient(List.of(endpoints), Duration.ofSeconds(2), Duration.ofSeconds(30));
    }

    private static byte[] readRequest(Socket socket) throws IOException {
        InputStream in = socket.getInputStream();
        ByteArrayOutputStream request = new ByteArrayOutputStream();
        in.transferTo(request);
        return request.toByteArray();
    }

    @Test
    void sendsCommandContentLengthUserAndTheMessageBytes() throws Exception {
        CompletableFuture<String> received = new CompletableFuture<>();
        SpamdEndpoint endpoint = serve(socket -> {
            received.complete(new String(readRequest(socket), StandardCharsets.US_ASCII));
            OutputStream out = socket.getOutputStream();
            out.write("SPAMD/1.1 0 EX_OK\r\nContent-length: 5\r\nSpam: False ; 1.5 / 5.0\r\n\r\nRULE1".getBytes(StandardCharsets.US_ASCII));
        });

        SpamdReply reply = client(endpoint).check(SpamdCommand.SYMBOLS, MESSAGE, Optional.of("alice@example.test"), Deadline.in(Duration.ofSeconds(10)));

        assertThat(received.get(5, TimeUnit.SECONDS)).isEqualTo("SYMBOLS SPAMC/1.5\r\nContent-length: " + MESSAGE.length
            + "\r\nUser: alice@example.test\r\n\r\n" + new String(MESSAGE, StandardCharsets.US_ASCII));
        assertThat(reply.score()).isEqualTo(1.5);
        assertThat(reply.rules()).extracting(RuleHit::name).containsExactly("RULE1");
    }

    @Test
    void aRefusedConnectionIsUnreachable() throws Exception {
        SpamdClient client = client(new SpamdEndpoint("127.0.0.1", closedPort()));
        assertThatThrownBy(() -> client.check(SpamdCommand.SYMBOLS, MESSAGE, Optional.empty(), Deadline.in(Duration.ofSeconds(5))))
            .isInstanceOf(SpamdException.class)
            .satisfies(e -> assertThat(((SpamdException) e).failure()).isEqualTo(Failure.UNREACHABLE));
    }

    @Test
    void garbageIsABadReply() throws Exception {
        SpamdEndpoint endpoint = serve(socket -> {
            readRequest(socket);
            socket.getOutputStream().write("220 mail.example.test ESMTP\r\n".getBytes(StandardCharsets.US_ASCII));
        });
        assertThatThrownBy(() -> client(endpoint).check(SpamdCommand.SYMBOLS, MESSAGE, Optional.empty(), Deadline.in(Duration.ofSeconds(5))))
            .isInstanceOf(SpamdException.class).hasMessageContaining("not a spamd reply")
            .satisfies(e -> assertThat(((SpamdException) e).failure()).isEqualTo(Failure.BAD_REPLY));
    }

    @Test
    void aTruncatedReplyIsABadReply() throws Exception {
        SpamdEndpoint endpoint = serve(socket -> {
            readRequest(socket);
            socket.getOutputStream().write("SPAMD/1.1 0 EX_OK\r\nContent-length: 50\r\nSpam: True ; 9.0 / 5.0\r\n\r\nGTUBE".getBytes(StandardCharsets.US_ASCII));
        });
        assertThatThrownBy(() -> client(endpoint).check(SpamdCommand.SYMBOLS, MESSAGE, Optional.empty(), Deadline.in(Duration.ofSeconds(5))))
            .isInstanceOf(SpamdException.class).hasMessageContaining("ended after 5 of 50 bytes");
    }

    @Test
    void aSilentServerTimesOutAtTheDeadline() throws Exception {
        SpamdEndpoint endpoint = serve(socket -> {
            readRequest(socket);
            Thread.sleep(20_000);
        });
        long start = System.nanoTime();
        assertThatThrownBy(() -> client(endpoint).check(SpamdCommand.SYMBOLS, MESSAGE, Optional.empty(), Deadline.in(Duration.ofMillis(700))))
            .isInstanceOf(SpamdException.class)
            .satisfies(e -> assertThat(((SpamdException) e).failure()).isEqualTo(Failure.TIMEOUT));
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void aServerThatNeverReadsCannotBlockTheWriteBeyondTheDeadline() throws Exception {
        SpamdEndpoint endpoint = serve(socket -> Thread.sleep(20_000));
        byte[] big = new byte[32 * 1024 * 1024];
        long start = System.nanoTime();
        assertThatThrownBy(() -> client(endpoint).check(SpamdCommand.SYMBOLS, big, Optional.empty(), Deadline.in(Duration.ofMillis(700))))
            .isInstanceOf(SpamdException.class)
            .satisfies(e -> assertThat(((SpamdException) e).failure()).isEqualTo(Failure.TIMEOUT));
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void triesTheNextHostWhenOneFails() throws Exception {
        SpamdEndpoint good = serve(socket -> {
            readRequest(socket);
            socket.getOutputStream().write("SPAMD/1.1 0 EX_OK\r\nSpam: True ; 12.0 / 5.0\r\n\r\nA,B".getBytes(StandardCharsets.US_ASCII));
        });
        SpamdEndpoint down = new SpamdEndpoint("127.0.0.1", closedPort());

        SpamdReply reply = client(down, good).check(SpamdCommand.SYMBOLS, MESSAGE, Optional.empty(), Deadline.in(Duration.ofSeconds(5)));

        assertThat(reply.endpoint()).isEqualTo(good);
        assertThat(reply.score()).isEqualTo(12.0);
        assertThat(reply.rules()).extracting(RuleHit::name).containsExactly("A", "B");
    }

    @Test
    void refusesUserNamesThatWouldBreakTheRequest() {
        SpamdClient client = client(new SpamdEndpoint("127.0.0.1", 783));
        assertThatThrownBy(() -> client.check(SpamdCommand.SYMBOLS, MESSAGE, Optional.of("a\r\nUser: b"), Deadline.in(Duration.ofSeconds(1))))
            .isInstanceOf(IllegalArgumentException.class);
        assertThat(SpamdClient.isValidUser("alice@example.test")).isTrue();
        assertThat(SpamdClient.isValidUser("two words")).isFalse();
    }
}
