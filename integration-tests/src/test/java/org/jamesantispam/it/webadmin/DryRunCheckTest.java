package org.jamesantispam.it.webadmin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.jamesantispam.it.james.AntispamJames.ALICE;
import static org.jamesantispam.it.james.AntispamJames.PASSWORD;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.james.GuiceJamesServer;
import org.apache.james.JamesServerExtension;
import org.awaitility.Awaitility;
import org.jamesantispam.it.clients.ImapReader;
import org.jamesantispam.it.clients.SmtpClient;
import org.jamesantispam.it.clients.SmtpReply;
import org.jamesantispam.it.clients.WebAdminClient;
import org.jamesantispam.it.james.AntispamJames;
import org.jamesantispam.it.james.JamesConf;
import org.jamesantispam.it.services.RbldnsdExtension;
import org.jamesantispam.it.services.SpamdExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * {@code POST /antispam/check} on the reference configuration in a real James, with a real rbldnsd
 * (bl.example.test lists 127.0.0.2) and a real spamd: for each case the dry run's answer is compared
 * with what the real flow then does with the same client, HELO, envelope and message (SMTP replies,
 * IMAP mailboxes, the quarantine repository), and a dry run is shown to deliver, store and count
 * nothing.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DryRunCheckTest {
    private static final String INTERNET = "127.0.0.3";
    private static final String LISTED = "127.0.0.2";
    private static final String HELO = "mail.example.org";
    private static final String SENDER = "bob@example.org";
    private static final String QUARANTINE_MAILBOX = "spam-quarantine@example.test";
    private static final String QUARANTINE_REPOSITORY = "/mailRepositories/" + URLEncoder.encode("var/mail/quarantine/", StandardCharsets.UTF_8) + "/mails";
    private static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    @Order(1)
    static RbldnsdExtension blocklist = RbldnsdExtension.builder()
        .ip4set("bl.example.test", ":127.0.0.2:Listed by bl.example.test, see http://bl.example.test/query?ip=$", "127.0.0.2")
        .build();

    /** Test clients connect from 127.0.0.x, which SpamAssassin always trusts: ALL_TRUSTED neutralised (see ContentFilterTest). */
    @RegisterExtension
    @Order(2)
    static SpamdExtension spamd = SpamdExtension.builder().extraConfig("score ALL_TRUSTED 0").build();

    @RegisterExtension
    @Order(3)
    static JamesServerExtension james = AntispamJames.extension(JamesConf.reference()
        .dnsblResolver(blocklist::port)
        .spamd(spamd::port));

    private static int smtp;
    private static int imap;
    private static int webAdminPort;
    private static WebAdminClient webAdmin;

    @BeforeAll
    static void setUp(GuiceJamesServer server) throws Exception {
        AntispamJames.addDemoUsers(server);
        smtp = AntispamJames.smtpPort(server);
        imap = AntispamJames.imapPort(server);
        webAdminPort = AntispamJames.webAdminPort(server);
        webAdmin = new WebAdminClient(webAdminPort);
    }

    // ----- helpers

    private static HttpResponse<String> post(String query, byte[] body) {
        return post(query, body, "message/rfc822");
    }

    private static HttpResponse<String> post(String query, byte[] body, String contentType) {
        try {
            return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + webAdminPort + "/antispam/check?" + query))
                .timeout(Duration.ofSeconds(90))
                .header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The dry run of (ip, HELO, sender, alice) with {@code message}: asserts 200, returns the answer. */
    private static JsonNode dryRun(String ip, String message) throws Exception {
        HttpResponse<String> response = post("ip=" + ip + "&helo=" + HELO + "&sender=" + SENDER + "&recipient=" + ALICE,
            message.getBytes(StandardCharsets.UTF_8));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    private static JsonNode alice(JsonNode answer) {
        JsonNode recipient = answer.get("recipients").get(0);
        assertThat(recipient.get("recipient").asText()).isEqualTo(ALICE);
        return recipient;
    }

    private static SmtpReply send(String ip, String message) {
        try (SmtpClient client = SmtpClient.connect(ip, smtp)) {
            return client.send(HELO, SENDER, message, ALICE);
        }
    }

    private static long inbox(String user) {
        try (ImapReader reader = ImapReader.login(imap, user, PASSWORD)) {
            return reader.count("INBOX");
        }
    }

    private static int quarantined() throws Exception {
        return JSON.readTree(webAdmin.get(QUARANTINE_REPOSITORY).body()).size();
    }

    private static double metric(String name) {
        Matcher matcher = Pattern.compile("(?m)^" + name + "(?:_total)? ([0-9.eE+-]+)$").matcher(webAdmin.get("/metrics").body());
        return matcher.find() ? Double.parseDouble(matcher.group(1)) : 0;
    }

    private static String sample(String name, String subject) {
        try (InputStream in = DryRunCheckTest.class.getResourceAsStream("/spamassassin/samples/" + name)) {
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8).replace("\r\n", "\n").replace("\n", "\r\n");
            return text.replaceFirst("(?m)^Subject: .*$", "Subject: " + subject)
                .replaceFirst("(?m)^Date: .*$", "Date: " + DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.now()))
                .replaceFirst("(?m)^Message-ID: .*$", "Message-ID: <" + subject.replace(' ', '-') + "@test.example.org>");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Nothing a dry run could have delivered or stored shows up within a while (the pipeline is asynchronous). */
    private static void assertStillNothingNewAfterAWhile(long alice, long quarantineMailbox, int repository) throws Exception {
        Thread.sleep(2000);
        assertThat(inbox(ALICE)).isEqualTo(alice);
        assertThat(inbox(QUARANTINE_MAILBOX)).isEqualTo(quarantineMailbox);
        assertThat(quarantined()).isEqualTo(repository);
    }

    // ----- tests

    @Test
    @Order(1)
    void badRequestsAreJsonErrorsNamingTheParameter() throws Exception {
        byte[] message = sample("ham.eml", "bad request").getBytes(StandardCharsets.UTF_8);
        HttpResponse<String> badIp = post("ip=not-an-ip&recipient=" + ALICE, message);
        assertThat(badIp.statusCode()).isEqualTo(400);
        JsonNode error = JSON.readTree(badIp.body());
        assertThat(error.get("statusCode").asInt()).isEqualTo(400);
        assertThat(error.get("type").asText()).isEqualTo("InvalidArgument");
        assertThat(error.get("message").asText()).startsWith("ip: 'not-an-ip' is not an IP address");

        assertThat(post("ip=192.0.2.1", message).body()).contains("recipient: missing");
        assertThat(post("ip=192.0.2.1&recipient=alice", message).body()).contains("recipient: 'alice' is not a mail address");
        assertThat(post("ip=192.0.2.1&recipient=" + ALICE + "&sender=bob@@x", message).body()).contains("sender: ");
        assertThat(post("ip=192.0.2.1&recipient=" + ALICE, new byte[0]).body()).contains("body: empty");

        // curl --data-binary's default Content-Type: James' request logging has read the body as a form.
        HttpResponse<String> form = post("ip=192.0.2.1&recipient=" + ALICE, message, "application/x-www-form-urlencoded");
        assertThat(form.statusCode()).isEqualTo(415);
        assertThat(JSON.readTree(form.body()).get("message").asText()).contains("Content-Type: message/rfc822");

        HttpResponse<String> tooLarge = post("ip=192.0.2.1&recipient=" + ALICE, new byte[10 * 1024 * 1024 + 1]);
        assertThat(tooLarge.statusCode()).isEqualTo(413);
        assertThat(JSON.readTree(tooLarge.body()).get("message").asText()).startsWith("body: the message has 10485761 bytes");
    }

    @Test
    @Order(2)
    void aDnsblListedClientIsRefusedAtRcptWithTheSameReply() throws Exception {
        JsonNode answer = dryRun(LISTED, sample("ham.eml", "listed client"));

        JsonNode alice = alice(answer);
        assertThat(alice.get("action").asText()).isEqualTo("REJECT");
        assertThat(alice.get("stage").asText()).isEqualTo("rcpt");
        assertThat(alice.get("check").asText()).isEqualTo("reject_rbl_client bl.example.test");
        String dryReply = alice.get("reply").asText();
        assertThat(dryReply).startsWith("554 5.7.1 Service unavailable; Client host [127.0.0.2] blocked using bl.example.test");
        assertThat(answer.get("checks").get(0).get("list").asText()).isEqualTo("smtpd_helo_restrictions");
        assertThat(answer.get("spam").get("status").asText()).as("never reaches DATA").isEqualTo("NOT_SCANNED");

        SmtpReply real = send(LISTED, sample("ham.eml", "listed client"));
        assertThat(real.line()).isEqualTo(dryReply);
    }

    @Test
    @Order(3)
    void aHeaderChecksRejectIsRefusedAtDataWithTheSameReply() throws Exception {
        String message = sample("ham.eml", "Make Money fast");
        JsonNode alice = alice(dryRun(INTERNET, message));

        assertThat(alice.get("action").asText()).isEqualTo("REJECT");
        assertThat(alice.get("stage").asText()).isEqualTo("data");
        assertThat(alice.get("component").asText()).isEqualTo("org.jamesantispam.smtp.ContentChecksHook");
        assertThat(alice.get("check").asText()).matches("header_checks .*/conf/header_checks:\\d+");
        assertThat(alice.get("reply").asText()).isEqualTo("550 5.7.1 message content rejected");

        assertThat(send(INTERNET, message).line()).isEqualTo(alice.get("reply").asText());
    }

    @Test
    @Order(4)
    void gtubeIsSpamQuarantinedAndDiscardedAndTheDryRunStoresNothing() throws Exception {
        long aliceBefore = inbox(ALICE);
        long quarantineMailboxBefore = inbox(QUARANTINE_MAILBOX);
        int repositoryBefore = quarantined();
        String message = sample("gtube.eml", "gtube dry run");

        JsonNode answer = dryRun(INTERNET, message);

        JsonNode alice = alice(answer);
        assertThat(alice.get("action").asText()).isEqualTo("DISCARD");
        assertThat(alice.get("stage").asText()).isEqualTo("spam");
        assertThat(alice.get("component").asText()).isEqualTo("org.jamesantispam.mailets.ApplySpamDestiny");
        assertThat(alice.get("detail").asText()).isEqualTo("D_DISCARD");
        assertThat(alice.get("verdict").asText()).isEqualTo("SPAM");
        assertThat(alice.get("score").asDouble()).isGreaterThanOrEqualTo(1000);
        assertThat(alice.get("quarantined").asBoolean()).isTrue();
        assertThat(alice.get("quarantine").asText()).isEqualTo("file://var/mail/quarantine/, forwarded to " + QUARANTINE_MAILBOX);
        JsonNode spam = answer.get("spam");
        assertThat(spam.get("status").asText()).isEqualTo("SCANNED");
        assertThat(spam.get("rules").findValuesAsText("name")).contains("GTUBE");
        assertThat(answer.get("components").toString()).isEqualTo("[\"org.jamesantispam.smtp.SmtpdRestrictionsHook\","
            + "\"org.jamesantispam.smtp.ContentChecksHook\",\"org.jamesantispam.smtp.BannedAttachmentHook\","
            + "\"org.jamesantispam.mailets.ApplyContentChecks\",\"org.jamesantispam.mailets.ScoreWithSpamd\","
            + "\"org.jamesantispam.mailets.Quarantine\",\"org.jamesantispam.mailets.ApplySpamDestiny\"]");
        assertStillNothingNewAfterAWhile(aliceBefore, quarantineMailboxBefore, repositoryBefore);

        assertThat(send(INTERNET, message).code()).isEqualTo(250);
        Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertThat(quarantined()).isEqualTo(repositoryBefore + 1);
            assertThat(inbox(QUARANTINE_MAILBOX)).isEqualTo(quarantineMailboxBefore + 1);
        });
        try (ImapReader reader = ImapReader.login(imap, QUARANTINE_MAILBOX, PASSWORD)) {
            String copy = reader.messagesContaining("INBOX", "gtube dry run").get(0).replaceAll("\r\n[ \t]+", " ");
            Matcher score = Pattern.compile("X-Spam-Score: ([0-9.]+)").matcher(copy);
            assertThat(score.find()).as(copy).isTrue();
            assertThat(Double.parseDouble(score.group(1))).isCloseTo(alice.get("score").asDouble(), within(0.01));
        }
        assertThat(inbox(ALICE)).as("discarded for alice").isEqualTo(aliceBefore);
    }

    @Test
    @Order(5)
    void hamIsDeliveredCleanWithTheSameScoreAndTheDryRunCountsNothing() throws Exception {
        long aliceBefore = inbox(ALICE);
        long quarantineMailboxBefore = inbox(QUARANTINE_MAILBOX);
        int repositoryBefore = quarantined();
        double scannedBefore = metric("antispam_spamd_scanned");
        String message = sample("ham.eml", "ham dry run");

        JsonNode answer = dryRun(INTERNET, message);

        JsonNode alice = alice(answer);
        assertThat(alice.get("action").asText()).isEqualTo("DELIVER");
        assertThat(alice.get("verdict").asText()).isEqualTo("CLEAN");
        assertThat(alice.has("stage")).isFalse();
        double dryScore = alice.get("score").asDouble();
        assertThat(answer.get("spam").get("score").asDouble()).isEqualTo(dryScore);
        assertThat(answer.get("checks").toString()).contains("\"component\":\"org.jamesantispam.mailets.ScoreWithSpamd\"", "\"result\":\"SCANNED\"");
        assertStillNothingNewAfterAWhile(aliceBefore, quarantineMailboxBefore, repositoryBefore);
        assertThat(metric("antispam_spamd_scanned")).as("a dry run is not counted").isEqualTo(scannedBefore);

        assertThat(send(INTERNET, message).code()).isEqualTo(250);
        try (ImapReader reader = ImapReader.login(imap, ALICE, PASSWORD)) {
            String delivered = reader.awaitMessageContaining("INBOX", "ham dry run").replaceAll("\r\n[ \t]+", " ");
            assertThat(delivered).contains("Subject: ham dry run\r\n").contains("X-Spam-Flag: NO");
            Matcher score = Pattern.compile("X-Spam-Score: (-?[0-9.]+)").matcher(delivered);
            assertThat(score.find()).as(delivered).isTrue();
            assertThat(Double.parseDouble(score.group(1))).as("real score vs dry run").isCloseTo(dryScore, within(0.01));
        }
        assertThat(metric("antispam_spamd_scanned")).isEqualTo(scannedBefore + 1);
    }

    @Test
    @Order(6)
    void withSpamdDownTheScanIsUncheckedAsInTheRealFlow() throws Exception {
        spamd.stop();
        String message = sample("ham.eml", "while spamd is down");

        JsonNode answer = dryRun(INTERNET, message);

        JsonNode alice = alice(answer);
        assertThat(alice.get("action").asText()).isEqualTo("DELIVER");
        assertThat(alice.get("verdict").asText()).isEqualTo("UNCHECKED");
        assertThat(answer.get("spam").get("status").asText()).isEqualTo("UNCHECKED");
        assertThat(answer.get("spam").get("reason").asText()).isEqualTo("unreachable");

        assertThat(send(INTERNET, message).code()).isEqualTo(250);
        try (ImapReader reader = ImapReader.login(imap, ALICE, PASSWORD)) {
            assertThat(reader.awaitMessageContaining("INBOX", "while spamd is down")).contains("Subject: ***UNCHECKED*** while spamd is down");
        }
    }
}
