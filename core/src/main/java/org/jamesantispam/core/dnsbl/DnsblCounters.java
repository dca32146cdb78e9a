package org.jamesantispam.core.dnsbl;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/** The {@link DnsblStatistics} of one client: plain atomic counters per zone. */
final class DnsblCounters implements DnsblStatistics {
    static final class Zone {
        final AtomicLong lookups = new AtomicLong();
        final AtomicLong queriesSent = new AtomicLong();
        final AtomicLong cacheHits = new AtomicLong();
        final AtomicLong failures = new AtomicLong();
        final AtomicLong listings = new AtomicLong();
    }

    private static final Zone NONE = new Zone();

    private final ConcurrentMap<String, Zone> zones = new ConcurrentHashMap<>();

    Zone zone(String zone) {
        return zones.computeIfAbsent(zone, any -> new Zone());
    }

    @Override
    public Set<String> zones() {
        return Set.copyOf(zones.keySet());
    }

    @Override
    public long lookups() {
        return total(zone -> zone.lookups);
    }

    @Override
    public long queriesSent() {
        return total(zone -> zone.queriesSent);
    }

    @Override
    public long cacheHits() {
        return total(zone -> zone.cacheHits);
    }

    @Override
    public long failures() {
        return total(zone -> zone.failures);
    }

    @Override
    public long listings() {
        return total(zone -> zone.listings);
    }

    @Override
    public long lookups(String zone) {
        return existing(zone).lookups.get();
    }

    @Override
    public long queriesSent(String zone) {
        return existing(zone).queriesSent.get();
    }

    @Override
    public long cacheHits(String zone) {
        return existing(zone).cacheHits.get();
    }

    @Override
    public long failures(String zone) {
        return existing(zone).failures.get();
    }

    @Override
    public long listings(String zone) {
        return existing(zone).listings.get();
    }

    private Zone existing(String zone) {
        return zones.getOrDefault(zone, NONE);
    }

    private long total(Function<Zone, AtomicLong> counter) {
        return zones.values().stream().mapToLong(zone -> counter.apply(zone).get()).sum();
    }

    @Override
    public String toString() {
        return "lookups=" + lookups() + " queriesSent=" + queriesSent() + " cacheHits=" + cacheHits()
            + " failures=" + failures() + " listings=" + listings();
    }
}
