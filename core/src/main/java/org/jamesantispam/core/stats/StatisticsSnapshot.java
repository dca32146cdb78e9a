package org.jamesantispam.core.stats;

import java.time.Instant;
import java.util.Map;

/**
 * Every figure of {@link AntispamStatistics} at one moment. Maps are immutable; those keyed by an
 * enum's {@code key()} list every key (zero included), in the enum's order; {@code rejectionsByCheck}
 * and {@code dnsbl} are sorted by name and list only what happened / the zones looked up.
 *
 * @param startedAt when counting started (the server's start)
 * @param verdicts per recipient: {@code clean}, {@code tagged}, {@code unchecked}
 * @param spamByDestiny spam recipients per destiny: {@code pass}, {@code discard}, {@code bounce}, {@code reject}
 * @param rejections refusals in total (one per refused SMTP command or message; 4xx included)
 * @param temporaryRejections of which 4xx (try again later)
 * @param rejectionsByStage per {@link RejectionStage#key()}
 * @param rejectionsByKind per {@link RejectionKind#key()}
 * @param rejectionsByCheck per check or rule, e.g. {@code reject_rbl_client bl.example.test},
 *     {@code header_checks header_checks:3 REJECT}
 * @param dnsbl per zone
 * @param spamdScanTime durations of spamd scans
 */
public record StatisticsSnapshot(Instant startedAt, Map<String, Long> verdicts, Map<String, Long> spamByDestiny,
                                 long rejections, long temporaryRejections, Map<String, Long> rejectionsByStage,
                                 Map<String, Long> rejectionsByKind, Map<String, Long> rejectionsByCheck,
                                 Map<String, DnsblZoneFigures> dnsbl, ScanTimeFigures spamdScanTime) {
}
