package org.jamesantispam.core.spamd;

import java.time.Duration;

/** A point in time after which a scan gives up; read from the monotonic clock. */
public final class Deadline {
    private final long deadlineNanos;

    private Deadline(long deadlineNanos) {
        this.deadlineNanos = deadlineNanos;
    }

    /** {@code timeout} from now. */
    public static Deadline in(Duration timeout) {
        return new Deadline(System.nanoTime() + timeout.toNanos());
    }

    /** The earlier of this deadline and {@code timeout} from now. */
    public Deadline atMost(Duration timeout) {
        long other = System.nanoTime() + timeout.toNanos();
        return other - deadlineNanos < 0 ? new Deadline(other) : this;
    }

    public boolean isExpired() {
        return remainingNanos() <= 0;
    }

    /** Milliseconds left, at least 1 while not expired, 0 once expired. */
    public long remainingMillis() {
        long nanos = remainingNanos();
        if (nanos <= 0) {
            return 0;
        }
        return Math.max(1, nanos / 1_000_000);
    }

    private long remainingNanos() {
        return deadlineNanos - System.nanoTime();
    }
}
