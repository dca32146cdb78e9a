package org.jamesantispam.core.dnsbl;

import java.io.IOException;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;

import com.google.common.base.Ticker;

/**
 * Looks client addresses up in DNS blocklists (and allow lists): the one implementation behind
 * {@link RejectRblClient}, {@link PermitDnswlClient} and the {@code IsListedInDnsbl} matcher.
 *
 * <ul>
 *   <li>Query names per RFC 5782 ({@link DnsblZone#queryName}): reversed IPv4 octets, reversed
 *       IPv6 nibbles.</li>
 *   <li>All zones of a lookup are queried in parallel; every query waits at most the configured
 *       timeout, and the whole lookup (TXT of a listed client included) ends within one timeout:
 *       a TXT record that did not arrive by then leaves the listing without text.</li>
 *   <li>A zone lists the client when it answers an A record passing the zone's return-code filter
 *       (any A record without filter); the TXT record of the same name is the reason.</li>
 *   <li>Answers are cached for their TTL (bounded by {@code maxTtl}); negative answers for the
 *       SOA's negative TTL (bounded by {@code maxNegativeTtl}); the cache holds at most
 *       {@code cacheSize} answers.</li>
 *   <li>No answer in time, a network error or an error RCODE (SERVFAIL, REFUSED) is a
 *       {@link DnsblResult.Status#FAILED} result, never a listing: logged at WARN (once per zone
 *       per minute at most) and counted.</li>
 * </ul>
 * Thread-safe; share one client (see {@link DnsblClients}) so hooks and matchers share the cache.
 */
public final class DnsblClient {
    private static final Logger LOGGER = LoggerFactory.getLogger(DnsblClient.class);

    private final DnsblResolver resolver;
    private final DnsblClientSettings settings;
    private final DnsAnswerCache cache;
    private final DnsblCounters counters = new DnsblCounters();
    private final DnsblFailureLog failureLog;
    private final long timeoutNanos;

    /** A client querying the resolver of {@code settings} through dnsjava. */
    public DnsblClient(DnsblClientSettings settings) {
        this(DnsjavaDnsblResolver.of(settings.resolver(), settings.timeout()), settings, Ticker.systemTicker());
    }

    /**
     * @param resolver where queries go ({@code settings.resolver()} is then only informative)
     * @param ticker the clock of the cache's TTLs ({@link Ticker#systemTicker()} but in tests)
     */
    public DnsblClient(DnsblResolver resolver, DnsblClientSettings settings, Ticker ticker) {
        this.resolver = Objects.requireNonNull(resolver, "resolver");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.cache = new DnsAnswerCache(settings.cacheSize(), settings.maxTtl(), settings.maxNegativeTtl(), ticker);
        this.failureLog = new DnsblFailureLog(resolver.description());
        this.timeoutNanos = settings.timeout().toNanos();
    }

    /**
     * Starts looking {@code client} up in every zone at once.
     *
     * @param withTxt also fetch the TXT record of listed clients (the reason, for a reply text)
     */
    public DnsblLookup lookup(InetAddress client, List<DnsblZone> zones, boolean withTxt) {
        return lookup(client, zones, withTxt, true);
    }

    /**
     * As {@link #lookup(InetAddress, List, boolean)}; with {@code counted} false (a dry run), the
     * lookup shares the cache but moves no {@link #statistics() counter} and logs failures at DEBUG only.
     */
    public DnsblLookup lookup(InetAddress client, List<DnsblZone> zones, boolean withTxt, boolean counted) {
        Objects.requireNonNull(client, "client");
        long deadline = System.nanoTime() + timeoutNanos;
        DnsblCounters lookupCounters = counted ? counters : new DnsblCounters();
        List<CompletableFuture<DnsblResult>> results = new ArrayList<>(zones.size());
        for (DnsblZone zone : zones) {
            results.add(lookup(client, zone, withTxt, deadline, lookupCounters, counted));
        }
        return new DnsblLookup(zones, results, deadline);
    }

    /**
     * Starts the queries for {@code client} in {@code zones} without waiting: a later
     * {@link #lookup} of the same client joins the queries in flight or finds their answers cached.
     * For a restriction engine that knows at connect time every zone its lists will ask, so that
     * restrictions evaluated one after the other still cost at most one timeout together.
     */
    public void prefetch(InetAddress client, List<DnsblZone> zones) {
        lookup(client, zones, true);
    }

