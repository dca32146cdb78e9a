package org.jamesantispam.it.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.jamesantispam.it.james.AntispamJames.ALICE;
import static org.jamesantispam.it.james.AntispamJames.PASSWORD;

import org.apache.james.GuiceJamesServer;
import org.apache.james.JamesServerExtension;
import org.jamesantispam.it.clients.ImapReader;
import org.jamesantispam.it.clients.SmtpClient;
import org.jamesantispam.it.clients.SmtpReply;
import org.jamesantispam.it.james.AntispamJames;
import org.jamesantispam.it.james.JamesConf;
import org.jamesantispam.it.services.RbldnsdExtension;
import org.jamesantispam.it.services.SpamdExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The reference configuration ({@code james-conf/}) in a real James: what an internet client
 * (127.0.0.3, untrusted), a client listed in the demo DNS blocklist (127.0.0.2, served by a real
 * rbldnsd) and the gateway host itself (127.0.0.1, {@code mynetworks_style = host}) see in the SMTP
 * dialogue, and what lands in the mailbox.
 */
class ReferenceGatewayTest {
    private static final String INTERNET = "127.0.0.3";
    private static final String LISTED = "127.0.0.2";
    private static final String TRUSTED = "127.0.0.1";

    @RegisterExtension
    @Order(1)
    static RbldnsdExtension blocklist = RbldnsdExtension.builder()
        // 127.0.0.1 is listed too: only permit_mynetworks, placed first, lets the gateway host through.
        .ip4set("bl.example.test", ":127.0.0.2:Listed by bl.example.test, see http://bl.example.test/query?ip=$", "127.0.0.2", "127.0.0.1")
        .build();

    @RegisterExtension
    @Order(2)
    static SpamdExtension spamd = new SpamdExtension();

    // The reference configuration, its DNSBL and content filter pointed at the test's rbldnsd and spamd.
    @RegisterExtension
    @Order(3)
    static JamesServerExtension james = AntispamJames.extension(JamesConf.reference()
        .dnsblResolver(blocklist::port)
        .spamd(spamd::port));

    private static int smtp;
    private static int imap;

    @BeforeAll
    static void setUp(GuiceJamesServer server) throws Exception {
        AntispamJames.addDemoUsers(server);
        smtp = AntispamJames.smtpPort(server);
        imap = AntispamJames.imapPort(server);
    }

    private static String message(String subject, String... extraHeaders) {
        return "From: Bob <bob@example.org>\r\n"
            + "To: Alice <alice@example.test>\r\n"
            + "Subject: " + subject + "\r\n"
            + "Message-ID: <" + subject.hashCode() + "@example.org>\r\n"
            + String.join("", extraHeaders)
            + "\r\n"
            + "Hello Alice,\r\nlunch on Friday?\r\n";
    }

    @Test
    void cleanMessageFromAnInternetClientReachesTheInbox() {
        try (SmtpClient client = SmtpClient.connect(INTERNET, smtp)) {
            SmtpReply reply = client.send("mail.example.org", "bob@example.org", message("lunch"), ALICE);
            assertThat(reply.code()).as(reply.line()).isEqualTo(250);
        }
        try (ImapReader imapReader = ImapReader.login(imap, ALICE, PASSWORD)) {
            String delivered = imapReader.awaitMessages("INBOX", 1).firstMessage();
            assertThat(delivered).contains("Subject: lunch\r\n").contains("lunch on Friday?").contains("X-Spam-Status: No, score=");
        }
    }

    @Test
    void relayAttemptFromAnInternetClientIsRefusedAtRcpt() {
        try (SmtpClient client = SmtpClient.connect(INTERNET, smtp)) {
            client.command("EHLO mail.example.org");
            client.command("MAIL FROM:<bob@example.org>");
            SmtpReply reply = client.command("RCPT TO:<victim@other.test>");
            assertThat(reply.line()).isEqualTo("554 5.7.1 <victim@other.test>: Relay access denied");
        }
    }

    @Test
    void theGatewayHostItselfMayRelay() {
        try (SmtpClient client = SmtpClient.connect(TRUSTED, smtp)) {
            client.command("EHLO localhost");
            client.command("MAIL FROM:<alice@example.test>");
            assertThat(client.command("RCPT TO:<friend@other.test>").code()).isEqualTo(250);
            client.command("RSET");
        }
    }

