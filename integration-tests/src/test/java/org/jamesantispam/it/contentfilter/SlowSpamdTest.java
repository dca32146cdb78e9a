package org.jamesantispam.it.contentfilter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.jamesantispam.it.james.AntispamJames.PASSWORD;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.apache.james.GuiceJamesServer;
import org.apache.james.JamesServerExtension;
import org.apache.james.utils.DataProbeImpl;
import org.jamesantispam.it.clients.ImapReader;
import org.jamesantispam.it.clients.SmtpClient;
import org.jamesantispam.it.clients.SmtpReply;
import org.jamesantispam.it.james.AntispamJames;
import org.jamesantispam.it.james.JamesConf;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A spamd that accepts connections and reads the message but never answers (a hung scanner):
 * the end-of-DATA hook (timeout 2 s) and the scoring mailet (timeout 3 s) give up in time and the
 * mail is delivered ***UNCHECKED***, never lost.
 */
class SlowSpamdTest {
    private static final SilentSpamd SLOW = SilentSpamd.start();

    @RegisterExtension
    static JamesServerExtension james = AntispamJames.extension(JamesConf.reference()
        .replace("smtpserver.xml", "127.0.0.1:7830", "127.0.0.1:" + SLOW.port())
        .replace("smtpserver.xml", "<!-- DataSpamHook: BEGIN (disabled)", "<!-- DataSpamHook: enabled -->")
        .replace("smtpserver.xml", "DataSpamHook: END (disabled) -->", "")
        .replace("smtpserver.xml", "<timeout>30s</timeout>", "<timeout>2s</timeout>")
        .spamd(SLOW::port)
        .replace("mailetcontainer.xml", "<timeout>60s</timeout>", "<timeout>3s</timeout>"));

    private static int smtp;
    private static int imap;

    @BeforeAll
    static void setUp(GuiceJamesServer server) throws Exception {
        AntispamJames.addDemoUsers(server);
        DataProbeImpl probe = server.getProbe(DataProbeImpl.class);
        probe.addUser("internet@example.test", PASSWORD);
        probe.addUser("trusted@example.test", PASSWORD);
        smtp = AntispamJames.smtpPort(server);
        imap = AntispamJames.imapPort(server);
    }

    @AfterAll
    static void stopSlowSpamd() throws IOException {
        SLOW.close();
    }

    @Test
    void theHookAcceptsWhenSpamdHangsAndTheMailIsDeliveredUnchecked() {
        long start = System.nanoTime();
        SmtpReply reply;
        try (SmtpClient client = SmtpClient.connect("127.0.0.2", smtp)) {
            reply = client.send("mail.example.org", "alice@example.org", Samples.gtube("hook meets a hung spamd"), "internet@example.test");
        }
        assertThat(reply.code()).as(reply.line()).isEqualTo(250);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).as("DATA answered within the hook's 2 s timeout, plus slack")
            .isLessThan(Duration.ofSeconds(15));
        try (ImapReader reader = ImapReader.login(imap, "internet@example.test", PASSWORD)) {
            String delivered = reader.awaitMessages("INBOX", 1).firstMessage().replaceAll("\r\n[ \t]+", " ");
            assertThat(delivered).contains("Subject: ***UNCHECKED*** hook meets a hung spamd").contains("unchecked=timeout");
        }
        assertThat(SLOW.connections()).isGreaterThanOrEqualTo(1);
    }

    @Test
    void theMailetGivesUpAtItsTimeoutAndDeliversUnchecked() {
        long start = System.nanoTime();
        try (SmtpClient client = SmtpClient.connect("127.0.0.1", smtp)) {
            SmtpReply reply = client.send("localhost", "alice@example.test", Samples.ham("mailet meets a hung spamd"), "trusted@example.test");
            assertThat(reply.code()).as(reply.line()).isEqualTo(250);
        }
        try (ImapReader reader = ImapReader.login(imap, "trusted@example.test", PASSWORD)) {
            String delivered = reader.awaitMessages("INBOX", 1).firstMessage().replaceAll("\r\n[ \t]+", " ");
            assertThat(delivered).contains("Subject: ***UNCHECKED*** mailet meets a hung spamd").contains("unchecked=timeout");
        }
        assertThat(Duration.ofNanos(System.nanoTime() - start)).as("delivered within the mailet's 3 s timeout, plus slack")
            .isLessThan(Duration.ofSeconds(20));
    }

    /** Accepts connections, reads whatever comes, never answers; closes them when stopped. */
    static final class SilentSpamd implements AutoCloseable {
        private final ServerSocket server;
        private final List<Socket> sockets = new CopyOnWriteArrayList<>();

        private SilentSpamd(ServerSocket server) {
            this.server = server;
        }

        static SilentSpamd start() {
            try {
                SilentSpamd silent = new SilentSpamd(new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1")));
                Thread acceptor = new Thread(silent::acceptForever, "silent-spamd");
                acceptor.setDaemon(true);
                acceptor.start();
                return silent;
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }

        private void acceptForever() {
            while (!server.isClosed()) {
                try {
                    Socket socket = server.accept();
                    sockets.add(socket);
                    Thread reader = new Thread(() -> drain(socket), "silent-spamd-reader");
                    reader.setDaemon(true);
                    reader.start();
                } catch (IOException e) {
                    return;
                }
            }
        }

        /** Reads the request to its end, then keeps the connection open without a word. */
        private static void drain(Socket socket) {
            try {
                InputStream in = socket.getInputStream();
                in.transferTo(java.io.OutputStream.nullOutputStream());
            } catch (IOException e) {
                // closed by the client or by close()
            }
        }

        int port() {
            return server.getLocalPort();
        }

        int connections() {
            return sockets.size();
        }

        @Override
        public void close() throws IOException {
            server.close();
            for (Socket socket : sockets) {
                socket.close();
            }
        }
    }
}
