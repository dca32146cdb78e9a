package org.jamesantispam.it.bench;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.stream.Stream;

import javax.mail.Session;
import javax.mail.internet.MimeMessage;

import org.jamesantispam.core.attachments.AttachmentInspector;
import org.jamesantispam.core.attachments.ArchiveLimits;
import org.jamesantispam.core.attachments.BannedNames;
import org.jamesantispam.core.content.ContentAction;
import org.jamesantispam.core.content.ContentChecks;
import org.jamesantispam.core.content.ContentTable;
import org.jamesantispam.core.content.Scope;

/**
 * Benchmark (not a test): per-message cost of the content checks over the 600-message bench set.
 * Run by {@code scripts/bench-content.sh}. For each configuration, every message is checked (its raw
 * bytes, already in memory, through all four scopes) in 5 warm-up rounds, then in measured rounds;
 * each message's cost is the median of its measured rounds (robust to GC pauses and other tenants of
 * the machine), and the median and 99th percentile of those 600 costs are reported in microseconds,
 * with the mean of all runs and the throughput it gives on one thread.
 *
 * <pre>java ... ContentChecksBench CORPUS_DIR/bench JAMES_CONF_DIR [rounds]</pre>
 */
public final class ContentChecksBench {
    private static final String[] WORDS = {
        "viagra", "cialis", "casino", "lottery", "winner", "prize", "mortgage", "refinance", "loan", "credit",
        "debt", "investment", "stock", "pharmacy", "pills", "weight", "diet", "replica", "rolex", "dating",
        "singles", "adult", "xxx", "bitcoin", "crypto", "inheritance", "beneficiary", "transfer", "unclaimed", "bonus",
        "guaranteed", "risk-free", "limited", "offer", "urgent", "verify", "account", "password", "suspended", "invoice",
        "payment", "wire", "western", "nigeria", "million", "dollars", "opportunity", "income", "earn", "profit"};

    private static List<String> names;

    private ContentChecksBench() {
    }

    public static void main(String[] args) throws Exception {
        Path corpus = Path.of(args.length > 0 ? args[0] : "target/corpus/bench");
        Path conf = Path.of(args.length > 1 ? args[1] : "james-conf");
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 5;
        List<byte[]> messages = load(corpus);
        names = names(corpus);
        System.out.printf(Locale.ROOT, "bench set: %d messages, %.1f MB, from %s%n", messages.size(),
            messages.stream().mapToLong(m -> m.length).sum() / 1e6, corpus);
        System.out.printf(Locale.ROOT, "JVM %s, %d processors, single thread%n%n", System.getProperty("java.version"),
            Runtime.getRuntime().availableProcessors());

        ContentTable header = ContentTable.load(conf.resolve("header_checks"), ContentAction::problem);
        ContentTable mime = ContentTable.load(conf.resolve("mime_header_checks"), ContentAction::problem);
        ContentTable body = ContentTable.load(conf.resolve("body_checks"), ContentAction::problem);
        ContentChecks guide = ContentChecks.builder().table(Scope.HEADER, header).table(Scope.MIME_HEADER, mime)
            .table(Scope.NESTED_HEADER, header).table(Scope.BODY, body).build();
        ContentTable big = rules200();
        ContentChecks.Builder bigBuilder = ContentChecks.builder();
        for (Scope scope : Scope.values()) {
            bigBuilder.table(scope, big);
        }
        ContentChecks bigRaw = bigBuilder.build();
        ContentChecks bigDecoded = bigBuilder.bodyMode(ContentChecks.BodyMode.DECODED).build();
        AttachmentInspector inspector = new AttachmentInspector(BannedNames.of(BannedNames.GUIDE_EXTENSIONS, java.util.Optional.empty()),
            ArchiveLimits.DEFAULTS);

        System.out.println("configuration                                   median µs   p99 µs   mean µs   msg/s");
        run("guide tables (james-conf), raw", messages, rounds, raw -> guide.check(new ByteArrayInputStream(raw)));
        run("200-rule table on all four scopes, raw", messages, rounds, raw -> bigRaw.check(new ByteArrayInputStream(raw)));
        run("200-rule table on all four scopes, decoded", messages, rounds, raw -> bigDecoded.check(new ByteArrayInputStream(raw)));
        Session session = Session.getInstance(new Properties());
        run("guide tables via MimeMessage.writeTo (hook path)", messages, rounds,
            raw -> guide.check(new MimeMessage(session, new ByteArrayInputStream(raw))));
        run("banned attachments (names + archives)", messages, rounds,
            raw -> inspector.inspect(new MimeMessage(session, new ByteArrayInputStream(raw))));
    }

    /** 200 rules, none final (WARN/INFO/DUNNO), so every line of every message meets all of them: the worst case. */
    static ContentTable rules200() {
        StringBuilder table = new StringBuilder("# generated: 200 rules\n");
        String[] templates = {
            "/^Subject:.*\\b%s\\b/ WARN subject %s",
            "/(buy|cheap|free|best)[[:space:]_-]*%s/ INFO phrase %s",
            "/%s[^a-z]{0,3}(now|today|here)/ WARN urgent %s",
            "/^(From|Reply-To):.*%s[0-9]*@/ INFO sender %s"};
        int count = 0;
        for (String template : templates) {
            for (String word : WORDS) {
                table.append(String.format(Locale.ROOT, template, word.replace("-", "\\-"), word)).append('\n');
                count++;
            }
        }
        if (count != 200) {
            throw new IllegalStateException(count + " rules");
        }
        return ContentTable.parse("rules200", table.toString(), ContentAction::problem);
    }

    @FunctionalInterface
    interface Check {
        void run(byte[] raw) throws Exception;
    }

    private static void run(String name, List<byte[]> messages, int rounds, Check check) throws Exception {
        for (int warm = 0; warm < 5; warm++) {
            for (byte[] raw : messages) {
                check.run(raw);
            }
        }
        long[][] times = new long[messages.size()][rounds];
        long total = 0;
        for (int round = 0; round < rounds; round++) {
            for (int m = 0; m < messages.size(); m++) {
                long start = System.nanoTime();
                check.run(messages.get(m));
                long elapsed = System.nanoTime() - start;
                times[m][round] = elapsed;
                total += elapsed;
            }
        }
        long[] perMessage = new long[messages.size()];
        int worst = 0;
        for (int m = 0; m < messages.size(); m++) {
            Arrays.sort(times[m]);
            perMessage[m] = times[m][rounds / 2];
            if (perMessage[m] > perMessage[worst]) {
                worst = m;
            }
        }
        long[] sorted = perMessage.clone();
        Arrays.sort(sorted);
        double median = sorted[sorted.length / 2] / 1000.0;
        double p99 = sorted[(int) Math.ceil(sorted.length * 0.99) - 1] / 1000.0;
        double mean = total / 1000.0 / ((double) messages.size() * rounds);
        System.out.printf(Locale.ROOT, "%-47s %9.0f %8.0f %9.0f %7.0f   slowest: %s (%d KB, %.0f µs)%n", name, median, p99, mean,
            1e6 / mean, names.get(worst), messages.get(worst).length / 1024, perMessage[worst] / 1000.0);
    }

    private static List<String> names(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.sorted().map(file -> file.getFileName().toString()).toList();
        }
    }

    private static List<byte[]> load(Path dir) throws IOException {
        List<byte[]> messages = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.sorted().toList()) {
                messages.add(Files.readAllBytes(file));
            }
        }
        if (messages.isEmpty()) {
            throw new IllegalStateException("no message in " + dir + "; run ../shared/corpus/fetch-corpus.sh target/corpus");
        }
        return messages;
    }

}