    /** Looks {@code client} up in one zone and waits for the result (at most one timeout). */
    public DnsblResult lookup(InetAddress client, DnsblZone zone, boolean withTxt) {
        return lookup(client, List.of(zone), withTxt).results().get(0);
    }

    public DnsblStatistics statistics() {
        return counters;
    }

    public DnsblClientSettings settings() {
        return settings;
    }

    /** Answers (and queries in flight) the cache holds now. */
    public long cachedAnswers() {
        return cache.size();
    }

    private CompletableFuture<DnsblResult> lookup(InetAddress client, DnsblZone zone, boolean withTxt, long deadline,
                                                  DnsblCounters counters, boolean counted) {
        DnsblCounters.Zone zoneCounters = counters.zone(zone.domain());
        zoneCounters.lookups.incrementAndGet();
        Name name = zone.queryName(client);
        return query(name, Type.A, zoneCounters, deadline)
            .thenCompose(answer -> {
                if (!zone.lists(answer.addresses())) {
                    return CompletableFuture.completedFuture(DnsblResult.notListed(zone, answer.addresses()));
                }
                if (!withTxt) {
                    return CompletableFuture.completedFuture(DnsblResult.listed(zone, answer.addresses(), Optional.empty()));
                }
                return query(name, Type.TXT, zoneCounters, deadline).handle((txt, error) -> {
                    if (error != null) {
                        LOGGER.debug("DNSBL {}: no TXT for {} ({})", zone.domain(), name, describe(error));
                    }
                    Optional<String> reason = error != null || txt.texts().isEmpty()
                        ? Optional.empty() : Optional.of(String.join("; ", txt.texts()));
                    return DnsblResult.listed(zone, answer.addresses(), reason);
                });
            })
            .handle((result, error) -> {
                if (error != null) {
                    zoneCounters.failures.incrementAndGet();
                    String failure = describe(error);
                    if (counted) {
                        failureLog.failed(zone, name.toString(), failure);
                    } else {
                        LOGGER.debug("DNSBL {}: dry-run lookup of {} failed ({})", zone.domain(), name, failure);
                    }
                    return DnsblResult.failed(zone, failure);
                }
                if (result.isListed()) {
                    zoneCounters.listings.incrementAndGet();
                    LOGGER.debug("DNSBL {}: {} listed with {} {}", zone, client.getHostAddress(), result.answers(), result.txt().orElse(""));
                }
                return result;
            });
    }

    /** The answer for (name, type), from the cache or a query, failing at the deadline. */
    private CompletableFuture<DnsAnswer> query(Name name, int type, DnsblCounters.Zone zoneCounters, long deadline) {
        DnsAnswerCache.Lookup lookup = cache.get(new DnsAnswerCache.Key(name, type), () -> {
            zoneCounters.queriesSent.incrementAndGet();
            return send(name, type);
        });
        if (lookup.hit()) {
            zoneCounters.cacheHits.incrementAndGet();
        }
        long remaining = Math.max(1, deadline - System.nanoTime());
        return lookup.answer().orTimeout(remaining, TimeUnit.NANOSECONDS);
    }

    private CompletableFuture<DnsAnswer> send(Name name, int type) {
        Message query = Message.newQuery(Record.newRecord(name, type, DClass.IN));
        return resolver.send(query).toCompletableFuture()
            .orTimeout(timeoutNanos, TimeUnit.NANOSECONDS)
            .thenApply(response -> DnsAnswer.of(response, type));
    }

    private String describe(Throwable error) {
        Throwable cause = error;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException) && cause.getCause() != null) {
            cause = cause.getCause();
        }
        if (cause instanceof TimeoutException) {
            return "no answer within " + settings.timeout().toMillis() + " ms";
        }
        if (cause instanceof DnsLookupException) {
            return cause.getMessage();
        }
        if (cause instanceof IOException) {
            return "network error: " + (cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage());
        }
        return cause.toString();
    }

    @Override
    public String toString() {
        return "DnsblClient[" + resolver.description() + ", " + settings + "]";
    }
}
