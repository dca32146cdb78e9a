package org.jamesantispam.it.webadmin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.jamesantispam.it.james.AntispamJames.ALICE;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;

import org.apache.james.GuiceJamesServer;
import org.apache.james.JamesServerExtension;
import org.awaitility.Awaitility;
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
 * {@code GET /antispam/stats} and James' {@code /metrics} on the reference gateway (real James, real
 * spamd, real rbldnsd listing 127.0.0.2 in {@code bl.example.test}): the counters move as messages
 * flow: a ham (clean), a borderline message (tagged), a GTUBE (spam, D_DISCARD), a listed client
 * (refused at RCPT by {@code reject_rbl_client bl.example.test}), a {@code header_checks} REJECT
 * (refused at end of DATA). Tests run in order and see each other's messages.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class StatisticsFlowTest {
    private static final String INTERNET = "127.0.0.3";
    private static final String LISTED = "127.0.0.2";
    private static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    @Order(1)
    static RbldnsdExtension blocklist = RbldnsdExtension.builder()
        .ip4set("bl.example.test", ":127.0.0.2:Listed by bl.example.test", "127.0.0.2")
        .build();

    @RegisterExtension
    @Order(2)
    static SpamdExtension spamd = SpamdExtension.builder().extraConfig("score ALL_TRUSTED 0").build();

    @RegisterExtension
    @Order(3)
    static JamesServerExtension james = AntispamJames.extension(JamesConf.reference()
        .dnsblResolver(blocklist::port)
        .spamd(spamd::port));

    private static int smtp;
    private static WebAdminClient webAdmin;
    private static Instant started;

    @BeforeAll
    static void setUp(GuiceJamesServer server) throws Exception {
        started = Instant.now();
        AntispamJames.addDemoUsers(server);
        smtp = AntispamJames.smtpPort(server);
        webAdmin = new WebAdminClient(AntispamJames.webAdminPort(server));
    }

    private static JsonNode stats() {
        HttpResponse<String> response = webAdmin.get("/antispam/stats");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("application/json"));
        try {
            return JSON.readTree(response.body());
        } catch (java.io.IOException e) {
            throw new AssertionError("not JSON: " + response.body(), e);
        }
    }

    private static long at(String path) {
        return stats().at(path).asLong(-1);
    }

    private static SmtpReply send(String client, String message) {
        try (SmtpClient smtpClient = SmtpClient.connect(client, smtp)) {
            return smtpClient.send("mail.example.org", "bob@example.org", message, ALICE);
        }
    }

    private static void awaitStat(String path, long expected) {
        Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
            .untilAsserted(() -> assertThat(at(path)).as(path).isEqualTo(expected));
    }

    @Test
    @Order(1)
    void startsAtZeroWithTheServersStartTime() {
        JsonNode stats = stats();

        Instant startedAt = Instant.parse(stats.get("startedAt").asText());
        assertThat(startedAt).isBefore(started.plusSeconds(1)).isAfter(started.minusSeconds(300));
        assertThat(stats.at("/verdicts/clean").asLong()).isZero();
        assertThat(stats.at("/verdicts/spam/discard").asLong()).isZero();
        assertThat(stats.at("/rejections/total").asLong()).isZero();
        assertThat(stats.at("/rejections/byCheck").size()).isZero();
        assertThat(stats.at("/spamdScanTime/count").asLong()).isZero();
    }

    @Test
    @Order(2)
    void hamIsCountedClean() {
        SmtpReply reply = send(INTERNET, SampleMessages.ham("stats ham"));
        assertThat(reply.code()).as(reply.line()).isEqualTo(250);

        awaitStat("/verdicts/clean", 1);
        assertThat(at("/verdicts/tagged")).isZero();
        assertThat(at("/spamdScanTime/count")).isEqualTo(1);
    }

    @Test
    @Order(3)
    void borderlineMessageIsCountedTagged() {
        SmtpReply reply = send(INTERNET, SampleMessages.borderline("stats borderline"));
        assertThat(reply.code()).as(reply.line()).isEqualTo(250);

        awaitStat("/verdicts/tagged", 1);
        assertThat(at("/verdicts/clean")).isEqualTo(1);
    }

    @Test
    @Order(4)
    void gtubeIsCountedAsSpamDiscarded() {
        SmtpReply reply = send(INTERNET, SampleMessages.gtube("stats gtube"));
        assertThat(reply.code()).as(reply.line()).isEqualTo(250);

        awaitStat("/verdicts/spam/discard", 1);
        JsonNode stats = stats();
        assertThat(stats.at("/verdicts/spam/pass").asLong()).isZero();
        assertThat(stats.at("/verdicts/spam/bounce").asLong()).isZero();
        assertThat(stats.at("/verdicts/clean").asLong()).isEqualTo(1);
        assertThat(stats.at("/verdicts/tagged").asLong()).isEqualTo(1);
        assertThat(stats.at("/verdicts/unchecked").asLong()).isZero();
        // three scans (the quarantine copy and the admin notice start in transport: not scanned)
        JsonNode scanTime = stats.get("spamdScanTime");
        assertThat(scanTime.get("count").asLong()).isEqualTo(3);
        assertThat(scanTime.get("p50Ms").asDouble()).isPositive();
        assertThat(scanTime.get("p95Ms").asDouble()).isGreaterThanOrEqualTo(scanTime.get("p50Ms").asDouble());
        assertThat(scanTime.get("p99Ms").asDouble()).isGreaterThanOrEqualTo(scanTime.get("p95Ms").asDouble());
        assertThat(scanTime.get("maxMs").asDouble()).isGreaterThanOrEqualTo(scanTime.get("p99Ms").asDouble());
    }

    @Test
    @Order(5)
    void listedClientIsCountedPerStageCheckAndZone() {
        SmtpReply reply = send(LISTED, SampleMessages.ham("stats listed"));
        assertThat(reply.code()).as(reply.line()).isEqualTo(554);
        assertThat(reply.line()).contains("blocked using bl.example.test");

        JsonNode stats = stats();
        assertThat(stats.at("/rejections/byStage/rcpt").asLong()).isEqualTo(1);
        assertThat(stats.at("/rejections/byKind/restrictions").asLong()).isEqualTo(1);
        assertThat(stats.at("/rejections/byCheck").get("reject_rbl_client bl.example.test").asLong()).isEqualTo(1);
        JsonNode zone = stats.at("/dnsbl").get("bl.example.test");
        assertThat(zone.get("listings").asLong()).isGreaterThanOrEqualTo(1);
        // every untrusted client was looked up: 127.0.0.3 three times, 127.0.0.2 once (or more: prefetch)
        assertThat(zone.get("lookups").asLong()).isGreaterThanOrEqualTo(4).isGreaterThan(zone.get("listings").asLong());
        assertThat(zone.get("failures").asLong()).isZero();
    }

    @Test
    @Order(6)
    void headerChecksRejectIsCountedAtDataByRule() {
        SmtpReply reply = send(INTERNET, SampleMessages.ham("Make Money Fast"));
        assertThat(reply.code()).as(reply.line()).isEqualTo(550);

        JsonNode stats = stats();
        assertThat(stats.at("/rejections/total").asLong()).isEqualTo(2);
        assertThat(stats.at("/rejections/temporary").asLong()).isZero();
        assertThat(stats.at("/rejections/byStage/data").asLong()).isEqualTo(1);
        assertThat(stats.at("/rejections/byKind/contentChecks").asLong()).isEqualTo(1);
        // james-conf/header_checks line 11: /Make Money/ REJECT
        assertThat(stats.at("/rejections/byCheck").get("header_checks header_checks:11 REJECT").asLong()).isEqualTo(1);
        assertThat(stats.at("/rejections/byCheck").size()).isEqualTo(2);
    }

    @Test
    @Order(7)
    void jamesMetricsShowTheSameFigures() {
        String metrics = webAdmin.get("/metrics").body();

        assertThat(metrics)
            .containsPattern("(?m)^antispam_verdict_clean_total 1\\.0$")
            .containsPattern("(?m)^antispam_verdict_tagged_total 1\\.0$")
            .containsPattern("(?m)^antispam_verdict_spam_discard_total 1\\.0$")
            .containsPattern("(?m)^antispam_rejection_total 2\\.0$")
            .containsPattern("(?m)^antispam_rejection_stage_rcpt_total 1\\.0$")
            .containsPattern("(?m)^antispam_rejection_check_reject_rbl_client_bl_example_test_total 1\\.0$")
            .containsPattern("(?m)^antispam_rejection_check_header_checks_header_checks_11_REJECT_total 1\\.0$")
            .containsPattern("(?m)^antispam_spamd_scan_time_count 3\\.0$")
            .containsPattern("(?m)^antispam_spamd_scan_time\\{quantile=\"0\\.99\",?} [0-9.E-]+$")
            .containsPattern("(?m)^antispam_dnsbl_bl_example_test_listings [1-9][0-9]*\\.0$");
    }
}
