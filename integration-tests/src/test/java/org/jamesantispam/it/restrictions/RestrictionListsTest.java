package org.jamesantispam.it.restrictions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.jamesantispam.it.james.AntispamJames.ALICE;
import static org.jamesantispam.it.james.AntispamJames.PASSWORD;

import org.apache.james.GuiceJamesServer;
import org.apache.james.JamesServerExtension;
import org.jamesantispam.it.clients.ImapReader;
import org.jamesantispam.it.clients.SmtpClient;
import org.jamesantispam.it.clients.SmtpReply;
import org.jamesantispam.it.clients.WebAdminClient;
import org.jamesantispam.it.james.AntispamJames;
import org.jamesantispam.it.james.JamesConf;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Restriction lists with {@code smtpd_delay_reject = yes} in a real James: every list answers at
 * RCPT TO with Postfix's reply; trusted networks come from our own {@code mynetworks} (127.0.0.9 is
 * trusted by it, not by James' authorizedAddresses); restriction classes are evaluated by name.
 */
class RestrictionListsTest {
    @RegisterExtension
    static JamesServerExtension james = AntispamJames.extension(JamesConf.reference().withoutContentFilter().restrictions("""
        <smtpd_delay_reject>yes</smtpd_delay_reject>
        <mynetworks>127.0.0.1/32, 127.0.0.9</mynetworks>
        <restriction_class name="restrictive">reject_non_fqdn_sender, reject_non_fqdn_helo_hostname</restriction_class>
        <smtpd_client_restrictions>permit_mynetworks</smtpd_client_restrictions>
        <smtpd_helo_restrictions>permit_mynetworks, reject_invalid_helo_hostname</smtpd_helo_restrictions>
        <smtpd_sender_restrictions>permit_mynetworks, restrictive</smtpd_sender_restrictions>
        <smtpd_recipient_restrictions>permit_mynetworks, reject_non_fqdn_recipient, reject_unauth_destination</smtpd_recipient_restrictions>
        """)
        .replace("mailetcontainer.xml", "            <mailet match=\"All\" class=\"ToProcessor\">\n                <processor>transport</processor>",
            """
                        <mailet match="org.jamesantispam.matchers.IsRefusedBySmtpRestrictions=reject_non_fqdn_helo_hostname" class="ToRepository">
                            <repositoryPath>memory://var/mail/suspect/</repositoryPath>
                        </mailet>
                        <mailet match="All" class="ToProcessor">
                            <processor>transport</processor>"""));

    private static int smtp;
    private static int imap;
    private static WebAdminClient webAdmin;

    @BeforeAll
    static void setUp(GuiceJamesServer server) throws Exception {
        AntispamJames.addDemoUsers(server);
        smtp = AntispamJames.smtpPort(server);
        imap = AntispamJames.imapPort(server);
        webAdmin = new WebAdminClient(AntispamJames.webAdminPort(server));
    }

    private static SmtpReply rcpt(String client, String helo, String sender, String recipient) {
        try (SmtpClient smtpClient = SmtpClient.connect(client, smtp)) {
            assertThat(smtpClient.command("EHLO " + helo).code()).isEqualTo(250);
            assertThat(smtpClient.command("MAIL FROM:<" + sender + ">").code()).isEqualTo(250);
            return smtpClient.command("RCPT TO:<" + recipient + ">");
        }
    }

    @Test
    void heloChecksAnswerAtRcpt() {
        assertThat(rcpt("127.0.0.2", "bad_.-helo", "bob@example.org", ALICE).line())
            .isEqualTo("501 5.5.2 <bad_.-helo>: Helo command rejected: Invalid name");
    }

    @Test
    void aRestrictionClassRefusesANonFqdnHeloName() {
        assertThat(rcpt("127.0.0.2", "localhost", "bob@example.org", ALICE).line())
            .isEqualTo("504 5.5.2 <localhost>: Helo command rejected: need fully-qualified hostname");
    }

    @Test
    void aRestrictionClassRefusesANonFqdnSender() {
        assertThat(rcpt("127.0.0.2", "mail.example.org", "bob@localhost", ALICE).line())
            .isEqualTo("504 5.5.2 <bob@localhost>: Sender address rejected: need fully-qualified address");
    }

    @Test
    void nonFqdnRecipientIsRefused() {
        assertThat(rcpt("127.0.0.2", "mail.example.org", "bob@example.org", "alice@localhost").line())
            .isEqualTo("504 5.5.2 <alice@localhost>: Recipient address rejected: need fully-qualified address");
    }

    @Test
    void relayIsRefusedToUntrustedClients() {
        assertThat(rcpt("127.0.0.2", "mail.example.org", "bob@example.org", "x@other.test").line())
            .isEqualTo("554 5.7.1 <x@other.test>: Relay access denied");
    }

    @Test
    void ourMynetworksTrustsClientsThatSkipEveryList() {
        // 127.0.0.9 is in <mynetworks>: invalid HELO, non-FQDN sender pass; it is not in James'
        // authorizedAddresses, so James' own relay check still applies to it afterwards.
        assertThat(rcpt("127.0.0.9", "bad..helo", "bob@localhost", ALICE).code()).isEqualTo(250);
        assertThat(rcpt("127.0.0.9", "bad..helo", "bob@localhost", "x@other.test").line())
            .startsWith("550 5.7.1").contains("relaying denied");
    }

    @Test
    void aCleanUntrustedClientIsDelivered() {
        try (SmtpClient client = SmtpClient.connect("127.0.0.2", smtp)) {
            SmtpReply reply = client.send("mail.example.org", "bob@example.org",
                "From: bob@example.org\r\nTo: alice@example.test\r\nSubject: restrictions passed\r\n\r\nhello\r\n", ALICE);
            assertThat(reply.code()).isEqualTo(250);
        }
        try (ImapReader reader = ImapReader.login(imap, ALICE, PASSWORD)) {
            assertThat(reader.awaitMessages("INBOX", 1).firstMessage()).contains("Subject: restrictions passed");
        }
    }

    @Test
    void theMatcherFormSendsWhatTheListWouldRefuseToARepository() {
        // 127.0.0.9 is trusted by the hook's <mynetworks>, so its non-FQDN HELO passes the dialogue;
        // James does not count it as an authorized network, so the matcher evaluates the list.
        try (SmtpClient client = SmtpClient.connect("127.0.0.9", smtp)) {
            SmtpReply reply = client.send("localhost", "bob@example.org",
                "From: bob@example.org\r\nTo: alice@example.test\r\nSubject: suspect\r\n\r\nhello\r\n", ALICE);
            assertThat(reply.code()).isEqualTo(250);
        }
        Awaitility.await().atMost(java.time.Duration.ofSeconds(30)).untilAsserted(() ->
            assertThat(webAdmin.get("/mailRepositories/var%2Fmail%2Fsuspect%2F/mails").body()).matches("\\[\".+\"\\]"));
    }
}
