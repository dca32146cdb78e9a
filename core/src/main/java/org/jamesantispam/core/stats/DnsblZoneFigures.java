package org.jamesantispam.core.stats;

/**
 * The counters of one DNS blocklist zone since start (see
 * {@link org.jamesantispam.core.dnsbl.DnsblStatistics}): lookups of a client address, listings
 * (hits), failures (no answer in time: never a hit), DNS queries sent and answers taken from the
 * cache.
 */
public record DnsblZoneFigures(long lookups, long listings, long failures, long queriesSent, long cacheHits) {
    DnsblZoneFigures minus(DnsblZoneFigures other) {
        return new DnsblZoneFigures(lookups - other.lookups, listings - other.listings, failures - other.failures,
            queriesSent - other.queriesSent, cacheHits - other.cacheHits);
    }

    DnsblZoneFigures plus(DnsblZoneFigures other) {
        return new DnsblZoneFigures(lookups + other.lookups, listings + other.listings, failures + other.failures,
            queriesSent + other.queriesSent, cacheHits + other.cacheHits);
    }
}
