package org.jamesantispam.core.dnsbl;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The lookup of one client address in several zones, queried in parallel and bounded by one
 * timeout: every zone's result is there at the latest when the timeout has passed (then as
 * {@link DnsblResult.Status#FAILED}).
 */
public final class DnsblLookup {
    /** Scheduling slack on top of the deadline, never reached in practice. */
    private static final long MARGIN_NANOS = TimeUnit.MILLISECONDS.toNanos(500);

    private final List<DnsblZone> zones;
    private final List<CompletableFuture<DnsblResult>> results;
    private final long deadlineNanos;

    DnsblLookup(List<DnsblZone> zones, List<CompletableFuture<DnsblResult>> results, long deadlineNanos) {
        this.zones = List.copyOf(zones);
        this.results = List.copyOf(results);
        this.deadlineNanos = deadlineNanos;
    }

    /** Every zone's result, in the zones' order; waits for all of them. */
    public List<DnsblResult> results() {
        List<DnsblResult> all = new ArrayList<>(zones.size());
        for (int i = 0; i < zones.size(); i++) {
            all.add(await(i));
        }
        return all;
    }

    /**
     * The first zone, in the configured order, that lists the client: waits for the zones in order
     * and returns as soon as the answer is known (a listing in the first zone does not wait for the
     * others).
     */
    public Optional<DnsblResult> firstListed() {
        for (int i = 0; i < zones.size(); i++) {
            DnsblResult result = await(i);
            if (result.isListed()) {
                return Optional.of(result);
            }
        }
        return Optional.empty();
    }

    /** The first zone whose lookup failed, in the configured order; waits for all zones. */
    public Optional<DnsblResult> firstFailed() {
        return results().stream().filter(DnsblResult::isFailed).findFirst();
    }

    private DnsblResult await(int index) {
        try {
            long wait = Math.max(0, deadlineNanos - System.nanoTime()) + MARGIN_NANOS;
            return results.get(index).get(wait, TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return DnsblResult.failed(zones.get(index), "interrupted");
        } catch (ExecutionException | TimeoutException e) {
            // results complete normally and before the deadline: only a broken scheduler gets here
            return DnsblResult.failed(zones.get(index), "no result in time: " + e);
        }
    }
}
