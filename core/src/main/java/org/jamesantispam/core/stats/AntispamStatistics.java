package org.jamesantispam.core.stats;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

import javax.inject.Inject;
import javax.inject.Singleton;

import org.apache.james.metrics.api.GaugeRegistry;
import org.apache.james.metrics.api.Metric;
import org.apache.james.metrics.api.MetricFactory;
import org.apache.james.metrics.api.TimeMetric;
import org.jamesantispam.core.dnsbl.DnsblClient;
import org.jamesantispam.core.dnsbl.DnsblClients;
import org.jamesantispam.core.dnsbl.DnsblStatistics;

/**
 * What the anti-spam defences of one James did since it started: the figures of webadmin's
 * {@code GET /antispam/stats}, also published through James' {@link MetricFactory} (so they show in
 * webadmin's {@code /metrics}).
 * <ul>
 *   <li><b>verdicts</b>, one per recipient when the mail leaves the content filter
 *       ({@link Verdict}): clean, tagged, unchecked, spam by destiny. Meters
 *       {@code antispam.verdict.clean}, {@code .tagged}, {@code .unchecked},
 *       {@code antispam.verdict.spam.pass|discard|bounce|reject};</li>
 *   <li><b>rejections</b>, one per refused SMTP command (a refused RCPT counts once per
 *       recipient) or message, 4xx included: in total ({@code antispam.rejection}, of which
 *       {@code antispam.rejection.temporary}), per {@link RejectionStage}
 *       ({@code antispam.rejection.stage.rcpt}), per {@link RejectionKind}
 *       ({@code antispam.rejection.kind.restrictions}) and per check or rule
 *       ({@code antispam.rejection.check.<name>}, characters other than letters, digits,
 *       {@code . _ -} replaced by {@code _});</li>
 *   <li><b>DNSBL</b> counters per zone since start, read from the shared
 *       {@link DnsblClients} (which count since the JVM started: the figures here are the
 *       difference since this object was created); gauges {@code antispam.dnsbl.<zone>.lookups},
 *       {@code .listings}, {@code .failures}, registered when a zone is first seen;</li>
 *   <li><b>spamd scan time</b>: every scan (failed ones included) is timed with James' timer
 *       {@code antispam.spamd.scan_time} and recorded here in full (percentiles over all scans since
 *       start, see {@link ScanTimeFigures}).</li>
 * </ul>
 * One instance per James: hooks, mailets and routes get it injected (a just-in-time
 * {@link Singleton} whose dependencies live in James' root injector). Thread-safe; counting costs an
 * atomic add and a meter mark.
 */
@Singleton
public final class AntispamStatistics {
    static final String SCAN_TIMER = "antispam.spamd.scan_time";

    private final MetricFactory metrics;
    private final GaugeRegistry gauges;
    private final Instant startedAt;
    private final Map<String, DnsblZoneFigures> dnsblBaseline;
    private final Set<String> publishedZones = ConcurrentHashMap.newKeySet();
    private final Map<Verdict, Counter> verdicts = new EnumMap<>(Verdict.class);
    private final Counter rejections;
    private final Counter temporaryRejections;
    private final Map<RejectionStage, Counter> byStage = new EnumMap<>(RejectionStage.class);
    private final Map<RejectionKind, Counter> byKind = new EnumMap<>(RejectionKind.class);
    private final ConcurrentMap<String, Counter> byCheck = new ConcurrentHashMap<>();
    private final ScanTimes scanTimes = new ScanTimes();

    /** One count, and its James meter when there is a metric factory. */
    private static final class Counter {
        private final LongAdder count = new LongAdder();
        private final Metric meter;

        Counter(Metric meter) {
            this.meter = meter;
        }

        void increment() {
            count.increment();
            if (meter != null) {
                meter.increment();
            }
        }

        long get() {
            return count.sum();
        }
    }

    @Inject
    public AntispamStatistics(MetricFactory metrics, GaugeRegistry gauges) {
        this(metrics, gauges, Clock.systemUTC());
    }

    AntispamStatistics(MetricFactory metrics, GaugeRegistry gauges, Clock clock) {
        this.metrics = metrics;
        this.gauges = gauges;
        this.startedAt = clock.instant();
        this.dnsblBaseline = dnsblTotals();
        for (Verdict verdict : Verdict.values()) {
            verdicts.put(verdict, counter("antispam.verdict." + verdict.key()));
        }
        rejections = counter("antispam.rejection");
        temporaryRejections = counter("antispam.rejection.temporary");
        for (RejectionStage stage : RejectionStage.values()) {
            byStage.put(stage, counter("antispam.rejection.stage." + stage.key()));
        }
        for (RejectionKind kind : RejectionKind.values()) {
            byKind.put(kind, counter("antispam.rejection.kind." + kind.key()));
        }
    }

    /**
     * Statistics that publish nothing to James (outside James, and for components built without
     * injection, such as in unit tests): counted, readable through {@link #snapshot()}, seen by no
     * route.
     */
    public static AntispamStatistics detached() {
        return new AntispamStatistics(null, null, Clock.systemUTC());
    }

    /** Counts {@code recipients} recipients with {@code verdict}. */
    public void countVerdict(Verdict verdict, int recipients) {
        Counter counter = verdicts.get(Objects.requireNonNull(verdict, "verdict"));
        for (int i = 0; i < recipients; i++) {
            counter.increment();
        }
        publishNewDnsblZones();
    }

