package org.jamesantispam.it.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.jamesantispam.it.corpus.CorpusMessage;
import org.jamesantispam.it.corpus.SmtpSubmission;

/**
 * Sends messages to James over SMTP from {@code concurrency} clients (each an internet client of its
 * own loopback address, 127.0.0.10, 127.0.0.11, ..., one connection per message) and waits until
 * James has accounted for every one of them, counting through James itself ({@link DispositionProbe}):
 * <pre>
 *   delivered (the recipient's INBOX) + quarantined (the quarantine repository; the reference
 *   configuration then discards them, D_DISCARD) + held (any other mail repository: error, hold,...)
 *   + refused at SMTP (5xx, 4xx or I/O failure, seen by the client: James never took them) = sent
 * </pre>
 * Quarantined mail counts once its quarantine copy is in the quarantine mailbox (while the messages
 * flow, that copy is what is counted; the quarantine repository is read at the end). The time runs
 * from the first connection to the poll (every 20 ms) that sees every message accounted for. Each
 * delivered message's latency runs from James' 250 reply to its DATA to the instant James appended
 * it to the mailbox (the mailbox's internal date; for quarantined spam: the quarantine copy's),
 * matched by Message-ID (messages without one, or sharing one, have no latency).
 * The run also reports the CPU time of the whole JVM from the first connection to the last poll, and
 * of the benchmark's own threads (the clients and the poller) in the same window: the difference is
 * James' (its SMTP, spool and mailet threads, plus the JVM's garbage collector and compiler).
 * A run that stops progressing for {@code stallSeconds} ends with the rest reported unaccounted. A
 * surplus (more dispositions than messages sent) means James processed a message it had refused
 * (James 3.8.1 answers "500 Line length exceeded" to a line over 998 octets at the end of DATA and
 * still queues the message: seen with one message of the bench set, in bare James too).
 */
public final class SmtpLoad {
    private final DispositionProbe probe;
    private final int port;
    private final String recipient;
    private final String quarantineMailbox;
    private final String quarantineRepository;
    private final int stallSeconds;

    public SmtpLoad(DispositionProbe probe, int port, String recipient, String quarantineMailbox, String quarantineRepository, int stallSeconds) {
        this.probe = probe;
        this.port = port;
        this.recipient = recipient;
        this.quarantineMailbox = quarantineMailbox;
        this.quarantineRepository = quarantineRepository;
        this.stallSeconds = stallSeconds;
    }

    /** What James holds: INBOX counts and repository sizes. */
    record Counts(long delivered, long quarantineCopies, long quarantined, long held) {
        Counts minus(Counts before) {
            return new Counts(delivered - before.delivered, quarantineCopies - before.quarantineCopies,
                quarantined - before.quarantined, held - before.held);
        }
    }

    /** What one run measured. */
    public record Figures(int sent, int accepted, int refused, int deferred, int failed, long delivered, long quarantined, long held,
                          long unaccounted, long surplus, double seconds, Latencies latencies, List<String> refusals,
                          String smtpSteps, double sendSeconds, double pollMillis, double jvmCpuMillis, double benchmarkCpuMillis) {
        public double perSecond() {
            return sent / seconds;
        }
    }

    /**
     * While messages flow, the cheap in-memory counts only (quarantined = quarantine copies
     * delivered); the quarantine repository (a file:// one: a directory listing) only once at the end.
     */
    Counts counts() throws Exception {
        long copies = probe.inboxCount(quarantineMailbox);
        return new Counts(probe.inboxCount(recipient), copies, copies, probe.otherRepositoriesSize(quarantineRepository));
    }

    Counts finalCounts() throws Exception {
        return new Counts(probe.inboxCount(recipient), probe.inboxCount(quarantineMailbox),
            probe.repositorySize(quarantineRepository), probe.otherRepositoriesSize(quarantineRepository));
    }

