package org.jamesantispam.core.dnsbl;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Supplier;

import org.xbill.DNS.Name;

import com.google.common.base.Ticker;
import com.google.common.cache.CacheBuilder;

/**
 * DNS answers by (name, type), each kept for its TTL bounded by a maximum (positive and negative
 * separately), in a cache of bounded size (least recently used out first). A query in flight is
 * shared: a second lookup of the same name waits for the same response instead of sending another
 * query. Failed queries are not kept.
 */
final class DnsAnswerCache {
    record Key(Name name, int type) {
    }

    /** Whether {@link #get} answered from the cache (or from a query in flight) or sent a query. */
    record Lookup(CompletableFuture<DnsAnswer> answer, boolean hit) {
    }

    private static final class Entry {
        final CompletableFuture<DnsAnswer> answer = new CompletableFuture<>();
        /** Long.MAX_VALUE while the query is in flight. */
        volatile long expiresAtNanos = Long.MAX_VALUE;
    }

    private final ConcurrentMap<Key, Entry> entries;
    private final long maxTtlNanos;
    private final long maxNegativeTtlNanos;
    private final Ticker ticker;

    DnsAnswerCache(int maxEntries, Duration maxTtl, Duration maxNegativeTtl, Ticker ticker) {
        this.entries = CacheBuilder.newBuilder().maximumSize(maxEntries).<Key, Entry>build().asMap();
        this.maxTtlNanos = maxTtl.toNanos();
        this.maxNegativeTtlNanos = maxNegativeTtl.toNanos();
        this.ticker = Objects.requireNonNull(ticker, "ticker");
    }

    /**
     * The cached answer for {@code key}, or the answer of {@code query} (which sends a query),
     * cached when it completes with a cacheable answer. The returned future is the caller's own.
     */
    Lookup get(Key key, Supplier<CompletableFuture<DnsAnswer>> query) {
        while (true) {
            Entry fresh = new Entry();
            Entry existing = entries.putIfAbsent(key, fresh);
            if (existing == null) {
                start(key, fresh, query);
                return new Lookup(fresh.answer.copy(), false);
            }
            if (existing.expiresAtNanos <= ticker.read()) {
                entries.remove(key, existing);
                continue;
            }
            return new Lookup(existing.answer.copy(), true);
        }
    }

    private void start(Key key, Entry entry, Supplier<CompletableFuture<DnsAnswer>> query) {
        CompletableFuture<DnsAnswer> response;
        try {
            response = query.get();
        } catch (RuntimeException e) {
            response = CompletableFuture.failedFuture(e);
        }
        response.whenComplete((answer, error) -> {
            long ttlNanos = error != null ? -1 : ttlNanos(answer);
            if (ttlNanos <= 0) {
                entries.remove(key, entry);
            } else {
                entry.expiresAtNanos = ticker.read() + ttlNanos;
            }
            if (error != null) {
                entry.answer.completeExceptionally(error);
            } else {
                entry.answer.complete(answer);
            }
        });
    }

    private long ttlNanos(DnsAnswer answer) {
        if (answer.ttlSeconds() <= 0) {
            return -1;
        }
        long ttl = Duration.ofSeconds(answer.ttlSeconds()).toNanos();
        return Math.min(ttl, answer.isNegative() ? maxNegativeTtlNanos : maxTtlNanos);
    }

    /** Answers currently kept (in flight included). */
    long size() {
        return entries.size();
    }
}
