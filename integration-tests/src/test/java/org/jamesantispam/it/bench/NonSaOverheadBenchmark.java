package org.jamesantispam.it.bench;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;

import org.apache.james.GuiceJamesServer;
import org.jamesantispam.it.corpus.CorpusMessage;
import org.jamesantispam.it.james.AntispamJames;
import org.jamesantispam.it.james.JamesConf;
import org.jamesantispam.it.services.RbldnsdExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Benchmark (a tool, not a test: {@code ./bench.sh}, Maven profile {@code bench}) of the overhead of
 * james-antispam's non-SpamAssassin stages: the reference pipeline without {@code ScoreWithSpamd}
 * ({@link BenchConfigurations#withoutSpamdScoring}: every restriction, DNS blocklist lookup, content
 * check, list and mailet of ours) against bare James ({@link BenchConfigurations#bare}), the same
 * corpus messages over SMTP, counted through James ({@link SmtpLoad}).
 * <p>
 * Design. Both servers run in ONE JVM, one at a time (two Guice James at once collide on JMX names),
 * in rounds; each round starts a fresh server of each kind, warms it up, measures it at each C,
 * stops it. The order alternates (ours then bare, bare then ours, ...) and the first rounds are not
 * counted: there the JIT compiles James' own code, which would otherwise favour whichever server
 * runs second (measured before this design: +-25%, more than our stages cost; the JIT still gains
 * 10-20% in the second round). Each counted round gives
 * one paired ratio ours / bare per C and per measure; the report gives their geometric mean and a
 * 95% confidence interval ({@link RatioEstimate}). Measures:
 * <ul>
 *   <li>time per message: from the first connection until James has accounted for every message
 *       (clients sending as fast as James accepts);</li>
 *   <li>James CPU per message: the JVM's CPU time minus that of the benchmark's own threads (SMTP
 *       clients, poller) in the same window; the JVM's garbage collector and compiler count as
 *       James'. It is the figure least disturbed by other load on the machine.</li>
 * </ul>
 * Options (system properties; {@code ./bench.sh} maps its environment to them):
 * {@code bench.messages} (600 per run), {@code bench.concurrency} (1,2), {@code bench.overheadRounds}
 * (6 counted rounds), {@code bench.overheadWarmupRounds} (2 rounds first, not counted), {@code bench.overheadRuns} (2 runs of the messages per C and server),
 * {@code bench.overheadWarmup} (200 messages through each fresh server first), {@code bench.threadIds}
 * (see {@link BenchJames}). The report goes to {@code target/bench/non-sa-overhead.txt}.
 */
class NonSaOverheadBenchmark {
    private static final int MESSAGES = Integer.getInteger("bench.messages", 600);
    private static final List<Integer> CONCURRENCY = Arrays.stream(System.getProperty("bench.concurrency", "1,2").split(","))
        .map(String::trim).filter(s -> !s.isEmpty()).map(Integer::valueOf).toList();
    private static final int ROUNDS = Math.max(2, Integer.getInteger("bench.overheadRounds", 6));
    private static final int WARMUP_ROUNDS = Math.max(0, Integer.getInteger("bench.overheadWarmupRounds", 2));
    private static final int RUNS = Math.max(1, Integer.getInteger("bench.overheadRuns", 2));
    private static final int WARMUP = Integer.getInteger("bench.overheadWarmup", 200);
    private static final int STALL_SECONDS = Integer.getInteger("bench.stallSeconds", 120);

    private static final String RECIPIENT = AntispamJames.ALICE;
    private static final String QUARANTINE_MAILBOX = "spam-quarantine@example.test";
    private static final String QUARANTINE_REPOSITORY = "file://var/mail/quarantine/";

    /** The reference DNS blocklist zone (as ./run.sh serves it); the benchmark's clients are not listed. */
    @RegisterExtension
    static RbldnsdExtension blocklist = RbldnsdExtension.builder()
        .ip4set("bl.example.test", "$SOA 600 ns.bl.example.test hostmaster.example.test 1 600 300 86400 600", ":127.0.0.2:Listed", "127.0.0.2")
        .build();

    @TempDir
    Path work;

    /** What one server measured at one C, summed over its runs. */
    private record Measure(int messages, double seconds, double jamesCpuMillis, long unaccounted, long refused) {
        double millisPerMessage() {
            return seconds * 1000 / messages;
        }

        double cpuPerMessage() {
            return jamesCpuMillis / messages;
        }

        Measure plus(SmtpLoad.Figures figures) {
            return new Measure(messages + figures.sent(), seconds + figures.seconds(),
                jamesCpuMillis + figures.jvmCpuMillis() - figures.benchmarkCpuMillis(),
                unaccounted + figures.unaccounted(), refused + figures.refused() + figures.deferred() + figures.failed());
        }
    }

    private enum Kind {
        OURS("ours without ScoreWithSpamd"), BARE("bare James");

        private final String label;

        Kind(String label) {
            this.label = label;
        }
    }

    private final List<String> lines = new ArrayList<>();

    @Test
    void nonSaStagesAgainstBareJames() throws Exception {
        Path corpus = Path.of(System.getProperty("antispam.corpus.dir", "../target/corpus")).resolve("bench");
        List<CorpusMessage> messages = CorpusMessage.sample(corpus, MESSAGES);
        List<CorpusMessage> warmup = CorpusMessage.sample(corpus, Math.max(1, WARMUP));
        String loadBefore = Machine.loadAverage();
        long started = System.nanoTime();

        // results.get(kind).get(c) = one Measure per counted round
        Map<Kind, Map<Integer, List<Measure>>> results = new LinkedHashMap<>();
        for (Kind kind : Kind.values()) {
            Map<Integer, List<Measure>> perC = new LinkedHashMap<>();
            CONCURRENCY.forEach(c -> perC.put(c, new ArrayList<>()));
            results.put(kind, perC);
        }
        for (int round = 0; round < WARMUP_ROUNDS + ROUNDS; round++) {
            boolean counted = round >= WARMUP_ROUNDS;
            List<Kind> order = round % 2 == 0 ? List.of(Kind.OURS, Kind.BARE) : List.of(Kind.BARE, Kind.OURS);
            StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "round %d%s:", round, counted ? "" : " (JIT warm-up, not counted)"));
            for (Kind kind : order) {
                Map<Integer, Measure> measured = phase(kind, round, messages, warmup);
                for (Map.Entry<Integer, Measure> entry : measured.entrySet()) {
                    Measure m = entry.getValue();
                    line.append(String.format(Locale.ROOT, " %s C=%d %.2f ms/msg, James CPU %.2f ms/msg%s;", kind.label, entry.getKey(),
                        m.millisPerMessage(), m.cpuPerMessage(),
                        m.unaccounted() + m.refused() == 0 ? "" : " (" + m.unaccounted() + " UNACCOUNTED, " + m.refused() + " refused)"));
                    if (counted) {
                        results.get(kind).get(entry.getKey()).add(m);
                    }
                }
            }
            lines.add(line.toString());
            System.out.println(line);
        }

        String report = report(messages.size(), results, loadBefore, (System.nanoTime() - started) / 1e9);
        System.out.println(report);
        Path out = Path.of("target", "bench", "non-sa-overhead.txt");
        Files.createDirectories(out.getParent());
        Files.writeString(out, report, StandardCharsets.UTF_8);
    }

    /** A fresh server of {@code kind}: warm-up, then {@link #RUNS} runs of {@code messages} at each C. */
    private Map<Integer, Measure> phase(Kind kind, int round, List<CorpusMessage> messages, List<CorpusMessage> warmup) throws Exception {
        JamesConf conf = kind == Kind.OURS ? BenchConfigurations.withoutSpamdScoring(blocklist::port) : BenchConfigurations.bare();
        GuiceJamesServer server = BenchJames.start(conf, work.resolve(kind.name().toLowerCase(Locale.ROOT) + "-" + round));
        try {
            SmtpLoad load = new SmtpLoad(server.getProbe(DispositionProbe.class), AntispamJames.smtpPort(server),
                RECIPIENT, QUARANTINE_MAILBOX, QUARANTINE_REPOSITORY, STALL_SECONDS);
            if (WARMUP > 0) {
                load.run(warmup, 2, false);
            }
            Map<Integer, Measure> measured = new LinkedHashMap<>();
            long from = System.currentTimeMillis();
            for (int c : CONCURRENCY) {
                Measure sum = new Measure(0, 0, 0, 0, 0);
                for (int run = 0; run < RUNS; run++) {
                    sum = sum.plus(load.run(messages, c, false));
                }
                measured.put(c, sum);
            }
            // for matching a JFR recording (BENCH_JVM_ARGS) to the phases
            System.out.printf(Locale.ROOT, "phase %s round %d measured from %d to %d (epoch ms)%n", kind, round, from, System.currentTimeMillis());
            return measured;
        } finally {
            server.stop();
        }
    }

    private String report(int messages, Map<Kind, Map<Integer, List<Measure>>> results, String loadBefore, double totalSeconds) {
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT,
            "james-antispam non-SA stages against bare James: %d messages of the corpus bench set per run, %d runs per C and server,"
                + " %d counted rounds after %d JIT warm-up rounds, order alternating%n", messages, RUNS, ROUNDS, WARMUP_ROUNDS));
        out.append(Machine.describe(loadBefore, totalSeconds)).append(System.lineSeparator());
        out.append(BenchJames.threadIdsLine()).append(System.lineSeparator()).append(System.lineSeparator());
        out.append(String.format(Locale.ROOT, "| %-28s | %2s | %-38s | %-38s |%n", "", "C", "time per message (ms)", "James CPU per message (ms)"));
        out.append("|------------------------------|----|----------------------------------------|----------------------------------------|")
            .append(System.lineSeparator());
        for (Kind kind : Kind.values()) {
            for (int c : CONCURRENCY) {
                List<Measure> rounds = results.get(kind).get(c);
                out.append(String.format(Locale.ROOT, "| %-28s | %2d | %-38s | %-38s |%n", kind.label, c,
                    medianAndRange(rounds, Measure::millisPerMessage), medianAndRange(rounds, Measure::cpuPerMessage)));
            }
        }
        out.append(String.format(Locale.ROOT, "(median over the rounds [min .. max])%n%n"));
        for (int c : CONCURRENCY) {
            RatioEstimate time = ratios(results, c, Measure::millisPerMessage);
            RatioEstimate cpu = ratios(results, c, Measure::cpuPerMessage);
            out.append(String.format(Locale.ROOT, "non-SA stages C=%d: time per message %s; James CPU per message %s%n",
                c, time.asOverhead(), cpu.asOverhead()));
        }
        out.append("goal: non-SA stages <= 10% over bare James").append(System.lineSeparator());
        long unaccounted = results.values().stream().flatMap(m -> m.values().stream()).flatMap(List::stream).mapToLong(Measure::unaccounted).sum();
        out.append(unaccounted == 0 ? "every message accounted for by James in every run" : unaccounted + " messages UNACCOUNTED")
            .append(System.lineSeparator()).append(System.lineSeparator());
        lines.forEach(line -> out.append(line).append(System.lineSeparator()));
        return out.toString();
    }

    private static RatioEstimate ratios(Map<Kind, Map<Integer, List<Measure>>> results, int c, ToDoubleFunction<Measure> measure) {
        List<Measure> ours = results.get(Kind.OURS).get(c);
        List<Measure> bare = results.get(Kind.BARE).get(c);
        List<Double> ratios = new ArrayList<>();
        for (int i = 0; i < ours.size(); i++) {
            ratios.add(measure.applyAsDouble(ours.get(i)) / measure.applyAsDouble(bare.get(i)));
        }
        return RatioEstimate.of(ratios);
    }

    private static String medianAndRange(List<Measure> rounds, ToDoubleFunction<Measure> measure) {
        double[] values = rounds.stream().mapToDouble(measure).sorted().toArray();
        double median = values.length % 2 == 1 ? values[values.length / 2] : (values[values.length / 2 - 1] + values[values.length / 2]) / 2;
        return String.format(Locale.ROOT, "%.2f [%.2f .. %.2f]", median, values[0], values[values.length - 1]);
    }
}