    /**
     * Sends {@code messages} from {@code concurrency} clients. {@code bounded}: a client starts
     * message i only once James has accounted for i - concurrency + 1 messages of this run, so that at
     * most {@code concurrency} messages are in James at once (as {@code concurrency} spamc processes);
     * otherwise the clients send as fast as James accepts (an MTA's queue runners) and the rest waits
     * in James' spool.
     */
    public Figures run(List<CorpusMessage> messages, int concurrency, boolean bounded) throws Exception {
        Counts before = counts();
        Counts finalBefore = finalCounts();
        long runStartMillis = System.currentTimeMillis();
        Map<Integer, SmtpSubmission.Result> results = new ConcurrentHashMap<>();
        AtomicInteger next = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(concurrency);
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        AtomicLong clientCpuNanos = new AtomicLong();
        long pollerCpuStart = threads.getCurrentThreadCpuTime();
        long jvmCpuStart = CpuTime.jvmNanos();
        long start = System.nanoTime();
        List<Future<?>> clients = new ArrayList<>();
        for (int t = 0; t < concurrency; t++) {
            String source = "127.0.0." + (10 + t);
            clients.add(pool.submit(() -> {
                long cpuStart = threads.getCurrentThreadCpuTime();
                try {
                    for (int i = next.getAndIncrement(); i < messages.size(); i = next.getAndIncrement()) {
                        if (bounded) {
                            awaitAccounted(i - concurrency + 1, before, results);
                        }
                        results.put(i, submit(source, messages.get(i)));
                    }
                } finally {
                    clientCpuNanos.addAndGet(threads.getCurrentThreadCpuTime() - cpuStart);
                }
                return null;
            }));
        }
        pool.shutdown();
        Counts done = before;
        long lastProgress = System.nanoTime();
        long end;
        long sendEnd = 0;
        long polls = 0;
        long pollNanos = 0;
        while (true) {
            boolean clientsDone = clients.stream().allMatch(Future::isDone);
            if (clientsDone && sendEnd == 0) {
                sendEnd = System.nanoTime();
            }
            long pollStart = System.nanoTime();
            Counts now = counts().minus(before);
            end = System.nanoTime();
            polls++;
            pollNanos += end - pollStart;
            if (!now.equals(done)) {
                done = now;
                lastProgress = end;
            }
            long refusedAtSmtp = results.values().stream().filter(r -> r.outcome() != SmtpSubmission.Outcome.ACCEPTED).count();
            if (clientsDone && now.delivered() + now.quarantined() + now.held() + refusedAtSmtp >= messages.size()
                && now.quarantineCopies() >= now.quarantined()) {
                break;
            }
            if (clientsDone && end - lastProgress > stallSeconds * 1_000_000_000L) {
                break;
            }
            Thread.sleep(20);
        }
        for (Future<?> client : clients) {
            client.get();
        }
        double seconds = (end - start) / 1e9;
        double jvmCpuMillis = (CpuTime.jvmNanos() - jvmCpuStart) / 1e6;
        double benchmarkCpuMillis = (clientCpuNanos.get() + threads.getCurrentThreadCpuTime() - pollerCpuStart) / 1e6;
        done = finalCounts().minus(finalBefore);

        int accepted = 0;
        int refused = 0;
        int deferred = 0;
        int failed = 0;
        List<String> refusals = new ArrayList<>();
        for (Map.Entry<Integer, SmtpSubmission.Result> result : results.entrySet()) {
            switch (result.getValue().outcome()) {
                case ACCEPTED -> accepted++;
                case REFUSED -> refused++;
                case DEFERRED -> deferred++;
                case FAILED -> failed++;
            }
            if (result.getValue().outcome() != SmtpSubmission.Outcome.ACCEPTED) {
                refusals.add(messages.get(result.getKey()).file().getFileName() + ": " + result.getValue().detail());
            }
        }
        long balance = messages.size() - (done.delivered() + done.quarantined() + done.held() + refused + deferred + failed);
        return new Figures(messages.size(), accepted, refused, deferred, failed, done.delivered(), done.quarantined(), done.held(),
            Math.max(0, balance), Math.max(0, -balance), seconds, latencies(messages, results, runStartMillis), refusals,
            smtpSteps(results), (sendEnd - start) / 1e9, pollNanos / 1e6 / Math.max(1, polls), jvmCpuMillis,
            benchmarkCpuMillis);
    }

    private SmtpSubmission.Result submit(String source, CorpusMessage message) {
        try {
            return SmtpSubmission.send(source, port, recipient, message);
        } catch (IOException e) {
            return SmtpSubmission.Result.failed(e);
        }
    }

    private void awaitAccounted(int wanted, Counts before, Map<Integer, SmtpSubmission.Result> results) throws Exception {
        while (wanted > 0) {
            Counts now = counts().minus(before);
            long refusedAtSmtp = results.values().stream().filter(r -> r.outcome() != SmtpSubmission.Outcome.ACCEPTED).count();
            if (now.delivered() + now.quarantineCopies() + now.held() + refusedAtSmtp >= wanted) {
                return;
            }
            Thread.sleep(5);
        }
    }

    /** Median (p95) milliseconds of each SMTP step of the accepted messages, as the client saw them. */
    private static String smtpSteps(Map<Integer, SmtpSubmission.Result> results) {
        List<String> parts = new ArrayList<>();
        for (int step = 0; step < SmtpSubmission.STEPS.size(); step++) {
            Latencies times = new Latencies();
            for (SmtpSubmission.Result result : results.values()) {
                if (result.outcome() == SmtpSubmission.Outcome.ACCEPTED) {
                    times.add(result.stepNanos()[step] / 1_000_000);
                }
            }
            parts.add(String.format(java.util.Locale.ROOT, "%s %.0f (%.0f, max %.0f)", SmtpSubmission.STEPS.get(step), times.median(), times.p95(),
                times.percentile(100)));
        }
        return "SMTP steps, median (p95, max) ms: " + String.join(", ", parts);
    }

    private Latencies latencies(List<CorpusMessage> messages, Map<Integer, SmtpSubmission.Result> results, long since) throws Exception {
        Map<String, Integer> sentIds = new HashMap<>();
        for (CorpusMessage message : messages) {
            message.messageId().ifPresent(id -> sentIds.merge(id, 1, Integer::sum));
        }
        Map<String, Long> appended = new HashMap<>();
        Map<String, Integer> appendedCount = new HashMap<>();
        for (String mailbox : List.of(recipient, quarantineMailbox)) {
            for (DispositionProbe.Delivered delivered : probe.inbox(mailbox)) {
                if (delivered.appendedAtMillis() >= since && delivered.messageId().isPresent()) {
                    appended.put(delivered.messageId().get(), delivered.appendedAtMillis());
                    appendedCount.merge(delivered.messageId().get(), 1, Integer::sum);
                }
            }
        }
        Latencies latencies = new Latencies();
        for (Map.Entry<Integer, SmtpSubmission.Result> result : results.entrySet()) {
            Optional<String> id = messages.get(result.getKey()).messageId();
            if (result.getValue().outcome() == SmtpSubmission.Outcome.ACCEPTED && id.isPresent()
                && sentIds.get(id.get()) == 1 && appendedCount.getOrDefault(id.get(), 0) == 1) {
                latencies.add(Math.max(0, appended.get(id.get()) - result.getValue().acceptedAtMillis()));
            }
        }
        return latencies;
    }
}
