package org.jamesantispam.core.dnsbl;

import java.util.Set;

/**
 * Counters of a {@link DnsblClient} since it was created, in total and per zone (domain name, e.g.
 * {@code bl.example.test}), for metrics and tests:
 * <ul>
 *   <li>{@code lookups}: client addresses looked up in a zone (one per zone and lookup);</li>
 *   <li>{@code queriesSent}: DNS queries actually sent (A, and TXT for listed clients);</li>
 *   <li>{@code cacheHits}: queries not sent because the answer was cached or already in flight;</li>
 *   <li>{@code failures}: lookups that got no answer in time (timeout, network error, SERVFAIL):
 *       never a listing;</li>
 *   <li>{@code listings}: lookups that found the client listed (after the return-code filter).</li>
 * </ul>
 * The cache hit ratio is {@code cacheHits / (cacheHits + queriesSent)}.
 */
public interface DnsblStatistics {
    /** The zones seen so far. */
    Set<String> zones();

    long lookups();

    long queriesSent();

    long cacheHits();

    long failures();

    long listings();

    long lookups(String zone);

    long queriesSent(String zone);

    long cacheHits(String zone);

    long failures(String zone);

    long listings(String zone);
}