    /**
     * Counts one refusal.
     *
     * @param check the check or rule that decided, e.g. {@code reject_rbl_client bl.example.test}
     * @param permanent 5xx (true) or 4xx (false)
     */
    public void countRejection(RejectionStage stage, RejectionKind kind, String check, boolean permanent) {
        Objects.requireNonNull(stage, "stage");
        Objects.requireNonNull(kind, "kind");
        String name = check == null || check.isBlank() ? kind.key() : check.strip();
        rejections.increment();
        if (!permanent) {
            temporaryRejections.increment();
        }
        byStage.get(stage).increment();
        byKind.get(kind).increment();
        byCheck.computeIfAbsent(name, any -> counter("antispam.rejection.check." + metricSafe(name))).increment();
        publishNewDnsblZones();
    }

    /**
     * Runs one spamd scan, timing it with James' timer {@value #SCAN_TIMER} and recording its
     * duration here.
     */
    public <T> T timeSpamdScan(Supplier<T> scan) {
        if (metrics == null) {
            long start = System.nanoTime();
            try {
                return scan.get();
            } finally {
                scanTimes.record(Duration.ofNanos(System.nanoTime() - start));
            }
        }
        TimeMetric timer = metrics.timer(SCAN_TIMER);
        try {
            return scan.get();
        } finally {
            scanTimes.record(timer.stopAndPublish().elasped());
        }
    }

    /** Every figure now. */
    public StatisticsSnapshot snapshot() {
        publishNewDnsblZones();
        Map<String, Long> verdictCounts = new LinkedHashMap<>();
        Map<String, Long> spam = new LinkedHashMap<>();
        verdicts.forEach((verdict, counter) -> (verdict.isSpam() ? spam : verdictCounts).put(verdict.destiny(), counter.get()));
        Map<String, Long> stages = new LinkedHashMap<>();
        byStage.forEach((stage, counter) -> stages.put(stage.key(), counter.get()));
        Map<String, Long> kinds = new LinkedHashMap<>();
        byKind.forEach((kind, counter) -> kinds.put(kind.key(), counter.get()));
        Map<String, Long> checks = new TreeMap<>();
        byCheck.forEach((check, counter) -> checks.put(check, counter.get()));
        return new StatisticsSnapshot(startedAt, unmodifiable(verdictCounts), unmodifiable(spam), rejections.get(),
            temporaryRejections.get(), unmodifiable(stages), unmodifiable(kinds), unmodifiable(checks), dnsblSinceStart(),
            scanTimes.figures());
    }

    /** When counting started. */
    public Instant startedAt() {
        return startedAt;
    }

    private Counter counter(String name) {
        return new Counter(metrics == null ? null : metrics.generate(name));
    }

    /** {@code check_sender_access hash:/etc/x} as {@code check_sender_access_hash__etc_x}. */
    static String metricSafe(String name) {
        return name.replaceAll("[^A-Za-z0-9._-]", "_");
    }

    private static <K, V> Map<K, V> unmodifiable(Map<K, V> map) {
        return java.util.Collections.unmodifiableMap(map);
    }

    private Map<String, DnsblZoneFigures> dnsblSinceStart() {
        Map<String, DnsblZoneFigures> result = new TreeMap<>();
        dnsblTotals().forEach((zone, now) -> {
            DnsblZoneFigures since = now.minus(dnsblBaseline.getOrDefault(zone, ZERO));
            if (since.lookups() > 0) {
                result.put(zone, since);
            }
        });
        return unmodifiable(result);
    }

    private DnsblZoneFigures dnsblZone(String zone) {
        return dnsblTotals().getOrDefault(zone, ZERO).minus(dnsblBaseline.getOrDefault(zone, ZERO));
    }

    private static final DnsblZoneFigures ZERO = new DnsblZoneFigures(0, 0, 0, 0, 0);

    /** The counters of every shared DNSBL client, summed per zone (since the JVM started). */
    private static Map<String, DnsblZoneFigures> dnsblTotals() {
        Map<String, DnsblZoneFigures> totals = new TreeMap<>();
        for (DnsblClient client : DnsblClients.all().values()) {
            DnsblStatistics statistics = client.statistics();
            for (String zone : statistics.zones()) {
                DnsblZoneFigures figures = new DnsblZoneFigures(statistics.lookups(zone), statistics.listings(zone),
                    statistics.failures(zone), statistics.queriesSent(zone), statistics.cacheHits(zone));
                totals.merge(zone, figures, DnsblZoneFigures::plus);
            }
        }
        return totals;
    }

    /** Registers James gauges for zones looked up since the last call. */
    private void publishNewDnsblZones() {
        if (gauges == null) {
            return;
        }
        for (DnsblClient client : DnsblClients.all().values()) {
            for (String zone : client.statistics().zones()) {
                if (publishedZones.add(zone)) {
                    String prefix = "antispam.dnsbl." + metricSafe(zone);
                    gauges.register(prefix + ".lookups", () -> dnsblZone(zone).lookups());
                    gauges.register(prefix + ".listings", () -> dnsblZone(zone).listings());
                    gauges.register(prefix + ".failures", () -> dnsblZone(zone).failures());
                }
            }
        }
    }
}
