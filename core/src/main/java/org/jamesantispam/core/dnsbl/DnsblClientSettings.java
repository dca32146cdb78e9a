package org.jamesantispam.core.dnsbl;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.jamesantispam.core.config.DurationText;

/**
 * How a {@link DnsblClient} queries and caches. Parameters (names as in {@link #parse(Map)}, the
 * same for SMTP hooks and the {@code IsListedInDnsbl} matcher):
 * <ul>
 *   <li>{@code resolver}: {@code system} (default: {@code /etc/resolv.conf}) or {@code ip[:port]},
 *       {@code [ipv6]:port} ({@link DnsServerAddress});</li>
 *   <li>{@code timeout}: per query, and so for the whole lookup of a client in all zones, which
 *       are queried in parallel (default {@code 2s});</li>
 *   <li>{@code cacheSize}: answers kept at most (default 10000; 0 disables the cache);</li>
 *   <li>{@code maxTtl}: an answer is kept for its DNS TTL, at most this (default {@code 1h});</li>
 *   <li>{@code maxNegativeTtl}: a "not listed" answer (NXDOMAIN or no A record) is kept for the
 *       zone's negative TTL (min of the SOA's TTL and minimum field, RFC 2308), at most this
 *       (default {@code 15m}); without SOA in the answer it is not kept.</li>
 * </ul>
 */
public record DnsblClientSettings(DnsServerAddress resolver, Duration timeout, int cacheSize, Duration maxTtl,
                                  Duration maxNegativeTtl) {
    public static final String RESOLVER = "resolver";
    public static final String TIMEOUT = "timeout";
    public static final String CACHE_SIZE = "cacheSize";
    public static final String MAX_TTL = "maxTtl";
    public static final String MAX_NEGATIVE_TTL = "maxNegativeTtl";
    /** The parameter names {@link #parse(Map)} knows. */
    public static final List<String> PARAMETERS = List.of(RESOLVER, TIMEOUT, CACHE_SIZE, MAX_TTL, MAX_NEGATIVE_TTL);

    private static final Duration MAX_TIMEOUT = Duration.ofSeconds(60);

    public static final DnsblClientSettings DEFAULTS = new DnsblClientSettings(DnsServerAddress.system(),
        Duration.ofSeconds(2), 10_000, Duration.ofHours(1), Duration.ofMinutes(15));

    public DnsblClientSettings {
        Objects.requireNonNull(resolver, RESOLVER);
        Objects.requireNonNull(timeout, TIMEOUT);
        Objects.requireNonNull(maxTtl, MAX_TTL);
        Objects.requireNonNull(maxNegativeTtl, MAX_NEGATIVE_TTL);
        if (timeout.compareTo(Duration.ofMillis(1)) < 0 || timeout.compareTo(MAX_TIMEOUT) > 0) {
            throw new IllegalArgumentException(TIMEOUT + ": " + timeout.toMillis() + "ms is out of range; expected 1ms..60s");
        }
        if (cacheSize < 0) {
            throw new IllegalArgumentException(CACHE_SIZE + ": " + cacheSize + " is negative; expected 0 or more");
        }
        if (maxTtl.isNegative() || maxNegativeTtl.isNegative()) {
            throw new IllegalArgumentException(MAX_TTL + "/" + MAX_NEGATIVE_TTL + " must not be negative");
        }
    }

    /**
     * Reads settings from named values (unset names keep their default).
     *
     * @throws IllegalArgumentException naming the parameter, the value and what is expected, also
     *         for an unknown parameter name
     */
    public static DnsblClientSettings parse(Map<String, String> values) {
        Map<String, String> remaining = new LinkedHashMap<>(values);
        DnsblClientSettings settings = DEFAULTS;
        String resolver = remaining.remove(RESOLVER);
        if (resolver != null) {
            try {
                settings = settings.withResolver(DnsServerAddress.parse(resolver));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(RESOLVER + ": " + e.getMessage(), e);
            }
        }
        String timeout = remaining.remove(TIMEOUT);
        if (timeout != null) {
            settings = new DnsblClientSettings(settings.resolver, DurationText.parse(TIMEOUT, timeout), settings.cacheSize,
                settings.maxTtl, settings.maxNegativeTtl);
        }
        String cacheSize = remaining.remove(CACHE_SIZE);
        if (cacheSize != null) {
            if (!cacheSize.strip().matches("\\d{1,9}")) {
                throw new IllegalArgumentException(CACHE_SIZE + ": '" + cacheSize + "' is not a number; expected 0 or more, e.g. 10000");
            }
            settings = new DnsblClientSettings(settings.resolver, settings.timeout, Integer.parseInt(cacheSize.strip()),
                settings.maxTtl, settings.maxNegativeTtl);
        }
        String maxTtl = remaining.remove(MAX_TTL);
        if (maxTtl != null) {
            settings = new DnsblClientSettings(settings.resolver, settings.timeout, settings.cacheSize,
                DurationText.parse(MAX_TTL, maxTtl), settings.maxNegativeTtl);
        }
        String maxNegativeTtl = remaining.remove(MAX_NEGATIVE_TTL);
        if (maxNegativeTtl != null) {
            settings = new DnsblClientSettings(settings.resolver, settings.timeout, settings.cacheSize, settings.maxTtl,
                DurationText.parse(MAX_NEGATIVE_TTL, maxNegativeTtl));
        }
        if (!remaining.isEmpty()) {
            throw new IllegalArgumentException("unknown DNSBL parameter '" + remaining.keySet().iterator().next()
                + "'; expected one of " + PARAMETERS);
        }
        return settings;
    }

    public DnsblClientSettings withResolver(DnsServerAddress newResolver) {
        return new DnsblClientSettings(newResolver, timeout, cacheSize, maxTtl, maxNegativeTtl);
    }

    public DnsblClientSettings withTimeout(Duration newTimeout) {
        return new DnsblClientSettings(resolver, newTimeout, cacheSize, maxTtl, maxNegativeTtl);
    }

    public DnsblClientSettings withCache(int newCacheSize, Duration newMaxTtl, Duration newMaxNegativeTtl) {
        return new DnsblClientSettings(resolver, timeout, newCacheSize, newMaxTtl, newMaxNegativeTtl);
    }

    @Override
    public String toString() {
        return RESOLVER + "=" + resolver + "; " + TIMEOUT + "=" + timeout.toMillis() + "ms; " + CACHE_SIZE + "=" + cacheSize
            + "; " + MAX_TTL + "=" + maxTtl.toSeconds() + "s; " + MAX_NEGATIVE_TTL + "=" + maxNegativeTtl.toSeconds() + "s";
    }
}
