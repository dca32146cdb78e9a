package org.jamesantispam.core.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import java.net.DatagramSocket;
import java.net.InetAddress;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.apache.james.metrics.api.Gauge;
import org.apache.james.metrics.api.GaugeRegistry;
import org.apache.james.metrics.tests.RecordingMetricFactory;
import org.jamesantispam.core.dnsbl.DnsblClient;
import org.jamesantispam.core.dnsbl.DnsblClientSettings;
import org.jamesantispam.core.dnsbl.DnsblClients;
import org.jamesantispam.core.dnsbl.DnsblZone;
import org.jamesantispam.core.spam.Category;
import org.junit.jupiter.api.Test;

class AntispamStatisticsTest {
    /** James' gauge registry, remembering what was registered. */
    static final class RecordingGauges implements GaugeRegistry {
        final Map<String, Gauge<?>> gauges = new ConcurrentHashMap<>();

        @Override
        public <T> GaugeRegistry register(String name, Gauge<T> gauge) {
            gauges.put(name, gauge);
            return this;
        }

        @Override
        public <T> SettableGauge<T> settableGauge(String name) {
            throw new UnsupportedOperationException();
        }
    }

    private final RecordingMetricFactory metrics = new RecordingMetricFactory();
    private final RecordingGauges gauges = new RecordingGauges();
    private final AntispamStatistics statistics = new AntispamStatistics(metrics, gauges);

    @Test
    void startsAtZeroWithEveryStageKindAndVerdictListed() {
        StatisticsSnapshot snapshot = statistics.snapshot();

        assertThat(snapshot.verdicts()).containsExactly(entry("clean", 0L), entry("tagged", 0L), entry("unchecked", 0L));
        assertThat(snapshot.spamByDestiny()).containsExactly(entry("pass", 0L), entry("discard", 0L), entry("bounce", 0L), entry("reject", 0L));
        assertThat(snapshot.rejectionsByStage()).containsOnlyKeys("connect", "helo", "mail", "rcpt", "data", "pipeline").allSatisfy((k, v) -> assertThat(v).isZero());
        assertThat(snapshot.rejectionsByKind()).containsOnlyKeys("restrictions", "contentChecks", "bannedAttachments", "spam");
        assertThat(snapshot.rejectionsByCheck()).isEmpty();
        assertThat(snapshot.rejections()).isZero();
        assertThat(snapshot.spamdScanTime()).isEqualTo(ScanTimeFigures.NONE);
        assertThat(snapshot.startedAt()).isBetween(java.time.Instant.now().minusSeconds(60), java.time.Instant.now());
    }

    @Test
    void verdictsAreCountedPerRecipientAndPublishedAsJamesMeters() {
        statistics.countVerdict(Verdict.delivered(Category.CLEAN), 1);
        statistics.countVerdict(Verdict.delivered(Category.SPAMMY), 2);
        statistics.countVerdict(Verdict.delivered(Category.UNCHECKED), 1);
        statistics.countVerdict(Verdict.delivered(Category.SPAM), 1);
        statistics.countVerdict(Verdict.SPAM_DISCARD, 3);
        statistics.countVerdict(Verdict.SPAM_REJECT, 1);

        StatisticsSnapshot snapshot = statistics.snapshot();
        assertThat(snapshot.verdicts()).containsExactly(entry("clean", 1L), entry("tagged", 2L), entry("unchecked", 1L));
        assertThat(snapshot.spamByDestiny()).containsExactly(entry("pass", 1L), entry("discard", 3L), entry("bounce", 0L), entry("reject", 1L));
        assertThat(metrics.countFor("antispam.verdict.tagged")).isEqualTo(2);
        assertThat(metrics.countFor("antispam.verdict.spam.discard")).isEqualTo(3);
        assertThat(metrics.countFor("antispam.verdict.spam.pass")).isEqualTo(1);
    }

    @Test
    void rejectionsAreCountedPerStageKindAndCheck() {
        statistics.countRejection(RejectionStage.ofCommand("RCPT"), RejectionKind.RESTRICTIONS, "reject_rbl_client bl.example.test", true);
        statistics.countRejection(RejectionStage.ofCommand("RCPT"), RejectionKind.RESTRICTIONS, "reject_rbl_client bl.example.test", true);
        statistics.countRejection(RejectionStage.ofCommand("EHLO"), RejectionKind.RESTRICTIONS, "reject_unknown_helo_hostname", false);
        statistics.countRejection(RejectionStage.DATA, RejectionKind.CONTENT_CHECKS, "header_checks header_checks:8 REJECT", true);
        statistics.countRejection(RejectionStage.DATA, RejectionKind.SPAM, "", true);

        StatisticsSnapshot snapshot = statistics.snapshot();
        assertThat(snapshot.rejections()).isEqualTo(5);
        assertThat(snapshot.temporaryRejections()).isEqualTo(1);
        assertThat(snapshot.rejectionsByStage()).contains(entry("rcpt", 2L), entry("helo", 1L), entry("data", 2L), entry("mail", 0L));
        assertThat(snapshot.rejectionsByKind()).contains(entry("restrictions", 3L), entry("contentChecks", 1L), entry("spam", 1L));
        assertThat(snapshot.rejectionsByCheck()).containsExactly(
            entry("header_checks header_checks:8 REJECT", 1L),
            entry("reject_rbl_client bl.example.test", 2L),
            entry("reject_unknown_helo_hostname", 1L),
            entry("spam", 1L));
        assertThat(metrics.countFor("antispam.rejection")).isEqualTo(5);
        assertThat(metrics.countFor("antispam.rejection.temporary")).isEqualTo(1);
        assertThat(metrics.countFor("antispam.rejection.stage.rcpt")).isEqualTo(2);
        assertThat(metrics.countFor("antispam.rejection.kind.contentChecks")).isEqualTo(1);
        assertThat(metrics.countFor("antispam.rejection.check.reject_rbl_client_bl.example.test")).isEqualTo(2);
        assertThat(metrics.countFor("antispam.rejection.check.header_checks_header_checks_8_REJECT")).isEqualTo(1);
    }

