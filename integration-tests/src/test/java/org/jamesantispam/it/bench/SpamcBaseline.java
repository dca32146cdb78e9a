package org.jamesantispam.it.bench;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.jamesantispam.it.corpus.CorpusMessage;

/**
 * The benchmark's yardstick: the real {@code spamc} (Debian package spamc) straight to spamd, one
 * process per message, {@code concurrency} at a time, as an MTA's content filter calls it:
 * {@code spamc -d 127.0.0.1 -p PORT -y < message > /dev/null} ({@code -y}: SYMBOLS, the command
 * ScoreWithSpamd sends; spamc's own 500 KB size limit, as ScoreWithSpamd's maxSize 512000). Each
 * message's latency is its spamc process' wall time, from start to exit.
 */
public final class SpamcBaseline {
    public static final String SPAMC = "/usr/bin/spamc";

    private SpamcBaseline() {
    }

    /** Runs spamc over {@code messages}; failures (spamc exit code 74 and others) are counted, not thrown. */
    public static Figures run(String host, int port, List<CorpusMessage> messages, int concurrency) throws Exception {
        Latencies latencies = new Latencies();
        AtomicInteger failures = new AtomicInteger();
        AtomicInteger next = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(concurrency);
        long start = System.nanoTime();
        try {
            List<Future<?>> workers = new java.util.ArrayList<>();
            for (int t = 0; t < concurrency; t++) {
                workers.add(pool.submit(() -> {
                    for (int i = next.getAndIncrement(); i < messages.size(); i = next.getAndIncrement()) {
                        long begin = System.nanoTime();
                        if (!spamc(host, port, messages.get(i))) {
                            failures.incrementAndGet();
                        }
                        latencies.add((System.nanoTime() - begin) / 1_000_000);
                    }
                    return null;
                }));
            }
            for (Future<?> worker : workers) {
                worker.get();
            }
        } finally {
            pool.shutdownNow();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        return new Figures(messages.size(), seconds, latencies, failures.get());
    }

    private static boolean spamc(String host, int port, CorpusMessage message) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(SPAMC, "-d", host, "-p", Integer.toString(port), "-y")
            .redirectInput(message.file().toFile())
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .redirectError(ProcessBuilder.Redirect.DISCARD)
            .start();
        if (!process.waitFor(5, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            return false;
        }
        return process.exitValue() == 0;
    }

    /** What one spamc run measured. */
    public record Figures(int messages, double seconds, Latencies latencies, int failures) {
        public double perSecond() {
            return messages / seconds;
        }
    }
}
