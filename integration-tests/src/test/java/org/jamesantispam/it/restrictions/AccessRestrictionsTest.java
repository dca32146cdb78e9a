package org.jamesantispam.it.restrictions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.jamesantispam.it.james.AntispamJames.ALICE;
import static org.jamesantispam.it.james.AntispamJames.PASSWORD;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.apache.james.GuiceJamesServer;
import org.apache.james.JamesServerExtension;
import org.awaitility.Awaitility;
import org.jamesantispam.it.clients.ImapReader;
import org.jamesantispam.it.clients.SmtpClient;
import org.jamesantispam.it.clients.SmtpReply;
import org.jamesantispam.it.clients.WebAdminClient;
import org.jamesantispam.it.james.AntispamJames;
import org.jamesantispam.it.james.JamesConf;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Access tables in the SMTP restriction lists of a real James: every result kind with Postfix's
 * reply, DISCARD and HOLD where the mail lands, per-recipient restriction classes, and a table
 * edited on disk while James runs.
 */
class AccessRestrictionsTest {
    private static final Path LIVE_TABLE = createLiveTable();

    @RegisterExtension
    static JamesServerExtension james = AntispamJames.extension(JamesConf.reference().withoutContentFilter()
        .file("client_access.cidr", """
            # client table (cidr)
            127.0.0.5/32   REJECT Your network is blocked
            127.0.0.6      DEFER Try again tomorrow
            127.0.0.7      DISCARD
            127.0.0.8      HOLD
            """)
        .file("helo_access", "spam.example   REJECT\n")
        .file("sender_access", """
            spammer@example.org   550 5.7.1 No thanks
            .spam.test            REJECT
            """)
        .file("recipient_access", """
            postmaster@example.test   permissive
            spamalert@example.test    restrictive
            """)
        .restrictions("""
            <mynetworks>127.0.0.1/32</mynetworks>
            <restriction_class name="permissive">permit</restriction_class>
            <restriction_class name="restrictive">reject_non_fqdn_helo_hostname</restriction_class>
            <smtpd_client_restrictions>permit_mynetworks, check_client_access cidr:file://conf/client_access.cidr</smtpd_client_restrictions>
            <smtpd_helo_restrictions>check_helo_access hash:file://conf/helo_access</smtpd_helo_restrictions>
            <smtpd_sender_restrictions>check_sender_access hash:file://conf/sender_access, check_sender_access regexp:%s</smtpd_sender_restrictions>
            <smtpd_recipient_restrictions>check_recipient_access hash:file://conf/recipient_access, permit_mynetworks, reject_unauth_destination</smtpd_recipient_restrictions>
            """.formatted(LIVE_TABLE)));

    private static int smtp;
    private static int imap;
    private static WebAdminClient webAdmin;

    private static Path createLiveTable() {
        try {
            Path dir = Files.createTempDirectory("access-live");
            Path table = dir.resolve("sender.re");
            Files.writeString(table, "/^nobody@nowhere\\.test$/ REJECT\n", StandardCharsets.UTF_8);
            return table;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @BeforeAll
    static void setUp(GuiceJamesServer server) throws Exception {
        AntispamJames.addDemoUsers(server);
        smtp = AntispamJames.smtpPort(server);
        imap = AntispamJames.imapPort(server);
        webAdmin = new WebAdminClient(AntispamJames.webAdminPort(server));
    }

    private static SmtpReply rcpt(String client, String helo, String sender, String recipient) {
        try (SmtpClient smtpClient = SmtpClient.connect(client, smtp)) {
            smtpClient.command("EHLO " + helo);
            smtpClient.command("MAIL FROM:<" + sender + ">");
            return smtpClient.command("RCPT TO:<" + recipient + ">");
        }
    }

    private static SmtpReply send(String client, String subject, String recipient) {
        try (SmtpClient smtpClient = SmtpClient.connect(client, smtp)) {
            return smtpClient.send("mail.example.org", "bob@example.org",
                "From: bob@example.org\r\nTo: " + recipient + "\r\nSubject: " + subject + "\r\n\r\nbody\r\n", recipient);
        }
    }

    @Test
    void clientTableRejectAndDeferWithTheirTexts() {
        assertThat(rcpt("127.0.0.5", "mail.example.org", "bob@example.org", ALICE).line())
            .isEqualTo("554 5.7.1 <unknown[127.0.0.5]>: Client host rejected: Your network is blocked");
        assertThat(rcpt("127.0.0.6", "mail.example.org", "bob@example.org", ALICE).line())
            .isEqualTo("450 4.7.1 <unknown[127.0.0.6]>: Client host rejected: Try again tomorrow");
    }

    @Test
    void heloAndSenderTables() {
        assertThat(rcpt("127.0.0.3", "spam.example", "bob@example.org", ALICE).line())
            .isEqualTo("554 5.7.1 <spam.example>: Helo command rejected: Access denied");
        assertThat(rcpt("127.0.0.3", "mail.example.org", "spammer@example.org", ALICE).line())
            .isEqualTo("550 5.7.1 <spammer@example.org>: Sender address rejected: No thanks");
        assertThat(rcpt("127.0.0.3", "mail.example.org", "x@mx.spam.test", ALICE).line())
            .isEqualTo("554 5.7.1 <x@mx.spam.test>: Sender address rejected: Access denied");
    }

    @Test
    void perRecipientRestrictionClasses() {
        assertThat(rcpt("127.0.0.3", "localhost", "bob@example.org", "postmaster@example.test").code()).isEqualTo(250);
        assertThat(rcpt("127.0.0.3", "localhost", "bob@example.org", "spamalert@example.test").line())
            .isEqualTo("504 5.5.2 <localhost>: Helo command rejected: need fully-qualified hostname");
    }

    @Test
    void discardAndHoldAcceptTheMessageThenDropOrKeepIt() {
        assertThat(send("127.0.0.7", "discarded", "spam-quarantine@example.test").code()).isEqualTo(250);
        assertThat(send("127.0.0.8", "held", "spam-quarantine@example.test").code()).isEqualTo(250);
        assertThat(send("127.0.0.3", "marker", "spam-quarantine@example.test").code()).isEqualTo(250);
        Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
            assertThat(webAdmin.get("/mailRepositories/var%2Fmail%2Fquarantine%2F/mails").body()).matches("\\[\"held-[^,]+\"\\]"));
        try (ImapReader reader = ImapReader.login(imap, "spam-quarantine@example.test", PASSWORD)) {
            String inbox = reader.awaitMessages("INBOX", 1).firstMessage();
            assertThat(inbox).contains("Subject: marker");
        }
    }

    @Test
    void aTableEditedOnDiskTakesEffectWithoutRestart() throws Exception {
        assertThat(rcpt("127.0.0.3", "mail.example.org", "late@spammer.test", ALICE).code()).isEqualTo(250);
        Files.writeString(LIVE_TABLE, "/^late@spammer\\.test$/ REJECT Edited while running\n", StandardCharsets.UTF_8);
        Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
            assertThat(rcpt("127.0.0.3", "mail.example.org", "late@spammer.test", ALICE).line())
                .isEqualTo("554 5.7.1 <late@spammer.test>: Sender address rejected: Edited while running"));
        Files.writeString(LIVE_TABLE, "/^broken(/ REJECT\n", StandardCharsets.UTF_8);
        Thread.sleep(1500);
        assertThat(rcpt("127.0.0.3", "mail.example.org", "late@spammer.test", ALICE).line())
            .as("a broken edit keeps the last good table")
            .isEqualTo("554 5.7.1 <late@spammer.test>: Sender address rejected: Edited while running");
    }
}
