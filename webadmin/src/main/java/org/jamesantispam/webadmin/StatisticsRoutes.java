package org.jamesantispam.webadmin;

import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import javax.inject.Inject;

import org.apache.james.webadmin.Routes;
import org.apache.james.webadmin.utils.JsonTransformer;
import org.jamesantispam.core.stats.AntispamStatistics;
import org.jamesantispam.core.stats.DnsblZoneFigures;
import org.jamesantispam.core.stats.ScanTimeFigures;
import org.jamesantispam.core.stats.StatisticsSnapshot;

import spark.Service;

/**
 * {@code GET /antispam/stats}: what the anti-spam defences did since James started (the figures of
 * {@link AntispamStatistics}), as JSON. The same figures are James metrics
 * ({@code antispam.verdict.*}, {@code antispam.rejection.*}, {@code antispam.dnsbl.*},
 * timer {@code antispam.spamd.scan_time}), shown by {@code GET /metrics} when James'
 * {@code MetricsRoutes} is registered. Register both in {@code webadmin.properties}:
 * <pre>
 * extensions.routes=org.apache.james.webadmin.dropwizard.MetricsRoutes,org.jamesantispam.webadmin.StatisticsRoutes
 * </pre>
 * Authenticated like James' own routes (a JWT {@code Authorization: Bearer} token with
 * {@code "admin": true} when {@code jwt.enabled=true}). No parameters.
 *
 * <pre>
 * curl http://127.0.0.1:8000/antispam/stats
 * curl -H "Authorization: Bearer $TOKEN" http://127.0.0.1:8000/antispam/stats   # jwt.enabled=true
 * </pre>
 * answers
 * <pre>{@code
 * {"startedAt":"2026-11-30T07:30:00.123Z","uptimeSeconds":3600,
 *  "verdicts":{"clean":1,"tagged":1,"unchecked":0,"spam":{"pass":0,"discard":1,"bounce":0,"reject":0}},
 *  "rejections":{"total":2,"temporary":0,
 *    "byStage":{"connect":0,"helo":0,"mail":0,"rcpt":1,"data":1,"pipeline":0},
 *    "byKind":{"restrictions":1,"contentChecks":1,"bannedAttachments":0,"spam":0},
 *    "byCheck":{"header_checks header_checks:8 REJECT":1,"reject_rbl_client bl.example.test":1}},
 *  "dnsbl":{"bl.example.test":{"lookups":4,"listings":1,"failures":0,"queriesSent":5,"cacheHits":0}},
 *  "spamdScanTime":{"count":3,"p50Ms":112.6,"p95Ms":171.1,"p99Ms":171.1,"maxMs":171.1,"meanMs":131.5}}
 * }</pre>
 * Verdicts count recipients when their mail leaves the content filter; rejections count refused
 * SMTP commands or messages (a refused RCPT once per recipient; 4xx included, also counted in
 * {@code temporary}; stage {@code pipeline}: a content-check REJECT after acceptance); DNSBL
 * figures are per zone since start; scan times cover every spamd scan since start (failed ones
 * included), in milliseconds.
 */
public class StatisticsRoutes implements Routes {
    public static final String BASE = "/antispam/stats";

    private final AntispamStatistics statistics;
    private final Clock clock;
    private final JsonTransformer json = new JsonTransformer();

    @Inject
    public StatisticsRoutes(AntispamStatistics statistics) {
        this(statistics, Clock.systemUTC());
    }

    StatisticsRoutes(AntispamStatistics statistics, Clock clock) {
        this.statistics = statistics;
        this.clock = clock;
    }

    @Override
    public String getBasePath() {
        return BASE;
    }

    @Override
    public void define(Service service) {
        service.get(BASE, (request, response) -> {
            response.type("application/json");
            return body(statistics.snapshot());
        }, json);
    }

    /** The JSON document, as ordered maps. */
    Map<String, Object> body(StatisticsSnapshot snapshot) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("startedAt", snapshot.startedAt().toString());
        body.put("uptimeSeconds", Math.max(0, Duration.between(snapshot.startedAt(), clock.instant()).toSeconds()));
        Map<String, Object> verdicts = new LinkedHashMap<>(snapshot.verdicts());
        verdicts.put("spam", snapshot.spamByDestiny());
        body.put("verdicts", verdicts);
        Map<String, Object> rejections = new LinkedHashMap<>();
        rejections.put("total", snapshot.rejections());
        rejections.put("temporary", snapshot.temporaryRejections());
        rejections.put("byStage", snapshot.rejectionsByStage());
        rejections.put("byKind", snapshot.rejectionsByKind());
        rejections.put("byCheck", snapshot.rejectionsByCheck());
        body.put("rejections", rejections);
        Map<String, Object> dnsbl = new LinkedHashMap<>();
        snapshot.dnsbl().forEach((zone, figures) -> dnsbl.put(zone, zone(figures)));
        body.put("dnsbl", dnsbl);
        body.put("spamdScanTime", scanTime(snapshot.spamdScanTime()));
        return body;
    }

    private static Map<String, Object> zone(DnsblZoneFigures figures) {
        Map<String, Object> zone = new LinkedHashMap<>();
        zone.put("lookups", figures.lookups());
        zone.put("listings", figures.listings());
        zone.put("failures", figures.failures());
        zone.put("queriesSent", figures.queriesSent());
        zone.put("cacheHits", figures.cacheHits());
        return zone;
    }

    private static Map<String, Object> scanTime(ScanTimeFigures figures) {
        Map<String, Object> scanTime = new LinkedHashMap<>();
        scanTime.put("count", figures.count());
        scanTime.put("p50Ms", figures.p50Millis());
        scanTime.put("p95Ms", figures.p95Millis());
        scanTime.put("p99Ms", figures.p99Millis());
        scanTime.put("maxMs", figures.maxMillis());
        scanTime.put("meanMs", figures.meanMillis());
        return scanTime;
    }
}
