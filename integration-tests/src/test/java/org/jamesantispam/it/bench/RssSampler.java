package org.jamesantispam.it.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Samples the resident set size of this JVM ({@code VmRSS} of {@code /proc/self/status}) every
 * 100 ms while it runs, and keeps the highest value: the peak RSS of a phase. With James in process,
 * that is James plus the benchmark's own SMTP clients and spamc launcher, in one JVM.
 */
public final class RssSampler implements AutoCloseable {
    private final AtomicLong peakKib = new AtomicLong();
    private final Thread thread;
    private volatile boolean running = true;

    public RssSampler() {
        thread = new Thread(() -> {
            while (running) {
                peakKib.accumulateAndGet(status("VmRSS:"), Math::max);
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "bench-rss-sampler");
        thread.setDaemon(true);
        thread.start();
    }

    /** The highest RSS seen so far, in MiB. */
    public long peakMib() {
        peakKib.accumulateAndGet(status("VmRSS:"), Math::max);
        return peakKib.get() / 1024;
    }

    /** A field of /proc/self/status in KiB (0 where there is no /proc). */
    public static long status(String field) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith(field)) {
                    return Long.parseLong(line.substring(field.length()).trim().split("\\s+")[0]);
                }
            }
        } catch (IOException | RuntimeException e) {
            return 0;
        }
        return 0;
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
    }
}
