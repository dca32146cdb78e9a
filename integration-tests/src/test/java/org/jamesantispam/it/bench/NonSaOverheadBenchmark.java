package org.jamesantispam.it.bench;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
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
 * runs second (measured before this design: +-25%, more than our stages cost). Each round the
 * servers still get faster (about 5,000 messages per server and round; James CPU per message fell
 * from 4.6 to 2.5 ms between rounds 2 and 5 in one run), hence 4 warm-up rounds by default. Each counted round gives
 * one paired ratio ours / bare per C and per measure; the report gives their geometric mean and a
 * 95% confidence interval ({@link RatioEstimate}). Measures:
 * <ul>
 *   <li>time per message: from the first connection until James has accounted for every message
 *       (clients sending as fast as James accepts);</li>
 *   <li>James CPU per message: the JVM's CPU time minus that of the benchmark's own threads (SMTP
 *       clients, poller) in the same window; the JVM's garbage collector and compiler count as
 *       James'. It is the figure least disturbed by other load on the machine;</li>
 *   <li>the same without the JIT compiler threads ({@link ThreadGroupCpu}): a fresh server per round
 *       keeps the JIT compiling (about a quarter of James' CPU even in late rounds), a one-time cost
 *       in a long-running server; this is the steady-state figure.</li>
 * </ul>
 * Before each measurement, a full GC collects the previous server and the warm-up. The report ends
 * with the JVM's CPU per message by thread (ours, bare, difference): where the overhead goes.
 * Options (system properties; {@code ./bench.sh} maps its environment to them):
 * {@code bench.messages} (600 per run), {@code bench.concurrency} (1,2), {@code bench.overheadRounds}
 * (6 counted rounds), {@code bench.overheadWarmupRounds} (4 rounds first, not counted), {@code bench.overheadRuns} (2 runs of the messages per C and server),
 * {@code bench.overheadWarmup} (600 messages through each fresh server first), {@code bench.overheadOurs}
 * (pipeline, hooks, bare: see {@link #OURS_SIDE}), {@code bench.threadIds}
 * (see {@link BenchJames}). The report goes to {@code target/bench/non-sa-overhead.txt}.
 */
class NonSaOverheadBenchmark {
    private static final int MESSAGES = Integer.getInteger("bench.messages", 600);
    private static final List<Integer> CONCURRENCY = Arrays.stream(System.getProperty("bench.concurrency", "1,2").split(","))
        .map(String::trim).filter(s -> !s.isEmpty()).map(Integer::valueOf).toList();
    private static final int ROUNDS = Math.max(2, Integer.getInteger("bench.overheadRounds", 6));
    private static final int WARMUP_ROUNDS = Math.max(0, Integer.getInteger("bench.overheadWarmupRounds", 4));
    private static final int RUNS = Math.max(1, Integer.getInteger("bench.overheadRuns", 2));
    private static final int WARMUP = Integer.getInteger("bench.overheadWarmup", 600);
    /**
     * What the "ours" side runs: {@code pipeline} (default: {@link BenchConfigurations#withoutSpamdScoring}),
     * {@code hooks} (our SMTP hooks only, {@link BenchConfigurations#hooksOnly}) or {@code bare} (bare
     * James against itself: an A/A check of the method, whose interval should hold 0).
     */
    private static final String OURS_SIDE = System.getProperty("bench.overheadOurs", "pipeline");
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
    private record Measure(int messages, double seconds, double jamesCpuMillis, double compilerCpuMillis, long unaccounted, long refused) {
        double millisPerMessage() {
            return seconds * 1000 / messages;
        }

        double cpuPerMessage() {
            return jamesCpuMillis / messages;
        }

        /** James CPU without the JIT compiler threads' (see the class javadoc). */
        double cpuWithoutJitPerMessage() {
            return (jamesCpuMillis - compilerCpuMillis) / messages;
        }

        Measure plus(SmtpLoad.Figures figures, double compilerMillis) {
            return new Measure(messages + figures.sent(), seconds + figures.seconds(),
                jamesCpuMillis + figures.jvmCpuMillis() - figures.benchmarkCpuMillis(), compilerCpuMillis + compilerMillis,
                unaccounted + figures.unaccounted(), refused + figures.refused() + figures.deferred() + figures.failed());
        }
    }

    /** JIT compiler threads, as Linux names them ("C2 CompilerThre", "C1 CompilerThre"; ThreadGroupCpu: "CN CompilerThre"). */
    private static double compilerMillis(Map<String, Double> groups) {
        return groups.entrySet().stream().filter(e -> e.getKey().contains("CompilerThre")).mapToDouble(Map.Entry::getValue).sum();
    }

    private enum Kind {
        OURS(switch (OURS_SIDE) {
            case "hooks" -> "ours: our SMTP hooks only";
            case "bare" -> "bare James (A/A: 'ours')";
            default -> "ours without ScoreWithSpamd";
        }), BARE("bare James");

        private final String label;

        Kind(String label) {
            this.label = label;
        }
    }

    private final List<String> lines = new ArrayList<>();
    /** Per kind: CPU ms per message of each thread group, summed over the counted rounds. */
    private final Map<Kind, Map<String, Double>> threadCpu = new EnumMap<>(Kind.class);

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
        JamesConf conf = kind == Kind.BARE ? BenchConfigurations.bare() : switch (OURS_SIDE) {
            case "pipeline" -> BenchConfigurations.withoutSpamdScoring(blocklist::port);
            case "hooks" -> BenchConfigurations.hooksOnly(blocklist::port);
            case "bare" -> BenchConfigurations.bare();
            default -> throw new IllegalArgumentException("bench.overheadOurs: '" + OURS_SIDE + "', expected pipeline, hooks or bare");
        };
        GuiceJamesServer server = BenchJames.start(conf, work.resolve(kind.name().toLowerCase(Locale.ROOT) + "-" + round));
        try {
            SmtpLoad load = new SmtpLoad(server.getProbe(DispositionProbe.class), AntispamJames.smtpPort(server),
                RECIPIENT, QUARANTINE_MAILBOX, QUARANTINE_REPOSITORY, STALL_SECONDS);
            if (WARMUP > 0) {
                load.run(warmup, 2, false);
            }
            // The garbage of the server before (its whole mailbox) and of the warm-up, collected now
            // rather than in whichever measurement G1 picks: without this, the first server of each
            // round ran 10-15% slower than the second in an A/A run (bench.overheadOurs=bare).
            System.gc();
            Map<Integer, Measure> measured = new LinkedHashMap<>();
            long from = System.currentTimeMillis();
            ThreadGroupCpu cpuBefore = ThreadGroupCpu.now();
            for (int c : CONCURRENCY) {
                Measure sum = new Measure(0, 0, 0, 0, 0, 0);
                for (int run = 0; run < RUNS; run++) {
                    ThreadGroupCpu before = ThreadGroupCpu.now();
                    SmtpLoad.Figures figures = load.run(messages, c, false);
                    sum = sum.plus(figures, compilerMillis(ThreadGroupCpu.now().millisSince(before)));
                }
                measured.put(c, sum);
            }
            if (round >= WARMUP_ROUNDS) {
                int sent = measured.values().stream().mapToInt(Measure::messages).sum();
                ThreadGroupCpu.now().millisSince(cpuBefore).forEach((group, millis) ->
                    threadCpu.computeIfAbsent(kind, k -> new TreeMap<>()).merge(group, millis / sent, Double::sum));
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
        out.append(BenchJames.threadIdsLine()).append(System.lineSeparator());
        out.append("ours = ").append(switch (OURS_SIDE) {
            case "hooks" -> "our SMTP hooks only, bare James' mailets (bench.overheadOurs=hooks)";
            case "bare" -> "bare James too: an A/A check of the method (bench.overheadOurs=bare)";
            default -> "the reference pipeline without ScoreWithSpamd";
        }).append(System.lineSeparator()).append(System.lineSeparator());
        out.append(String.format(Locale.ROOT, "| %-28s | %2s | %-24s | %-24s | %-24s |%n", "", "C", "time per message (ms)",
            "James CPU per message", "same without JIT"));
        out.append("|------------------------------|----|--------------------------|--------------------------|--------------------------|")
            .append(System.lineSeparator());
        for (Kind kind : Kind.values()) {
            for (int c : CONCURRENCY) {
                List<Measure> rounds = results.get(kind).get(c);
                out.append(String.format(Locale.ROOT, "| %-28s | %2d | %-24s | %-24s | %-24s |%n", kind.label, c,
                    medianAndRange(rounds, Measure::millisPerMessage), medianAndRange(rounds, Measure::cpuPerMessage),
                    medianAndRange(rounds, Measure::cpuWithoutJitPerMessage)));
            }
        }
        out.append(String.format(Locale.ROOT, "(median over the rounds [min .. max])%n%n"));
        for (int c : CONCURRENCY) {
            RatioEstimate time = ratios(results, c, Measure::millisPerMessage);
            RatioEstimate cpu = ratios(results, c, Measure::cpuPerMessage);
            RatioEstimate steady = ratios(results, c, Measure::cpuWithoutJitPerMessage);
            out.append(String.format(Locale.ROOT, "non-SA stages C=%d: time per message %s; James CPU per message %s;"
                + " without JIT compilation %s%n", c, time.asOverhead(), cpu.asOverhead(), steady.asOverhead()));
        }
        out.append("goal: non-SA stages <= 10% over bare James").append(System.lineSeparator());
        long unaccounted = results.values().stream().flatMap(m -> m.values().stream()).flatMap(List::stream).mapToLong(Measure::unaccounted).sum();
        out.append(unaccounted == 0 ? "every message accounted for by James in every run" : unaccounted + " messages UNACCOUNTED")
            .append(System.lineSeparator()).append(System.lineSeparator());
        out.append(threadCpuTable());
        lines.forEach(line -> out.append(line).append(System.lineSeparator()));
        return out.toString();
    }

    /** JVM CPU per message by thread group (mean over the counted rounds), largest difference first. */
    private String threadCpuTable() {
        Map<String, Double> ours = threadCpu.getOrDefault(Kind.OURS, Map.of());
        Map<String, Double> bare = threadCpu.getOrDefault(Kind.BARE, Map.of());
        Set<String> groups = new TreeSet<>(ours.keySet());
        groups.addAll(bare.keySet());
        StringBuilder out = new StringBuilder(String.format(Locale.ROOT,
            "JVM CPU per message by thread (/proc/self/task, mean of the counted rounds, ms): ours, bare, difference%n"));
        groups.stream()
            .sorted(Comparator.comparingDouble((String g) -> -(ours.getOrDefault(g, 0.0) - bare.getOrDefault(g, 0.0))))
            .filter(g -> Math.max(ours.getOrDefault(g, 0.0), bare.getOrDefault(g, 0.0)) / ROUNDS >= 0.005)
            .forEach(g -> out.append(String.format(Locale.ROOT, "  %-24s %6.3f %6.3f %+7.3f%n", g,
                ours.getOrDefault(g, 0.0) / ROUNDS, bare.getOrDefault(g, 0.0) / ROUNDS,
                (ours.getOrDefault(g, 0.0) - bare.getOrDefault(g, 0.0)) / ROUNDS)));
        return out.append(System.lineSeparator()).toString();
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
