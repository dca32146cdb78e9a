package org.jamesantispam.it.webadmin;

import static org.assertj.core.api.Assertions.assertThat;
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
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;

import org.apache.james.GuiceJamesServer;
import org.apache.james.JamesServerExtension;
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

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * {@code /antispam/quarantine} (QuarantineRoutes) on a real James with the reference configuration
 * and a real spamd that accepts TELL ({@link SpamdExtension.Builder#learning()}): GTUBE sent from an
 * internet client to alice@ and postmaster@ is quarantined by the reference pipeline
 * ({@code file://var/mail/quarantine/}); the test lists it (with filters), reads it as JSON and
 * raw, releases it to one recipient and reads it in that mailbox over IMAP (the other mailbox
 * does not get it), fails to release it again, releases the rest with learn=ham, teaches spamd
 * spam, survives a spamd outage without releasing, deletes, and purges old mail with a task.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class QuarantineRoutesTest {
    private static final String INTERNET = "127.0.0.2";
    private static final String ALICE = "alice@example.test";
    private static final String POSTMASTER = "postmaster@example.test";
    private static final String SENDER = "bob@example.org";
    private static final String BASE = "/antispam/quarantine";
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The reference configuration's tag2 subject tag, added before the quarantine. */
    private static final String TAG = "***Posible SPAM*** ";

    @RegisterExtension
    @Order(1)
    static SpamdExtension spamd = SpamdExtension.builder().learning().extraConfig("score ALL_TRUSTED 0").build();

    @RegisterExtension
    @Order(2)
    static JamesServerExtension james = AntispamJames.extension(JamesConf.reference()
        .spamd(spamd::port));

    private static int smtp;
    private static int imap;
    private static int webAdminPort;
    private static WebAdminClient webAdmin;
    private static String firstId;

    @BeforeAll
    static void setUp(GuiceJamesServer server) throws Exception {
        AntispamJames.addDemoUsers(server);
        smtp = AntispamJames.smtpPort(server);
        imap = AntispamJames.imapPort(server);
        webAdminPort = AntispamJames.webAdminPort(server);
        webAdmin = new WebAdminClient(webAdminPort);
    }

    private static String gtube(String subject) {
        try (InputStream in = QuarantineRoutesTest.class.getResourceAsStream("/spamassassin/samples/gtube.eml")) {
            String message = new String(in.readAllBytes(), StandardCharsets.UTF_8).replace("\r\n", "\n").replace("\n", "\r\n");
            return message.replaceFirst("(?m)^Subject: .*$", "Subject: " + Matcher.quoteReplacement(subject))
                .replaceFirst("(?m)^Date: .*$", "Date: " + DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.now()))
                .replaceFirst("(?m)^Message-ID: .*$", "Message-ID: " + messageId(subject));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String messageId(String subject) {
        return "<" + subject.replaceAll("[^A-Za-z0-9]", "-") + "@example.org>";
    }

    /** Sends GTUBE with {@code subject} and returns its quarantine entry once listed. */
    private static JsonNode quarantine(String subject, String... recipients) {
        try (SmtpClient client = SmtpClient.connect(INTERNET, smtp)) {
            SmtpReply reply = client.send("mail.example.org", SENDER, gtube(subject), recipients);
            assertThat(reply.code()).as(reply.line()).isEqualTo(250);
        }
        List<JsonNode> found = new ArrayList<>();
        Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() -> {
            found.clear();
            list("").forEach(entry -> {
                if (entry.get("subject").asText().equals(TAG + subject)) {
                    found.add(entry);
                }
            });
            return found.size() == 1;
        });
        return found.get(0);
    }

    private static List<JsonNode> list(String query) {
        HttpResponse<String> response = webAdmin.get(BASE + query);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        List<JsonNode> entries = new ArrayList<>();
        json(response.body()).forEach(entries::add);
        return entries;
    }

    private static List<String> ids(String query) {
        return list(query).stream().map(entry -> entry.get("id").asText()).toList();
    }

    private static JsonNode json(String body) {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new UncheckedIOException(body, e);
        }
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    private static void assertError(HttpResponse<String> response, int status, String messagePart) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        JsonNode error = json(response.body());
        assertThat(error.get("statusCode").asInt()).isEqualTo(status);
        assertThat(error.get("message").asText()).contains(messagePart);
        assertThat(response.body()).doesNotContain("Exception");
    }

    private static List<String> mailsWith(String user, String subject) {
        try (ImapReader reader = ImapReader.login(imap, user, PASSWORD)) {
            return reader.messagesContaining("INBOX", "Message-ID: " + messageId(subject));
        }
    }

    private static String awaitMail(String user, String subject) {
        try (ImapReader reader = ImapReader.login(imap, user, PASSWORD)) {
            return reader.awaitMessageContaining("INBOX", "Message-ID: " + messageId(subject));
        }
    }

    @Test
    @Order(1)
    void quarantinedGtubeIsListedWithItsEnvelopeAndVerdict() {
        Instant before = Instant.now().minusSeconds(1);
        JsonNode entry = quarantine("quarantine one", ALICE, POSTMASTER);
        firstId = entry.get("id").asText();

        assertThat(firstId).matches("spam-[A-Za-z0-9]{12}");
        assertThat(Instant.parse(entry.get("arrivalDate").asText())).isAfter(before).isBefore(Instant.now());
        assertThat(entry.get("clientIp").asText()).isEqualTo(INTERNET);
        assertThat(entry.get("sender").asText()).isEqualTo(SENDER);
        assertThat(entry.get("recipients")).extracting(JsonNode::asText).containsExactly(ALICE, POSTMASTER);
        assertThat(entry.get("score").asDouble()).isGreaterThanOrEqualTo(1000.0);
        assertThat(entry.get("rules")).extracting(JsonNode::asText).contains("GTUBE");
        assertThat(entry.get("reason").asText()).isEqualTo("spam");
        assertThat(mailsWith(ALICE, "quarantine one")).as("quarantined, not delivered").isEmpty();
    }

    @Test
    @Order(2)
    void listFilters() {
        String today = Instant.now().toString().substring(0, 10);
        assertThat(ids("?recipient=" + encode(ALICE))).contains(firstId);
        assertThat(ids("?recipient=" + encode("ALICE@example.test"))).as("case-insensitive").contains(firstId);
        assertThat(ids("?recipient=" + encode("spamalert@example.test"))).doesNotContain(firstId);
        assertThat(ids("?sender=" + encode(SENDER) + "&recipient=" + encode(POSTMASTER))).contains(firstId);
        assertThat(ids("?sender=" + encode("carol@example.org"))).isEmpty();
        assertThat(ids("?since=" + today)).contains(firstId);
        assertThat(ids("?since=" + encode(Instant.now().plusSeconds(3600).toString()))).isEmpty();
        assertThat(ids("?since=" + encode(Instant.now().minusSeconds(3600).toString()) + "&limit=1")).containsExactly(firstId);
        assertThat(ids("?limit=1&offset=1")).isEmpty();

        assertError(webAdmin.get(BASE + "?since=yesterday"), 400, "since 'yesterday' is not a date");
        assertError(webAdmin.get(BASE + "?limit=0"), 400, "limit '0' is not a number from 1 to 1000");
        assertError(webAdmin.get(BASE + "?limit=ten"), 400, "limit 'ten'");
        assertError(webAdmin.get(BASE + "?offset=-1"), 400, "offset '-1'");
        assertError(webAdmin.get(BASE + "?recipient=not-an-address"), 400, "recipient 'not-an-address' is not an e-mail address");
        assertError(webAdmin.get(BASE + "?recipients=" + encode(ALICE)), 400, "unknown parameter 'recipients'");
    }

    @Test
    @Order(3)
    void readsOneAsJsonWithHeadersAndSizeAndAsTheRawMessage() throws Exception {
        HttpResponse<String> response = webAdmin.get(BASE + "/" + firstId);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode details = json(response.body());
        assertThat(details.get("id").asText()).isEqualTo(firstId);
        assertThat(details.get("subject").asText()).isEqualTo(TAG + "quarantine one");
        assertThat(details.get("size").asLong()).isGreaterThan(500);
        List<String> headers = new ArrayList<>();
        details.get("headers").forEach(header -> headers.add(header.get("name").asText() + ": " + header.get("value").asText()));
        assertThat(headers).contains("X-Quarantine-ID: <" + firstId + ">", "X-Envelope-From: <" + SENDER + ">", "X-Spam-Flag: YES")
            .anyMatch(header -> header.startsWith("X-Envelope-To: <" + ALICE + ">, <" + POSTMASTER + ">"));

        HttpResponse<String> raw = HttpClient.newHttpClient().send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + webAdminPort + BASE + "/" + firstId))
                .header("Accept", "message/rfc822").GET().build(),
            HttpResponse.BodyHandlers.ofString(StandardCharsets.ISO_8859_1));
        assertThat(raw.statusCode()).isEqualTo(200);
        assertThat(raw.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("message/rfc822"));
        assertThat(raw.body()).startsWith("Subject: " + TAG + "quarantine one\r\n").contains("\r\nX-Quarantine-ID: <" + firstId + ">\r\n")
            .contains("XJS*C4JDBQADN1.NSBN3*2IDNEN*GTUBE-STANDARD-ANTI-UBE-TEST-EMAIL*C.34X");
        assertThat(raw.body().length()).isEqualTo(details.get("size").asInt());

        assertError(webAdmin.get(BASE + "/spam-AAAAAAAAAAAA"), 404, "no quarantined mail spam-AAAAAAAAAAAA");
        assertError(webAdmin.get(BASE + "/..%2F..%2Fetc%2Fpasswd"), 400, "is not a quarantine id");
    }

    @Test
    @Order(4)
    void releaseToOneRecipientDeliversToThatMailboxOnly() {
        HttpResponse<String> response = webAdmin.post(BASE + "/" + firstId + "?action=release&recipient=" + encode(ALICE), "");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode answer = json(response.body());
        assertThat(answer.get("released")).extracting(JsonNode::asText).containsExactly(ALICE);
        assertThat(answer.get("remaining")).extracting(JsonNode::asText).containsExactly(POSTMASTER);
        assertThat(answer.has("learned")).isFalse();

        String delivered = awaitMail(ALICE, "quarantine one").replaceAll("\r\n[ \t]+", " ");
        assertThat(delivered).contains("X-Quarantine-ID: <" + firstId + ">")
            .contains("Message-ID: <quarantine-one@example.org>")
            .doesNotContain("X-Envelope-To").doesNotContain("X-Envelope-From")
            .containsPattern("X-Spam-Status: Yes, score=10\\d\\d\\.\\d+ [^\r]*GTUBE");
        assertThat(delivered.split("X-Spam-Flag: ", -1)).as("X-Spam-Flag once").hasSize(2);
        assertThat(mailsWith(POSTMASTER, "quarantine one")).isEmpty();

        assertThat(list("?recipient=" + encode(ALICE)).stream().map(e -> e.get("id").asText())).doesNotContain(firstId);
        JsonNode remaining = json(webAdmin.get(BASE + "/" + firstId).body());
        assertThat(remaining.get("recipients")).extracting(JsonNode::asText).containsExactly(POSTMASTER);
    }

    @Test
    @Order(5)
    void releasingTheSameRecipientAgainIsAConflictNotASecondDelivery() throws Exception {
        assertError(webAdmin.post(BASE + "/" + firstId + "?action=release&recipient=" + encode(ALICE), ""),
            409, ALICE + " is not (any more) a quarantined recipient of " + firstId);
        assertError(webAdmin.post(BASE + "/" + firstId + "?action=release&recipient=" + encode("carol@example.test"), ""),
            409, "carol@example.test is not (any more) a quarantined recipient");
        assertError(webAdmin.post(BASE + "/" + firstId + "?action=deliver", ""), 400, "action 'deliver' is unknown");
        assertError(webAdmin.post(BASE + "/" + firstId, ""), 400, "action is missing");
        assertError(webAdmin.post(BASE + "/" + firstId + "?action=release&learn=spam", ""), 400, "expected learn=ham");
        assertError(webAdmin.post(BASE + "/" + firstId + "?action=release&recipient=nobody", ""), 400, "recipient 'nobody'");
        TimeUnit.SECONDS.sleep(1);
        assertThat(mailsWith(ALICE, "quarantine one")).hasSize(1);
    }

    @Test
    @Order(6)
    void releaseWithLearnHamTeachesSpamdAndEmptiesTheEntry() throws Exception {
        HttpResponse<String> response = webAdmin.post(BASE + "/" + firstId + "?action=release&learn=ham", "");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode answer = json(response.body());
        assertThat(answer.get("released")).extracting(JsonNode::asText).containsExactly(POSTMASTER);
        assertThat(answer.get("remaining")).isEmpty();
        assertThat(answer.get("learned").get("class").asText()).isEqualTo("ham");
        assertThat(answer.get("learned").get("didSet").asBoolean()).isTrue();
        assertThat(Files.size(spamd.bayesDirectory().resolve("bayes_seen"))).isPositive();
        assertThat(Files.readString(spamd.logFile())).contains("spamd: Tell: Setting local");

        awaitMail(POSTMASTER, "quarantine one");
        assertThat(ids("")).doesNotContain(firstId);
        assertError(webAdmin.post(BASE + "/" + firstId + "?action=release", ""), 404, "no quarantined mail " + firstId);
        TimeUnit.SECONDS.sleep(1);
        assertThat(mailsWith(ALICE, "quarantine one")).hasSize(1);
        assertThat(mailsWith(POSTMASTER, "quarantine one")).hasSize(1);
    }

    @Test
    @Order(7)
    void learnSpamKeepsTheMailInQuarantine() {
        String id = quarantine("learn me as spam", ALICE).get("id").asText();
        HttpResponse<String> response = webAdmin.post(BASE + "/" + id + "?action=learn-spam", "");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(json(response.body()).get("learned").get("didSet").asBoolean()).isTrue();
        HttpResponse<String> again = webAdmin.post(BASE + "/" + id + "?action=learn-spam", "");
        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(json(again.body()).get("learned").get("didSet").asBoolean()).as("already learned").isFalse();
        assertThat(ids("")).contains(id);
        assertError(webAdmin.post(BASE + "/" + id + "?action=learn-spam&recipient=" + encode(ALICE), ""), 400, "unknown parameter 'recipient'");
    }

    @Test
    @Order(8)
    void whenSpamdCannotLearnNothingIsReleased() throws Exception {
        String id = quarantine("spamd is down", ALICE, POSTMASTER).get("id").asText();
        spamd.stop();
        try {
            assertError(webAdmin.post(BASE + "/" + id + "?action=release&learn=ham", ""), 502, "spamd did not learn " + id + " as ham");
        } finally {
            spamd.start();
        }
        JsonNode entry = json(webAdmin.get(BASE + "/" + id).body());
        assertThat(entry.get("recipients")).extracting(JsonNode::asText).containsExactly(ALICE, POSTMASTER);
        TimeUnit.SECONDS.sleep(1);
        assertThat(mailsWith(ALICE, "spamd is down")).isEmpty();
    }

    @Test
    @Order(9)
    void concurrentReleasesOfOneIdDeliverOnce() throws Exception {
        String id = quarantine("released twice at once", ALICE).get("id").asText();
        List<CompletableFuture<HttpResponse<String>>> releases = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            releases.add(CompletableFuture.supplyAsync(() -> webAdmin.post(BASE + "/" + id + "?action=release", "")));
        }
        List<Integer> statuses = releases.stream().map(CompletableFuture::join).map(HttpResponse::statusCode).sorted().toList();
        assertThat(statuses).containsExactly(200, 404, 404, 404);
        awaitMail(ALICE, "released twice at once");
        TimeUnit.SECONDS.sleep(1);
        assertThat(mailsWith(ALICE, "released twice at once")).hasSize(1);
    }

    @Test
    @Order(10)
    void deleteOne() {
        String id = quarantine("delete me", ALICE).get("id").asText();
        HttpResponse<String> response = webAdmin.delete(BASE + "/" + id);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(204);
        assertError(webAdmin.get(BASE + "/" + id), 404, "no quarantined mail " + id);
        assertError(webAdmin.delete(BASE + "/" + id), 404, "no quarantined mail " + id);
        assertError(webAdmin.delete(BASE + "/not-an-id"), 400, "is not a quarantine id");
    }

    @Test
    @Order(11)
    void olderThanTaskDeletesOldMailOnly() throws Exception {
        String old = quarantine("old spam", ALICE).get("id").asText();
        TimeUnit.SECONDS.sleep(4);
        JsonNode recent = quarantine("recent spam", ALICE);
        // Between the two: older than "recent" by at least a second at request time, younger than "old".
        long recentAge = Duration.between(Instant.parse(recent.get("arrivalDate").asText()), Instant.now()).toSeconds();
        HttpResponse<String> response = webAdmin.delete(BASE + "?olderThan=" + (recentAge + 2) + "s");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        String taskId = json(response.body()).get("taskId").asText();

        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() ->
            json(webAdmin.get("/tasks/" + taskId).body()).get("status").asText().equals("completed"));
        JsonNode task = json(webAdmin.get("/tasks/" + taskId).body());
        assertThat(task.get("type").asText()).isEqualTo("antispam-quarantine-purge");
        assertThat(ids("")).contains(recent.get("id").asText()).doesNotContain(old);

        assertError(webAdmin.delete(BASE), 400, "olderThan is missing");
        assertError(webAdmin.delete(BASE + "?olderThan=soon"), 400, "olderThan 'soon' is not a duration");
    }
}
