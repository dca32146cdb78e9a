package org.jamesantispam.core.dnsbl;

import java.net.InetAddress;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The result of looking up one client address in one zone.
 *
 * @param zone the zone as configured
 * @param status listed (after the zone's return-code filter), not listed, or failed (no answer in
 *        time, network error, SERVFAIL...: never a listing)
 * @param answers the A records the zone answered (also when the filter rejected them)
 * @param txt the zone's TXT text for the client, when listed and asked for and the zone has one
 *        (several TXT records joined with {@code "; "}); raw, not sanitized
 * @param failure what went wrong, for {@link Status#FAILED}
 */
public record DnsblResult(DnsblZone zone, Status status, List<InetAddress> answers, Optional<String> txt,
                          Optional<String> failure) {
    public enum Status { LISTED, NOT_LISTED, FAILED }

    public DnsblResult {
        Objects.requireNonNull(zone, "zone");
        Objects.requireNonNull(status, "status");
        answers = List.copyOf(answers);
        Objects.requireNonNull(txt, "txt");
        Objects.requireNonNull(failure, "failure");
    }

    static DnsblResult listed(DnsblZone zone, List<InetAddress> answers, Optional<String> txt) {
        return new DnsblResult(zone, Status.LISTED, answers, txt, Optional.empty());
    }

    static DnsblResult notListed(DnsblZone zone, List<InetAddress> answers) {
        return new DnsblResult(zone, Status.NOT_LISTED, answers, Optional.empty(), Optional.empty());
    }

    static DnsblResult failed(DnsblZone zone, String failure) {
        return new DnsblResult(zone, Status.FAILED, List.of(), Optional.empty(), Optional.of(failure));
    }

    public boolean isListed() {
        return status == Status.LISTED;
    }

    public boolean isFailed() {
        return status == Status.FAILED;
    }
}
