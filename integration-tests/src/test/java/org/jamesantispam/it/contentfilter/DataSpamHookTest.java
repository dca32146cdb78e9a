package org.jamesantispam.it.contentfilter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.jamesantispam.it.james.AntispamJames.PASSWORD;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Duration;

import org.apache.james.GuiceJamesServer;
import org.apache.james.JamesServerExtension;
import org.apache.james.utils.DataProbeImpl;
import org.awaitility.Awaitility;
import org.jamesantispam.it.clients.ImapReader;
import org.jamesantispam.it.clients.SmtpClient;
import org.jamesantispam.it.clients.SmtpReply;
import org.jamesantispam.it.james.AntispamJames;
import org.jamesantispam.it.james.JamesConf;
import org.jamesantispam.it.services.SpamdExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code $final_spam_destiny = D_REJECT}: the reference configuration with the end-of-DATA hook
 * {@code DataSpamHook} enabled (as smtpserver.xml's comment explains, plus
 * {@code tempFailOnError}), {@code ApplySpamDestiny} set to D_REJECT, a spam lover and a DSN
 * cut-off of 50. Real James, real spamd.
 */
class DataSpamHookTest {
    private static final String INTERNET = "127.0.0.2";
    private static final String TRUSTED = "127.0.0.1";

    @RegisterExtension
    @Order(1)
    static SpamdExtension spamd = SpamdExtension.builder().extraConfig(ContentFilterTest.NO_LOOPBACK_TRUST).build();

    @RegisterExtension
    @Order(2)
    static JamesServerExtension james = AntispamJames.extension(JamesConf.reference()
        .replace("smtpserver.xml", "127.0.0.1:7830", () -> "127.0.0.1:" + spamd.port())
        .replace("smtpserver.xml", "<!-- DataSpamHook: BEGIN (disabled)", "<!-- DataSpamHook: enabled -->")
        .replace("smtpserver.xml", "DataSpamHook: END (disabled) -->", "")
        .replace("smtpserver.xml", "<tempFailOnError>false</tempFailOnError>", "<tempFailOnError>true</tempFailOnError>"
            + "<spamLovers>lover@example.test</spamLovers>")
        .spamd(spamd::port)
        .replace("mailetcontainer.xml", "<dsnCutoffLevel>10</dsnCutoffLevel>", "<dsnCutoffLevel>50</dsnCutoffLevel><spamLovers>lover@example.test</spamLovers>")
        .replace("mailetcontainer.xml", "<destiny>D_DISCARD</destiny>", "<destiny>D_REJECT</destiny>"));

    private static int smtp;
    private static int imap;

    @BeforeAll
    static void setUp(GuiceJamesServer server) throws Exception {
        AntispamJames.addDemoUsers(server);
        DataProbeImpl probe = server.getProbe(DataProbeImpl.class);
        for (String user : new String[] {"victim@example.test", "sender@example.test", "ham@example.test", "mixed@example.test",
            "lover@example.test", "local@example.test"}) {
            probe.addUser(user, PASSWORD);
        }
        smtp = AntispamJames.smtpPort(server);
        imap = AntispamJames.imapPort(server);
    }

    private static SmtpReply send(String source, String sender, String message, String... recipients) {
        try (SmtpClient client = SmtpClient.connect(source, smtp)) {
            return client.send("mail.example.org", sender, message, recipients);
        }
    }

    private static long count(String user) {
        try (ImapReader reader = ImapReader.login(imap, user, PASSWORD)) {
            return reader.count("INBOX");
        }
    }

    private static long spamdResults() {
        try {
            return Files.readAllLines(spamd.logFile()).stream().filter(line -> line.contains("spamd: result:")).count();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void spamIsRefusedInTheDialogueAndNothingIsBouncedQuarantinedOrDelivered() {
        SmtpReply reply = send(INTERNET, "sender@example.test", Samples.gtube("rejected gtube"), "victim@example.test");

        assertThat(reply.line()).matches("554 5\\.7\\.0 Reject, id=Mail\\S+ - SPAM");
        Awaitility.await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(10))
            .until(() -> count("victim@example.test") == 0 && count("sender@example.test") == 0
                && count("spam-quarantine@example.test") == 0 && count("spamalert@example.test") == 0);
    }

    @Test
    void hamIsAcceptedAndScannedOnlyOnce() {
        long before = spamdResults();
        SmtpReply reply = send(INTERNET, "alice@example.org", Samples.ham("ham through the hook"), "ham@example.test");
        assertThat(reply.code()).as(reply.line()).isEqualTo(250);
        try (ImapReader reader = ImapReader.login(imap, "ham@example.test", PASSWORD)) {
            assertThat(reader.awaitMessages("INBOX", 1).firstMessage()).contains("Subject: ham through the hook")
                .contains("X-Spam-Flag: NO").contains("X-Spam-Status: No, score=");
        }
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> spamdResults() >= before + 1);
        assertThat(spamdResults()).as("one spamd scan for the hook and the mailet together").isEqualTo(before + 1);
    }

    @Test
    void withASpamLoverAmongTheRecipientsTheMessageIsAcceptedAndSplit() {
        String subject = "spam for a lover and a hater";
        SmtpReply reply = send(INTERNET, "local@example.test", Samples.spam(subject), "mixed@example.test", "lover@example.test");
        assertThat(reply.code()).as(reply.line()).isEqualTo(250);

        try (ImapReader reader = ImapReader.login(imap, "lover@example.test", PASSWORD)) {
            assertThat(reader.awaitMessages("INBOX", 1).firstMessage()).contains("Subject: ***Posible SPAM*** " + subject);
        }
        try (ImapReader reader = ImapReader.login(imap, "local@example.test", PASSWORD)) {
            assertThat(reader.awaitMessageContaining("INBOX", "Final-Recipient: rfc822; mixed@example.test"))
                .as("past the dialogue, D_REJECT becomes D_BOUNCE, as in amavis").contains("Status: 5.7.0");
        }
        assertThat(count("mixed@example.test")).isZero();
    }

    @Test
    void trustedClientsAreNotScannedAtData() {
        SmtpReply reply = send(TRUSTED, "local@example.test", Samples.gtube("gtube from the gateway itself"), "victim@example.test");
        assertThat(reply.code()).as("the hook skips mynetworks; the mailet pipeline still blocks it").isEqualTo(250);
        try (ImapReader reader = ImapReader.login(imap, "spamalert@example.test", PASSWORD)) {
            assertThat(reader.awaitMessageContaining("INBOX", "gtube from the gateway itself")).contains("Client:        [127.0.0.1]");
        }
    }

    @Test
    void whenSpamdIsDownTheClientIsAskedToRetryLater() {
        spamd.stop();
        try {
            SmtpReply reply = send(INTERNET, "alice@example.org", Samples.ham("deferred while spamd is down"), "ham@example.test");
            assertThat(reply.line()).matches("451 4\\.3\\.0 Content filter unavailable, try again later, id=Mail\\S+");
        } finally {
            spamd.start();
        }
        SmtpReply retry = send(INTERNET, "alice@example.org", Samples.ham("accepted once spamd is back"), "victim@example.test");
        assertThat(retry.code()).as(retry.line()).isEqualTo(250);
    }
}
