package org.jamesantispam.it.bench;

import java.util.ArrayList;
import java.util.List;

/** Per-message latencies in milliseconds, collected from several threads; median and percentiles. */
public final class Latencies {
    private final List<Long> millis = new ArrayList<>();

    public synchronized void add(long value) {
        millis.add(value);
    }

    public synchronized int count() {
        return millis.size();
    }

    /** The {@code p}-th percentile (nearest rank), or NaN when empty. */
    public synchronized double percentile(double p) {
        if (millis.isEmpty()) {
            return Double.NaN;
        }
        List<Long> sorted = new ArrayList<>(millis);
        sorted.sort(null);
        int rank = (int) Math.ceil(p / 100.0 * sorted.size());
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, rank - 1)));
    }

    public double median() {
        return percentile(50);
    }

    public double p95() {
        return percentile(95);
    }
}
