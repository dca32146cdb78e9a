package org.jamesantispam.it.bench;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

import org.apache.james.GuiceJamesServer;
import org.apache.james.JamesServerExtension;
import org.jamesantispam.it.clients.WebAdminClient;
import org.jamesantispam.it.corpus.CorpusMessage;
import org.jamesantispam.it.james.AntispamJames;
import org.jamesantispam.it.services.RbldnsdExtension;
import org.jamesantispam.it.services.SpamdExtension;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;


/**
 * Benchmark (a tool, not a test: {@code ./bench.sh}, Maven profile {@code bench}; it prints figures
 * and never fails on a slow machine) of the whole gateway against raw spamd, in one run with ONE
 * spamd (2 children, {@link SpamdExtension}'s deterministic configuration):
 * <ol>
 *   <li>baseline: the real {@code spamc} over the bench set of the corpus, C messages at a time
 *       ({@link SpamcBaseline});</li>
 *   <li>ours: an in-process James 3.8.1 with james-antispam and the reference configuration of
 *       {@code james-conf/} (its spamd pointed at the same spamd, its DNS blocklist at a real
 *       rbldnsd), the same messages sent over SMTP by C clients, each with its own envelope sender,
 *       timed until James has accounted for every message ({@link SmtpLoad});</li>
 * </ol>
 * The overhead of our non-SpamAssassin stages over bare James is {@link NonSaOverheadBenchmark}'s.
 * The runs alternate (spamc C=1, ours C=1, spamc C=2, ours C=2, ...) so that a change in the
 * machine's load hits both sides alike. Options (system properties; {@code ./bench.sh} maps its
 * environment to them): {@code bench.messages} (600), {@code bench.concurrency} (1,2),
 * {@code bench.warmup} (20 messages through spamc and the reference James first, not measured),
 * {@code bench.threadIds} (see {@link BenchJames}), {@code bench.stallSeconds} (120).
 * The table is printed and written to {@code target/bench/spamd-throughput.txt}.
 */
class SpamdThroughputBenchmark {
    private static final int MESSAGES = Integer.getInteger("bench.messages", 600);
    private static final List<Integer> CONCURRENCY = Arrays.stream(System.getProperty("bench.concurrency", "1,2").split(","))
        .map(String::trim).filter(s -> !s.isEmpty()).map(Integer::valueOf).toList();
    private static final int WARMUP = Integer.getInteger("bench.warmup", 20);
    private static final int STALL_SECONDS = Integer.getInteger("bench.stallSeconds", 120);

    private static final String RECIPIENT = AntispamJames.ALICE;
    private static final String QUARANTINE_MAILBOX = "spam-quarantine@example.test";
    private static final String QUARANTINE_REPOSITORY = "file://var/mail/quarantine/";

    @RegisterExtension
    @Order(1)
    static SpamdExtension spamd = SpamdExtension.builder().maxChildren(2).build();

    /** The reference DNS blocklist zone (as ./run.sh serves it); the benchmark's clients are not listed. */
    @RegisterExtension
    @Order(2)
    static RbldnsdExtension blocklist = RbldnsdExtension.builder()
        .ip4set("bl.example.test", "$SOA 600 ns.bl.example.test hostmaster.example.test 1 600 300 86400 600", ":127.0.0.2:Listed", "127.0.0.2")
        .build();

    @RegisterExtension
    @Order(3)
    static JamesServerExtension reference = AntispamJames.manualExtension(
        BenchConfigurations.reference(spamd::port, blocklist::port), BenchJames.overrides());

    /** One row of the table. */
    private record Row(String name, int concurrency, double perSecond, double ratio, Latencies latencies, long peakRssMib, String note,
                       Cpu cpu) {
        Row withPeak(long mib) {
            return new Row(name, concurrency, perSecond, ratio, latencies, mib, note, cpu);
        }
    }

    /** CPU milliseconds per message of the benchmark JVM (James + clients) and of spamd during one run. */
    private record Cpu(double jvm, double spamd) {
    }

    /** Starts a CPU reading; {@link #perMessage} ends it. */
    private long[] cpuStart() {
        return new long[] {CpuTime.jvmMillis(), CpuTime.spamdMillis(spamdPidFile())};
    }

    private Cpu perMessage(long[] start, int messages) {
        return new Cpu((CpuTime.jvmMillis() - start[0]) / (double) messages,
            (CpuTime.spamdMillis(spamdPidFile()) - start[1]) / (double) messages);
    }

