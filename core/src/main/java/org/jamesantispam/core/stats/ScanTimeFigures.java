package org.jamesantispam.core.stats;

/**
 * Durations of spamd scans (slot wait, every host tried and the reply included; failed scans too),
 * in milliseconds with microsecond precision: how many, median, 95th and 99th percentiles,
 * longest, mean. All zero before the first scan.
 */
public record ScanTimeFigures(long count, double p50Millis, double p95Millis, double p99Millis, double maxMillis, double meanMillis) {
    static final ScanTimeFigures NONE = new ScanTimeFigures(0, 0, 0, 0, 0, 0);
}
