package org.jamesantispam.it.hostile;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;

import org.apache.james.GuiceJamesServer;
import org.jamesantispam.it.clients.SmtpClient;
import org.jamesantispam.it.clients.SmtpReply;
import org.jamesantispam.it.james.AntispamJames;

/**
 * The proof that the server still serves after a hostile client: another client, from another
 * address ({@value #ADDRESS}), sends a clean message, which is accepted and delivered exactly once.
 */
final class NextClient {
    static final String ADDRESS = "127.0.0.3";

    private NextClient() {
    }

    /** Sends a clean message to a fresh mailbox {@code next-<caseName>} and waits for its delivery. */
    static void assertServed(GuiceJamesServer server, String caseName) {
        Mailbox mailbox = Mailbox.create(server, "next-" + caseName);
        String subject = "after " + caseName;
        String message = "From: Carol <carol@example.net>\r\n"
            + "To: <" + mailbox.address() + ">\r\n"
            + "Subject: " + subject + "\r\n"
            + "Message-ID: <next-" + caseName + "@example.net>\r\n"
            + "\r\n"
            + "A clean message after a hostile client.\r\n";
        try (SmtpClient client = SmtpClient.connect(ADDRESS, AntispamJames.smtpPort(server))) {
            assertThat(client.greeting().line()).isEqualTo("220 mail.example.test ESMTP");
            SmtpReply reply = client.send("mail.example.net", "carol@example.net", message, mailbox.address());
            assertThat(reply.line()).isEqualTo("250 2.6.0 Message received");
        }
        String stored = new String(mailbox.awaitOnlyMessage(), StandardCharsets.ISO_8859_1);
        assertThat(stored).endsWith(message);
    }
}
