package org.jamesantispam.it.soak;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;

/**
 * Heap used after a full garbage collection, sampled as a run goes on, and its least-squares slope:
 * the evidence that a long run does not keep memory per message.
 */
final class HeapSeries {
    /** After {@code messages} messages, {@code usedBytes} of heap in use after a full GC. */
    record Sample(long messages, long usedBytes) {
        double usedMib() {
            return usedBytes / (1024.0 * 1024.0);
        }
    }

    private final List<Sample> samples = new ArrayList<>();

    /** Runs a full GC (twice, with a pause, so that finalisable objects go too) and records the heap in use. */
    Sample sample(long messages) throws InterruptedException {
        for (int i = 0; i < 2; i++) {
            System.gc();
            Thread.sleep(200);
        }
        Sample sample = new Sample(messages, ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
        samples.add(sample);
        return sample;
    }

    List<Sample> samples() {
        return List.copyOf(samples);
    }

    /** The samples taken at or after {@code messages} messages. */
    List<Sample> from(long messages) {
        return samples.stream().filter(sample -> sample.messages() >= messages).toList();
    }

    /** Least-squares slope of heap used (MiB) against messages, in MiB per 1,000 messages. */
    static double slopeMibPerThousand(List<Sample> samples) {
        if (samples.size() < 2) {
            throw new IllegalArgumentException("a slope needs two samples at least: " + samples);
        }
        double n = samples.size();
        double meanX = samples.stream().mapToDouble(Sample::messages).average().orElseThrow();
        double meanY = samples.stream().mapToDouble(Sample::usedMib).average().orElseThrow();
        double covariance = 0;
        double variance = 0;
        for (Sample sample : samples) {
            covariance += (sample.messages() - meanX) * (sample.usedMib() - meanY);
            variance += (sample.messages() - meanX) * (sample.messages() - meanX);
        }
        if (variance == 0 || n < 2) {
            throw new IllegalArgumentException("samples at a single point: " + samples);
        }
        return covariance / variance * 1000;
    }
}
