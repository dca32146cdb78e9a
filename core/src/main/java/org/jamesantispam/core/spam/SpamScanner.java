package org.jamesantispam.core.spam;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

import org.jamesantispam.core.spamd.Deadline;
import org.jamesantispam.core.spamd.SpamdClient;
import org.jamesantispam.core.spamd.SpamdCommand;
import org.jamesantispam.core.spamd.SpamdException;
import org.jamesantispam.core.spamd.SpamdException.Failure;

/**
 * One bounded scan: refuses messages above {@code maxSize} without sending them, waits for a
 * {@link ScanSlots slot}, asks spamd, and never throws: every failure becomes an
 * {@link ScanResult.Status#UNCHECKED} result. The whole scan, slot wait included, ends by
 * {@code timeout}.
 */
public final class SpamScanner {
    private final SpamdClient client;
    private final SpamdCommand command;
    private final ScanSlots slots;
    private final Duration timeout;
    private final long maxSize;

    public SpamScanner(SpamdClient client, SpamdCommand command, ScanSlots slots, Duration timeout, long maxSize) {
        this.client = Objects.requireNonNull(client);
        this.command = Objects.requireNonNull(command);
        this.slots = Objects.requireNonNull(slots);
        this.timeout = Objects.requireNonNull(timeout);
        this.maxSize = maxSize;
    }

    public long maxSize() {
        return maxSize;
    }

    public Duration timeout() {
        return timeout;
    }

    public SpamdClient client() {
        return client;
    }

    /** Scans with this scanner's timeout. */
    public ScanResult scan(byte[] message, Optional<String> user) {
        return scan(message, user, Deadline.in(timeout));
    }

    /** Scans, giving up at {@code deadline} (or this scanner's timeout, whichever is first). */
    public ScanResult scan(byte[] message, Optional<String> user, Deadline deadline) {
        if (message.length > maxSize) {
            return ScanResult.tooBig(message.length, maxSize);
        }
        Deadline bounded = deadline.atMost(timeout);
        long start = System.nanoTime();
        try {
            if (!slots.acquire(bounded)) {
                return ScanResult.unchecked(new SpamdException(Failure.BUSY,
                    "all " + slots.permits() + " scan slots stayed busy (maxParallelScans)"), elapsedMillis(start));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return ScanResult.unchecked(new SpamdException(Failure.BUSY, "interrupted while waiting for a scan slot"), elapsedMillis(start));
        }
        try {
            return ScanResult.scanned(client.check(command, message, user, bounded), elapsedMillis(start));
        } catch (SpamdException e) {
            return ScanResult.unchecked(e, elapsedMillis(start));
        } finally {
            slots.release();
        }
    }

    private static long elapsedMillis(long startNanos) {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }
}
