package org.jamesantispam.core.stats;

import java.time.Duration;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.SynchronizedHistogram;

/**
 * Durations of spamd scans since start, every one of them recorded (HdrHistogram: microsecond
 * values, 3 significant digits, memory bounded whatever the count), so percentiles cover the whole
 * period, not a sample. Thread-safe.
 */
final class ScanTimes {
    private final Histogram micros = new SynchronizedHistogram(3);

    void record(Duration elapsed) {
        micros.recordValue(Math.max(0, elapsed.toNanos() / 1000));
    }

    /** The figures now. */
    ScanTimeFigures figures() {
        Histogram copy = micros.copy();
        if (copy.getTotalCount() == 0) {
            return ScanTimeFigures.NONE;
        }
        return new ScanTimeFigures(copy.getTotalCount(),
            millis(copy.getValueAtPercentile(50)), millis(copy.getValueAtPercentile(95)),
            millis(copy.getValueAtPercentile(99)), millis(copy.getMaxValue()), Math.round(copy.getMean()) / 1000.0);
    }

    private static double millis(long micros) {
        return micros / 1000.0;
    }
}