    @Test
    void unknownLocalUserIsRefused() {
        try (SmtpClient client = SmtpClient.connect(INTERNET, smtp)) {
            client.command("EHLO mail.example.org");
            client.command("MAIL FROM:<bob@example.org>");
            SmtpReply reply = client.command("RCPT TO:<nosuchuser@example.test>");
            assertThat(reply.line()).isEqualTo("550 5.1.1 Unknown user: nosuchuser@example.test");
        }
    }

    @Test
    void mailBeforeHeloIsRefused() {
        // James' own heloEhloEnforcement; Postfix answers "503 5.5.1 Error: send HELO/EHLO first".
        try (SmtpClient client = SmtpClient.connect(INTERNET, smtp)) {
            assertThat(client.command("MAIL FROM:<bob@example.org>").line()).isEqualTo("503 5.5.0 Need HELO or EHLO before MAIL");
        }
    }

    @Test
    void envelopeAddressesWithoutBracketsAreRefused() {
        try (SmtpClient client = SmtpClient.connect(INTERNET, smtp)) {
            client.command("EHLO mail.example.org");
            assertThat(client.command("MAIL FROM:bob@example.org").line()).isEqualTo("501 5.1.7 Syntax error in MAIL command");
            assertThat(client.command("MAIL FROM:<bob@example.org>").code()).isEqualTo(250);
            assertThat(client.command("RCPT TO:alice@example.test").line()).isEqualTo("501 5.5.2 Syntax error in parameters or arguments");
        }
    }

    @Test
    void invalidHeloFromAnInternetClientIsRefusedAtRcptWithPostfixReply() {
        try (SmtpClient client = SmtpClient.connect(INTERNET, smtp)) {
            assertThat(client.command("HELO bad..helo").code()).isEqualTo(250);
            assertThat(client.command("MAIL FROM:<bob@example.org>").code()).isEqualTo(250);
            assertThat(client.command("RCPT TO:<alice@example.test>").line())
                .isEqualTo("501 5.5.2 <bad..helo>: Helo command rejected: Invalid name");
        }
    }

    @Test
    void invalidHeloFromTheTrustedHostIsAccepted() {
        try (SmtpClient client = SmtpClient.connect(TRUSTED, smtp)) {
            client.command("HELO bad..helo");
            client.command("MAIL FROM:<bob@example.org>");
            assertThat(client.command("RCPT TO:<postmaster@example.test>").code()).isEqualTo(250);
            client.command("RSET");
        }
    }

    @Test
    void spamHeadersForgedByTheSenderAreReplacedByTheFiltersOwn() {
        try (SmtpClient client = SmtpClient.connect(INTERNET, smtp)) {
            SmtpReply reply = client.send("mail.example.org", "bob@example.org",
                message("forged", "X-Spam-Flag: NO\r\n", "X-Spam-Status: No, score=-100\r\n"), "spamalert@example.test");
            assertThat(reply.code()).isEqualTo(250);
        }
        try (ImapReader imapReader = ImapReader.login(imap, "spamalert@example.test", PASSWORD)) {
            String delivered = imapReader.awaitMessages("INBOX", 1).firstMessage();
            assertThat(delivered).contains("Subject: forged").doesNotContain("score=-100")
                .containsOnlyOnce("X-Spam-Flag:").containsOnlyOnce("X-Spam-Status: No, score=");
        }
    }

    @Test
    void aClientListedInTheGuidesBlocklistIsRefusedWithPostfixsReply() {
        try (SmtpClient client = SmtpClient.connect(LISTED, smtp)) {
            assertThat(client.command("EHLO mail.example.org").code()).isEqualTo(250);
            assertThat(client.command("MAIL FROM:<bob@example.org>").code()).isEqualTo(250);
            assertThat(client.command("RCPT TO:<alice@example.test>").line()).isEqualTo("554 5.7.1 Service unavailable; "
                + "Client host [127.0.0.2] blocked using bl.example.test; Listed by bl.example.test, see http://bl.example.test/query?ip=127.0.0.2");
        }
    }

    @Test
    void theTrustedHostIsNotLookedUpInTheBlocklist() {
        try (SmtpClient client = SmtpClient.connect(TRUSTED, smtp)) {
            client.command("EHLO localhost");
            client.command("MAIL FROM:<bob@example.org>");
            assertThat(client.command("RCPT TO:<postmaster@example.test>").code()).isEqualTo(250);
            client.command("RSET");
        }
    }
}
