package org.jamesantispam.core.spam;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import org.jamesantispam.core.spamd.Deadline;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How many scans may run at once against one set of spamd hosts (amavis {@code $max_servers}).
 * James runs mailets on its spooler threads ({@code <threads>} of {@code mailetcontainer.xml}, 20
 * in the reference) and SMTP hooks on the SMTP server's worker threads; without a bound, a burst
 * would open as many spamd connections as there are threads while spamd serves only
 * {@code --max-children} at a time, the others waiting in its listen queue until they time out.
 * With {@code maxParallelScans} equal to spamd's children, scans run at spamd's full capacity and
 * the rest wait here, bounded by their deadline ({@link org.jamesantispam.core.spamd.SpamdException.Failure#BUSY}
 * when it passes).
 *
 * <p>Slots are shared by every mailet and hook of the JVM that talks to the same spamd hosts: the
 * first one configured sets the number.
 */
public final class ScanSlots {
    private static final Logger LOGGER = LoggerFactory.getLogger(ScanSlots.class);
    private static final Map<String, ScanSlots> SHARED = new ConcurrentHashMap<>();

    private final int permits;
    private final Semaphore semaphore;

    ScanSlots(int permits) {
        this.permits = permits;
        this.semaphore = new Semaphore(permits, true);
    }

    /** The slots for {@code key} (the spamd hosts), created with {@code permits} on first use. */
    public static ScanSlots shared(String key, int permits) {
        ScanSlots slots = SHARED.computeIfAbsent(key, any -> new ScanSlots(permits));
        if (slots.permits != permits) {
            LOGGER.warn("spamd {}: maxParallelScans {} ignored, {} already configured by another mailet or hook", key, permits, slots.permits);
        }
        return slots;
    }

    /** Waits for a free slot until {@code deadline}; false when none came free. */
    public boolean acquire(Deadline deadline) throws InterruptedException {
        return semaphore.tryAcquire(deadline.remainingMillis(), TimeUnit.MILLISECONDS);
    }

    public void release() {
        semaphore.release();
    }

    public int permits() {
        return permits;
    }

    /** Scans running now. */
    public int inUse() {
        return permits - semaphore.availablePermits();
    }
}