    private static Path spamdPidFile() {
        return spamd.logFile().resolveSibling("spamd.pid");
    }

    private final List<Row> rows = new ArrayList<>();
    private final List<String> details = new ArrayList<>();

    @Test
    void throughputAgainstRawSpamd() throws Exception {
        Path corpus = Path.of(System.getProperty("antispam.corpus.dir", "../target/corpus")).resolve("bench");
        List<CorpusMessage> messages = CorpusMessage.sample(corpus, MESSAGES);
        List<CorpusMessage> warmup = CorpusMessage.sample(corpus, WARMUP);
        String loadBefore = Machine.loadAverage();
        long started = System.nanoTime();

        {
            if (WARMUP > 0) {
                SpamcBaseline.run(spamd.host(), spamd.port(), warmup, 2);
            }
            withJames("reference", reference, WARMUP, (load, server) -> {
                for (int c : CONCURRENCY) {
                    long[] cpu = cpuStart();
                    SpamcBaseline.Figures spamc = SpamcBaseline.run(spamd.host(), spamd.port(), messages, c);
                    rows.add(new Row("spamc -> spamd", c, spamc.perSecond(), Double.NaN, spamc.latencies(), -1,
                        spamc.failures() == 0 ? "" : spamc.failures() + " spamc failures", perMessage(cpu, messages.size())));
                    cpu = cpuStart();
                    SmtpLoad.Figures open = load.run(messages, c, false);
                    rows.add(new Row("James + james-antispam, C SMTP clients", c, open.perSecond(), open.perSecond() / spamc.perSecond(),
                        open.latencies(), -2, accounting(open), perMessage(cpu, messages.size())));
                    details.add(String.format(Locale.ROOT, "reference C=%d: %s", c, dispositions(open)));
                    cpu = cpuStart();
                    SmtpLoad.Figures bounded = load.run(messages, c, true);
                    rows.add(new Row("  same, at most C messages in James", c, bounded.perSecond(), bounded.perSecond() / spamc.perSecond(),
                        bounded.latencies(), -2, accounting(bounded), perMessage(cpu, messages.size())));
                    details.add(String.format(Locale.ROOT, "reference C=%d, at most %d in James: %s", c, c, dispositions(bounded)));
                }
                details.add("reference: James metrics: " + metrics(server));
            });
        }
        String report = report(messages.size(), loadBefore, (System.nanoTime() - started) / 1e9);
        System.out.println(report);
        Path out = Path.of("target", "bench", "spamd-throughput.txt");
        Files.createDirectories(out.getParent());
        Files.writeString(out, report, StandardCharsets.UTF_8);
    }

    private interface JamesPhase {
        void run(SmtpLoad load, GuiceJamesServer server) throws Exception;
    }

    /** Starts {@code james}, warms it up, runs {@code phase}, records its peak RSS in the phase's rows, stops it. */
    private void withJames(String name, JamesServerExtension james, int warmup, JamesPhase phase) throws Exception {
        GuiceJamesServer server = james.getGuiceJamesServer();
        int firstRow = rows.size();
        try (RssSampler rss = new RssSampler()) {
            server.start();
            try {
                AntispamJames.addDemoUsers(server);
                SmtpLoad load = new SmtpLoad(server.getProbe(DispositionProbe.class), AntispamJames.smtpPort(server),
                    RECIPIENT, QUARANTINE_MAILBOX, QUARANTINE_REPOSITORY, STALL_SECONDS);
                if (warmup > 0) {
                    SmtpLoad.Figures warm = load.run(CorpusMessage.sample(Path.of(System.getProperty("antispam.corpus.dir", "../target/corpus"))
                        .resolve("bench"), warmup), 2, false);
                    details.add(String.format(Locale.ROOT, "%s warm-up: %s", name, dispositions(warm)));
                }
                phase.run(load, server);
            } finally {
                server.stop();
            }
            long peak = rss.peakMib();
            for (int i = firstRow; i < rows.size(); i++) {
                Row row = rows.get(i);
                if (row.peakRssMib() == -2) {
                    rows.set(i, row.withPeak(peak));
                }
            }
        }
    }

    private static String accounting(SmtpLoad.Figures figures) {
        return figures.unaccounted() == 0 ? "" : figures.unaccounted() + " UNACCOUNTED";
    }