    @Test
    void unknownSmtpCommandIsRefused() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> RejectionStage.ofCommand("VRFY"))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("VRFY");
    }

    @Test
    void countsAreExactUnderConcurrency() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        CountDownLatch start = new CountDownLatch(1);
        for (int t = 0; t < 4; t++) {
            pool.submit(() -> {
                start.await();
                for (int i = 0; i < 10_000; i++) {
                    statistics.countVerdict(Verdict.CLEAN, 1);
                    statistics.countRejection(RejectionStage.RCPT, RejectionKind.RESTRICTIONS, "check " + (i % 7), true);
                }
                return null;
            });
        }
        start.countDown();
        pool.shutdown();
        assertThat(pool.awaitTermination(60, TimeUnit.SECONDS)).isTrue();

        StatisticsSnapshot snapshot = statistics.snapshot();
        assertThat(snapshot.verdicts().get("clean")).isEqualTo(40_000);
        assertThat(snapshot.rejections()).isEqualTo(40_000);
        assertThat(snapshot.rejectionsByCheck().values().stream().mapToLong(Long::longValue).sum()).isEqualTo(40_000);
        assertThat(metrics.countFor("antispam.verdict.clean")).isEqualTo(40_000);
    }

    @Test
    void scanTimesGivePercentilesOverEveryScanAndGoThroughJamesTimer() {
        for (int millis = 1; millis <= 100; millis++) {
            statistics.timeSpamdScan(sleeping(millis));
        }
        ScanTimeFigures figures = statistics.snapshot().spamdScanTime();

        assertThat(figures.count()).isEqualTo(100);
        // each scan lasted at least its sleep: the n-th percentile is at least n ms (and no scheduler adds seconds)
        assertThat(figures.p50Millis()).isBetween(50.0, 5_000.0);
        assertThat(figures.p95Millis()).isBetween(95.0, 5_000.0).isGreaterThanOrEqualTo(figures.p50Millis());
        assertThat(figures.p99Millis()).isBetween(99.0, 5_000.0).isGreaterThanOrEqualTo(figures.p95Millis());
        assertThat(figures.maxMillis()).isGreaterThanOrEqualTo(100.0).isGreaterThanOrEqualTo(figures.p99Millis());
        assertThat(figures.meanMillis()).isBetween(50.5, 5_000.0);
        assertThat(metrics.executionTimesFor(AntispamStatistics.SCAN_TIMER)).hasSize(100);
    }

    @Test
    void aFailingScanIsTimedToo() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> statistics.timeSpamdScan(() -> {
            throw new IllegalStateException("spamd exploded");
        })).hasMessage("spamd exploded");

        assertThat(statistics.snapshot().spamdScanTime().count()).isEqualTo(1);
    }

    @Test
    void detachedStatisticsCountWithoutJames() {
        AntispamStatistics detached = AntispamStatistics.detached();
        detached.countVerdict(Verdict.TAGGED, 1);
        detached.countRejection(RejectionStage.RCPT, RejectionKind.RESTRICTIONS, "reject", true);
        String result = detached.timeSpamdScan(() -> "scanned");

        assertThat(result).isEqualTo("scanned");
        assertThat(detached.snapshot().verdicts()).contains(entry("tagged", 1L));
        assertThat(detached.snapshot().rejectionsByCheck()).containsExactly(entry("reject", 1L));
        assertThat(detached.snapshot().spamdScanTime().count()).isEqualTo(1);
    }

    @Test
    void dnsblFiguresCountFromCreationAndBecomeJamesGauges() throws Exception {
        int closedPort;
        try (DatagramSocket socket = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        DnsblClient client = DnsblClients.shared(DnsblClientSettings.parse(Map.of(
            "resolver", "127.0.0.1:" + closedPort, "timeout", "200ms")));
        DnsblZone zone = DnsblZone.parse("stats-unit.test");
        InetAddress listed = InetAddress.getByName("127.0.0.2");
        client.lookup(listed, zone, false);

        AntispamStatistics fresh = new AntispamStatistics(metrics, gauges);
        assertThat(fresh.snapshot().dnsbl()).doesNotContainKey("stats-unit.test");
        client.lookup(InetAddress.getByName("127.0.0.3"), zone, false);
        client.lookup(InetAddress.getByName("127.0.0.4"), zone, false);

        DnsblZoneFigures figures = fresh.snapshot().dnsbl().get("stats-unit.test");
        assertThat(figures.lookups()).isEqualTo(2);
        assertThat(figures.listings()).isZero();
        assertThat(figures.failures()).isEqualTo(2);
        assertThat(gauges.gauges.get("antispam.dnsbl.stats-unit.test.lookups").get()).isEqualTo(2L);
        assertThat(gauges.gauges.get("antispam.dnsbl.stats-unit.test.failures").get()).isEqualTo(2L);
        assertThat(gauges.gauges).containsKey("antispam.dnsbl.stats-unit.test.listings");
    }

    private static java.util.function.Supplier<Integer> sleeping(int millis) {
        return () -> {
            try {
                Thread.sleep(Duration.ofMillis(millis).toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return millis;
        };
    }
}
