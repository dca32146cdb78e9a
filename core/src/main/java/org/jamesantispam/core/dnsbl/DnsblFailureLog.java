package org.jamesantispam.core.dnsbl;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs failed DNSBL lookups at WARN, at most once per zone per minute, with the number of failures
 * not logged since (an unreachable blocklist must not flood the log).
 */
final class DnsblFailureLog {
    private static final Logger LOGGER = LoggerFactory.getLogger(DnsblClient.class);
    private static final long INTERVAL_NANOS = TimeUnit.MINUTES.toNanos(1);

    private static final class State {
        final AtomicLong lastLoggedNanos = new AtomicLong(System.nanoTime() - INTERVAL_NANOS - 1);
        final AtomicLong suppressed = new AtomicLong();
    }

    private final ConcurrentMap<String, State> zones = new ConcurrentHashMap<>();
    private final String resolver;

    DnsblFailureLog(String resolver) {
        this.resolver = resolver;
    }

    void failed(DnsblZone zone, String queryName, String failure) {
        State state = zones.computeIfAbsent(zone.domain(), any -> new State());
        long now = System.nanoTime();
        long last = state.lastLoggedNanos.get();
        if (now - last >= INTERVAL_NANOS && state.lastLoggedNanos.compareAndSet(last, now)) {
            long suppressed = state.suppressed.getAndSet(0);
            LOGGER.warn("DNSBL {}: lookup of {} via {} failed ({}); the client is treated as not listed{}", zone.domain(),
                queryName, resolver, failure, suppressed == 0 ? "" : " (" + suppressed + " more failures in this zone not logged)");
        } else {
            state.suppressed.incrementAndGet();
            LOGGER.debug("DNSBL {}: lookup of {} via {} failed ({})", zone.domain(), queryName, resolver, failure);
        }
    }
}
