package org.jamesantispam.it.contentfilter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.jamesantispam.it.james.AntispamJames.PASSWORD;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.james.GuiceJamesServer;
import org.apache.james.JamesServerExtension;
import org.apache.james.utils.DataProbeImpl;
import org.awaitility.Awaitility;
import org.jamesantispam.it.clients.ImapReader;
import org.jamesantispam.it.clients.SmtpClient;
import org.jamesantispam.it.clients.SmtpReply;
import org.jamesantispam.it.clients.WebAdminClient;
import org.jamesantispam.it.james.AntispamJames;
import org.jamesantispam.it.james.JamesConf;
import org.jamesantispam.it.services.SpamdExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The reference content filter (james-conf: ScoreWithSpamd, tag -999 / tag2 3.0 / kill 5.0,
 * subject tags, quarantine + forward to spam-quarantine@, notice to spamalert@ from postmaster@,
 * D_DISCARD) in a real James with a real spamd. The only edits: spamd's port; list entries the
 * guide leaves empty (spam lover lover@, allow-listed friend@partner.test, block-listed
 * .blocked.test); a DSN cut-off of 50; and per-recipient destinies D_PASS for pass@ and D_BOUNCE
 * for bounce@ (everyone else keeps D_DISCARD).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ContentFilterTest {
    private static final String INTERNET = "127.0.0.2";
    private static final String QUARANTINE = "spam-quarantine@example.test";
    private static final String SPAMALERT = "spamalert@example.test";
    private static final String[] USERS = {"ham@example.test", "borderline@example.test", "gtube@example.test", "mixed@example.test",
        "lover@example.test", "allow@example.test", "block@example.test", "pass@example.test", "bounce@example.test",
        "sender@example.test", "unchecked@example.test", "forged@example.test"};

    /**
     * Every test client connects from 127.0.0.x, which SpamAssassin always trusts, so ALL_TRUSTED
     * (-1.0) would hit every message: it never does for real internet clients, so it is neutralised.
     */
    static final String NO_LOOPBACK_TRUST = "score ALL_TRUSTED 0";

    @RegisterExtension
    @Order(1)
    static SpamdExtension spamd = SpamdExtension.builder().extraConfig(NO_LOOPBACK_TRUST).build();

    @RegisterExtension
    @Order(2)
    static JamesServerExtension james = AntispamJames.extension(JamesConf.reference()
        .spamd(spamd::port)
        .replace("mailetcontainer.xml", "<dsnCutoffLevel>10</dsnCutoffLevel>", "<dsnCutoffLevel>50</dsnCutoffLevel>"
            + "<spamLovers>lover@example.test</spamLovers><allowSenders>friend@partner.test</allowSenders>"
            + "<blockSenders>.blocked.test</blockSenders>")
        .replace("mailetcontainer.xml", "<mailet match=\"All\" class=\"org.jamesantispam.mailets.ApplySpamDestiny\">",
            "<mailet match=\"RecipientIs=pass@example.test\" class=\"org.jamesantispam.mailets.ApplySpamDestiny\"><destiny>D_PASS</destiny></mailet>"
                + "<mailet match=\"RecipientIs=bounce@example.test\" class=\"org.jamesantispam.mailets.ApplySpamDestiny\"><destiny>D_BOUNCE</destiny></mailet>"
                + "<mailet match=\"All\" class=\"org.jamesantispam.mailets.ApplySpamDestiny\">"));

    private static int smtp;
    private static int imap;
    private static WebAdminClient webAdmin;

    @BeforeAll
    static void setUp(GuiceJamesServer server) throws Exception {
        AntispamJames.addDemoUsers(server);
        DataProbeImpl probe = server.getProbe(DataProbeImpl.class);
        for (String user : USERS) {
            probe.addUser(user, PASSWORD);
        }
        smtp = AntispamJames.smtpPort(server);
        imap = AntispamJames.imapPort(server);
        webAdmin = new WebAdminClient(AntispamJames.webAdminPort(server));
    }

    private static void send(String sender, String message, String... recipients) {
        try (SmtpClient client = SmtpClient.connect(INTERNET, smtp)) {
            SmtpReply reply = client.send("mail.example.org", sender, message, recipients);
            assertThat(reply.code()).as(reply.line()).isEqualTo(250);
        }
    }

    private static ImapReader imap(String user) {
        return ImapReader.login(imap, user, PASSWORD);
    }

    /** The only message of {@code user}'s INBOX, header lines unfolded. */
    private static String only(String user) {
        try (ImapReader reader = imap(user)) {
            return unfolded(reader.awaitMessages("INBOX", 1).firstMessage());
        }
    }

    private static String unfolded(String message) {
        return message.replaceAll("\r\n[ \t]+", " ");
    }

    private static String quarantineIdOf(String message) {
        Matcher matcher = Pattern.compile("X-Quarantine-ID: <(spam-[A-Za-z0-9]{12})>").matcher(message);
        assertThat(matcher.find()).as("X-Quarantine-ID in %s", message).isTrue();
        return matcher.group(1);
    }

    private static final String QUARANTINE_REPOSITORY = "/mailRepositories/" + URLEncoder.encode("var/mail/quarantine/", StandardCharsets.UTF_8);

    @Test
    @Order(1)
    void hamIsDeliveredWithSpamStatusNo() {
        send("alice@example.org", Samples.ham("ham for you"), "ham@example.test");
        String delivered = only("ham@example.test");
        assertThat(delivered).contains("Subject: ham for you")
            .contains("X-Spam-Flag: NO")
            .containsPattern("X-Spam-Status: No, score=-?\\d+\\.\\d+ tagged_above=-999\\.0 required=3\\.0")
            .contains("X-Spam-Score: ")
            .contains("Message-ID: " + Samples.messageId("ham for you"));
    }

    @Test
    @Order(2)
    void borderlineIsDeliveredTaggedOnce() {
        send("alice@example.org", Samples.borderline("***Posible SPAM*** minutes"), "borderline@example.test");
        String delivered = only("borderline@example.test");
        assertThat(delivered).contains("Subject: ***Posible SPAM*** minutes\r\n")
            .doesNotContain("***Posible SPAM*** ***Posible SPAM***")
            .contains("X-Spam-Flag: YES")
            .containsPattern("X-Spam-Score: [34]\\.\\d+")
            .containsPattern("X-Spam-Level: \\*\\*\\*\\*?\r\n")
            .containsPattern("X-Spam-Status: Yes, score=[34]\\.\\d+ tagged_above=-999\\.0 required=3\\.0 tests=\\[[^]]*ANTISPAM_TEST_BORDERLINE");
    }

    @Test
    @Order(3)
    void gtubeIsDiscardedQuarantinedForwardedWithItsSenderAndNotified() {
        String subject = "gtube for gtube@";
        send("spammer@example.org", Samples.gtube(subject), "gtube@example.test");

        String forwarded;
        try (ImapReader reader = imap(QUARANTINE)) {
            forwarded = unfolded(reader.awaitMessageContaining("INBOX", "Subject: ***Posible SPAM*** " + subject));
        }
        assertThat(forwarded).contains("Return-Path: <spammer@example.org>")
            .contains("X-Envelope-From: <spammer@example.org>")
            .contains("X-Envelope-To: <gtube@example.test>")
            .contains("X-Spam-Flag: YES")
            .containsPattern("X-Spam-Score: 10\\d\\d\\.\\d")
            .contains("XJS*C4JDBQADN1.NSBN3*2IDNEN*GTUBE-STANDARD-ANTI-UBE-TEST-EMAIL*C.34X");
        String id = quarantineIdOf(forwarded);

        String notice;
        try (ImapReader reader = imap(SPAMALERT)) {
            notice = reader.awaitMessageContaining("INBOX", id);
        }
        assertThat(notice).contains("From: postmaster@example.test")
            .contains("Subject: SPAM from [" + INTERNET + "] <spammer@example.org>")
            .contains("Client:        [" + INTERNET + "] (helo mail.example.org)")
            .contains("Sender:        <spammer@example.org>")
            .contains("Recipients:    <gtube@example.test>")
            .containsPattern("Score:         10\\d\\d\\.\\d+ \\(kill level 5\\.0\\)")
            .contains("GTUBE")
            .contains("Quarantine ID: " + id);

        String stored = webAdmin.get(QUARANTINE_REPOSITORY + "/mails/" + id + "?additionalFields=attributes,headers").body();
        assertThat(stored).contains("\"sender\":\"spammer@example.org\"").contains("gtube@example.test")
            .contains("org.jamesantispam.spam.score").contains("GTUBE");

        try (ImapReader reader = imap("gtube@example.test")) {
            assertThat(reader.count("INBOX")).as("discarded: nothing for the recipient").isZero();
        }
    }

    @Test
    @Order(4)
    void aSpamLoverGetsTheSpamTaggedWhileTheOtherRecipientsCopyIsBlocked() {
        String subject = "split between a lover and a hater";
        send("someone@example.org", Samples.spam(subject), "mixed@example.test", "lover@example.test");

        String loved = only("lover@example.test");
        assertThat(loved).contains("Subject: ***Posible SPAM*** " + subject)
            .contains("X-Spam-Flag: YES")
            .containsPattern("X-Spam-Status: Yes, score=1[2-9]\\.\\d+");
        try (ImapReader reader = imap(QUARANTINE)) {
            String quarantined = reader.awaitMessageContaining("INBOX", subject);
            assertThat(quarantined).contains("X-Envelope-To: <mixed@example.test>").doesNotContain("X-Envelope-To: <lover@example.test>");
        }
        try (ImapReader reader = imap(SPAMALERT)) {
            assertThat(reader.awaitMessageContaining("INBOX", subject)).contains("Recipients:    <mixed@example.test>\r\n");
        }
        try (ImapReader reader = imap("mixed@example.test")) {
            assertThat(reader.count("INBOX")).isZero();
        }
    }

    @Test
    @Order(5)
    void anAllowListedSenderIsDeliveredEvenWithGtube() {
        send("friend@partner.test", Samples.gtube("from a friend"), "allow@example.test");
        String delivered = only("allow@example.test");
        assertThat(delivered).contains("Subject: from a friend\r\n")
            .contains("X-Spam-Flag: NO")
            .containsPattern("X-Spam-Status: No,[^\r]*listed=allow");
    }

    @Test
    @Order(6)
    void aBlockListedSenderIsBlockedEvenWithHam() {
        String subject = "ham from a blocked domain";
        send("someone@mx.blocked.test", Samples.ham(subject), "block@example.test");
        try (ImapReader reader = imap(SPAMALERT)) {
            assertThat(reader.awaitMessageContaining("INBOX", subject)).contains("Sender list:   block list");
        }
        try (ImapReader reader = imap(QUARANTINE)) {
            assertThat(reader.awaitMessageContaining("INBOX", subject)).contains("listed=block").contains("X-Spam-Flag: YES");
        }
        try (ImapReader reader = imap("block@example.test")) {
            assertThat(reader.count("INBOX")).isZero();
        }
    }

    @Test
    @Order(7)
    void destinyPassDeliversTaggedAfterQuarantine() {
        String subject = "spam passed to pass@";
        send("someone@example.org", Samples.spam(subject), "pass@example.test");
        assertThat(only("pass@example.test")).contains("Subject: ***Posible SPAM*** " + subject).contains("X-Spam-Flag: YES");
        try (ImapReader reader = imap(QUARANTINE)) {
            assertThat(reader.awaitMessageContaining("INBOX", subject)).contains("X-Envelope-To: <pass@example.test>");
        }
    }

    @Test
    @Order(8)
    void destinyBounceSendsADsnToTheSenderButNotForJunkPrecedence() {
        String subject = "spam bounced to its sender";
        send("sender@example.test", Samples.spam(subject), "bounce@example.test");
        String dsn = only("sender@example.test");
        assertThat(dsn).contains("Return-Path: <>")
            .contains("Subject: Undelivered Mail Returned to Sender")
            .contains("multipart/report")
            .contains("Final-Recipient: rfc822; bounce@example.test")
            .contains("Status: 5.7.0")
            .contains("Diagnostic-Code: smtp; 554 5.7.0 Reject, id=")
            .contains(subject)
            .doesNotContain("Hi Bob");

        String junk = "spam with precedence junk";
        send("sender@example.test", Samples.withHeaders(Samples.spam(junk), "Precedence: junk"), "bounce@example.test");
        try (ImapReader reader = imap(SPAMALERT)) {
            reader.awaitMessageContaining("INBOX", junk);
        }
        Awaitility.await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(10)).until(() -> {
            try (ImapReader reader = imap("sender@example.test")) {
                return reader.count("INBOX") == 1;
            }
        });
        try (ImapReader reader = imap("bounce@example.test")) {
            assertThat(reader.count("INBOX")).isZero();
        }
    }

    @Test
    @Order(9)
    void forgedSpamHeadersAreReplacedByOurs() {
        send("alice@example.org", Samples.withHeaders(Samples.ham("forged headers"), "X-Spam-Flag: YES", "X-Spam-Status: Yes, score=99"),
            "forged@example.test");
        String delivered = only("forged@example.test");
        assertThat(delivered).contains("X-Spam-Flag: NO").doesNotContain("X-Spam-Flag: YES").doesNotContain("score=99");
    }

    @Test
    @Order(10)
    void whenSpamdStopsMailIsDeliveredUncheckedAndCounted() {
        spamd.stop();
        try {
            send("alice@example.org", Samples.gtube("while spamd is down"), "unchecked@example.test");
            String delivered = only("unchecked@example.test");
            assertThat(delivered).contains("Subject: ***UNCHECKED*** while spamd is down\r\n")
                .contains("X-Spam-Flag: NO")
                .containsPattern("X-Spam-Status: No,[^\r]*unchecked=unreachable");
            assertThat(webAdmin.get("/metrics").body()).containsPattern("antispam_spamd_unchecked(_total)? [1-9]");
        } finally {
            spamd.start();
        }
    }

    @Test
    @Order(11)
    void quarantineRepositoryListsTheBlockedMessages() {
        List<String> expected = List.of("spam-");
        assertThat(webAdmin.get(QUARANTINE_REPOSITORY + "/mails").body()).contains(expected.get(0));
    }
}