    private static String dispositions(SmtpLoad.Figures f) {
        return String.format(Locale.ROOT,
            "sent %d = delivered %d + quarantined (discarded) %d + held in repositories %d + refused %d + deferred %d + failed %d%s%s;"
                + " %.1f s; latency measured for %d%s",
            f.sent(), f.delivered(), f.quarantined(), f.held(), f.refused(), f.deferred(), f.failed(),
            f.unaccounted() == 0 ? "" : " (UNACCOUNTED " + f.unaccounted() + " after " + STALL_SECONDS + " s without progress)",
            f.surplus() == 0 ? "" : " (" + f.surplus() + " more: processed by James although refused at SMTP)",
            f.seconds(), f.latencies().count(), f.refusals().isEmpty() ? "" : "; refusals: " + f.refusals()) + "; " + f.smtpSteps()
            + String.format(Locale.ROOT, "; clients done after %.1f s; one poll of James' counts %.1f ms", f.sendSeconds(), f.pollMillis());
    }

    /** The james-antispam and spool lines of James' /metrics (webadmin). */
    private static String metrics(GuiceJamesServer server) {
        try {
            String body = new WebAdminClient(AntispamJames.webAdminPort(server)).get("/metrics").body();
            return body.lines().filter(line -> !line.startsWith("#"))
                .filter(line -> line.startsWith("antispam_spamd") || line.startsWith("mailetContainerErrors"))
                .collect(Collectors.joining(", "));
        } catch (RuntimeException e) {
            return "unavailable (" + e.getMessage() + ")";
        }
    }

    private String report(int messages, String loadBefore, double totalSeconds) {
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT,
            "james-antispam against raw spamd: %d messages of the corpus bench set, one spamd (2 children, deterministic test"
                + " configuration), C = concurrent spamc processes / SMTP clients%n", messages));
        out.append(Machine.describe(loadBefore, totalSeconds)).append(System.lineSeparator());
        out.append(BenchJames.threadIdsLine()).append(System.lineSeparator()).append(System.lineSeparator());
        out.append(String.format(Locale.ROOT, "| %-40s | %2s | %6s | %-11s | %9s | %6s | %12s | %10s | %12s |%n",
            "path", "C", "msg/s", "ratio/spamc", "median ms", "p95 ms", "peak RSS MiB", "JVM CPU ms", "spamd CPU ms"));
        out.append("|").append("-".repeat(42)).append("|----|--------|-------------|-----------|--------|--------------|------------|--------------|")
            .append(System.lineSeparator());
        for (Row row : rows) {
            out.append(String.format(Locale.ROOT, "| %-40s | %2d | %6.1f | %-11s | %9.0f | %6.0f | %12s | %10s | %12.1f |%s%n",
                row.name(), row.concurrency(), row.perSecond(),
                Double.isNaN(row.ratio()) ? "" : String.format(Locale.ROOT, "%.2f", row.ratio()),
                row.latencies().median(), row.latencies().p95(),
                row.peakRssMib() < 0 ? "" : Long.toString(row.peakRssMib()),
                row.peakRssMib() == -1 ? "" : String.format(Locale.ROOT, "%.2f", row.cpu().jvm()), row.cpu().spamd(),
                row.note().isEmpty() ? "" : " " + row.note()));
        }
        out.append(System.lineSeparator());
        out.append("latency: spamc = the spamc process' wall time; James = from its 250 reply to the end of DATA to the append of the"
            + " message to its mailbox (quarantined spam: of the quarantine copy). With C SMTP clients sending as fast as James accepts,"
            + " that includes the wait in James' spool behind every earlier message (it grows with the message count); the"
            + " 'at most C messages in James' rows bound the messages in flight like C spamc processes do").append(System.lineSeparator());
        out.append("peak RSS: the whole benchmark JVM (in-process James + SMTP clients + spamc launcher) while that James ran;"
            + " JVM peak (VmHWM) " + RssSampler.status("VmHWM:") / 1024 + " MiB, max heap "
            + Runtime.getRuntime().maxMemory() / (1024 * 1024) + " MiB").append(System.lineSeparator());
        out.append("CPU ms: per message, user + system, of the benchmark JVM (in-process James + SMTP clients + polling) and of spamd"
            + " (parent + children) during the run; less sensitive to a shared machine's load than msg/s").append(System.lineSeparator());
        out.append("goals: ours >= 0.90 x spamc at equal C (Postfix + amavisd-new: 4.7 vs 14.0 msg/s = 0.34);"
            + " non-SA stages <= 10% over bare James (NonSaOverheadBenchmark)").append(System.lineSeparator());
        details.forEach(line -> out.append(line).append(System.lineSeparator()));
        return out.toString();
    }
}
