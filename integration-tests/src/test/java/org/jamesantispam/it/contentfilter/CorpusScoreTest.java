package org.jamesantispam.it.contentfilter;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.apache.james.GuiceJamesServer;
import org.apache.james.JamesServerExtension;
import org.awaitility.Awaitility;
import org.jamesantispam.core.spam.ScanResult;
import org.jamesantispam.core.spamd.Deadline;
import org.jamesantispam.core.spamd.RuleHit;
import org.jamesantispam.core.spamd.SpamdClient;
import org.jamesantispam.core.spamd.SpamdCommand;
import org.jamesantispam.core.spamd.SpamdEndpoint;
import org.jamesantispam.core.spamd.SpamdReply;
import org.jamesantispam.it.corpus.CorpusMessage;
import org.jamesantispam.it.james.AntispamJames;
import org.jamesantispam.it.james.JamesConf;
import org.jamesantispam.it.services.SpamdExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Our scores against {@code spamc} on the 600-message bench set of the SpamAssassin public corpus
 * ({@code ../shared/corpus/fetch-corpus.sh target/corpus}; system property
 * {@code antispam.corpus.dir}), with the same real spamd:
 * <ol>
 *   <li>our spamd client on each raw file, against {@code spamc -R} on the same file: identical
 *       score and identical rules with identical scores, for every message;</li>
 *   <li>the James pipeline (each message sent over SMTP from an internet client, its envelope
 *       sender being its Return-Path, else its From; scored by ScoreWithSpamd as configured in
 *       james-conf, with REPORT for per-rule scores): the score recorded differs from spamc's only
 *       through rules about the gateway's own hop (James' Received header, the envelope sender
 *       given as Return-Path), and every message is scored.</li>
 * </ol>
 * The comparison is written to {@code target/corpus-score-comparison.txt}.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CorpusScoreTest {
    /**
     * Rules that see the gateway's own hop, which spamc on the raw file does not: James' Received
     * header (its IP literal, its date, which SpamAssassin compares with the Date header).
     */
    private static final Pattern RECEIVED_HOP_RULES = Pattern.compile("TVD_RCVD_IP4?|DATE_IN_PAST_.*|DATE_IN_FUTURE_.*|ALL_TRUSTED");
    /**
     * Rules on the envelope sender, which differs from the file's Return-Path only when James refused
     * that address in MAIL FROM and the message went with the next candidate (From, then {@code <>}).
     */
    private static final Pattern ENVELOPE_RULES = Pattern.compile("DSN_.*|HEADER_FROM_DIFFERENT_DOMAINS|.*ENVFROM.*|ANY_BOUNCE_MESSAGE|BOUNCE_.*");
    /**
     * Rules on raw 8-bit bytes in header fields: James 3.8.1 writes header lines back as US-ASCII
     * (InternetHeadersInputStream), so such bytes reach spamd, and the mailbox, as '?'.
     */
    private static final Pattern EIGHT_BIT_HEADER_RULES = Pattern.compile("SUBJECT_NEEDS_ENCODING|SUBJ_ILLEGAL_CHARS|FROM_ILLEGAL_CHARS|"
        + "PLING_QUERY|SUBJ_ALL_CAPS|.*_8BIT.*|CHARSET_FARAWAY_HEADER|MIME_CHARSET_FARAWAY");

    private static final String INTERNET = "127.0.0.2";
    private static final Pattern REPORT_ROW = Pattern.compile("\\s*(-?\\d+(?:\\.\\d+)?)\\s+([A-Za-z0-9_.]+)(?:\\s.*)?");

    /**
     * SpamAssassin 4.0's "capture" rules (rules that reuse text captured by other rules) carry
     * state from one message to the next inside a spamd child: the same file scores 1.1 or 2.1
     * with {@code spamc} alone, depending on which child takes it (GB_CUSTOM_HTM_URI, measured).
     * They are switched off here so that the comparison compares clients, not children.
     */
    static final String NO_CAPTURE_RULES = "score GB_CUSTOM_HTM_URI 0\nscore T_GB_STORAGE_GOOGLE_EMAIL 0\nscore T_GB_YOUTUBE_EMAIL 0";

    @RegisterExtension
    @Order(1)
    static SpamdExtension spamd = SpamdExtension.builder().extraConfig(NO_CAPTURE_RULES).build();

    @RegisterExtension
    @Order(2)
    static JamesServerExtension james = AntispamJames.extension(JamesConf.reference()
        .spamd(spamd::port)
        .replace("mailetcontainer.xml", "<maxSize>512000</maxSize>", "<maxSize>512000</maxSize><command>REPORT</command>")
        .replace("mailetcontainer.xml", "<mailet match=\"org.jamesantispam.matchers.IsSpamUnchecked=local\"",
            "<mailet match=\"All\" class=\"org.jamesantispam.it.contentfilter.RecordVerdicts\"/><mailet match=\"All\" class=\"Null\"/>"
                + "<mailet match=\"org.jamesantispam.matchers.IsSpamUnchecked=local\""));

    private static final Map<Path, Scored> SPAMC = new ConcurrentHashMap<>();
    private static final List<String> REPORT = new ArrayList<>();
    private static int smtp;

    /** A score and its rules with their scores. */
    record Scored(double score, Map<String, Double> rules) {
        static Scored of(double score, List<RuleHit> hits) {
            Map<String, Double> rules = new TreeMap<>();
            hits.forEach(hit -> rules.put(hit.name(), hit.score().orElse(Double.NaN)));
            return new Scored(score, rules);
        }
    }

    @BeforeAll
    static void setUp(GuiceJamesServer server) throws Exception {
        AntispamJames.addDemoUsers(server);
        smtp = AntispamJames.smtpPort(server);
    }

    @AfterAll
    static void writeReport() throws IOException {
        Path file = Path.of("target", "corpus-score-comparison.txt");
        Files.createDirectories(file.getParent());
        Files.write(file, REPORT, StandardCharsets.UTF_8);
    }

    static List<Path> bench() {
        String dir = System.getProperty("antispam.corpus.dir");
        Path bench = Path.of(dir == null ? "../target/corpus" : dir).resolve("bench");
        if (!Files.isDirectory(bench)) {
            throw new IllegalStateException("no corpus at " + bench.toAbsolutePath()
                + ": run bash ../shared/corpus/fetch-corpus.sh target/corpus from the project root (./test.sh does)");
        }
        try (Stream<Path> files = Files.list(bench)) {
            List<Path> list = files.filter(f -> f.toString().endsWith(".eml")).sorted().toList();
            assertThat(list).as("the bench set").hasSize(600);
            return list;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Scored spamc(Path file) {
        return SPAMC.computeIfAbsent(file, any -> {
            try {
                Process process = new ProcessBuilder("/usr/bin/spamc", "-d", spamd.host(), "-p", Integer.toString(spamd.port()),
                    "-R", "-s", "10000000", "-t", "120").redirectInput(file.toFile()).redirectErrorStream(true).start();
                String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                process.waitFor();
                String[] lines = output.split("\r?\n");
                Matcher first = Pattern.compile("(-?\\d+(?:\\.\\d+)?)/(-?\\d+(?:\\.\\d+)?)").matcher(lines[0]);
                if (!first.matches()) {
                    throw new IllegalStateException("spamc said " + lines[0] + " for " + file);
                }
                return Scored.of(Double.parseDouble(first.group(1)), tableRules(output));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        });
    }

    private static List<RuleHit> tableRules(String report) {
        List<RuleHit> rules = new ArrayList<>();
        boolean inTable = false;
        for (String line : report.split("\r?\n")) {
            if (!inTable) {
                inTable = line.startsWith("---- ");
                continue;
            }
            if (line.isBlank()) {
                break;
            }
            Matcher row = REPORT_ROW.matcher(line);
            if (row.matches()) {
                rules.add(RuleHit.scored(row.group(2), Double.parseDouble(row.group(1))));
            }
        }
        return rules;
    }

    @Test
    @Order(1)
    void ourClientScoresEveryRawMessageExactlyAsSpamc() throws Exception {
        List<Path> bench = bench();
        SpamdClient client = new SpamdClient(List.of(new SpamdEndpoint(spamd.host(), spamd.port())), Duration.ofSeconds(5), Duration.ofSeconds(120));
        Map<Path, Scored> ours = new ConcurrentHashMap<>();
        long start = System.nanoTime();
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (Path file : bench) {
                futures.add(pool.submit(() -> {
                    SpamdReply reply = client.check(SpamdCommand.REPORT, Files.readAllBytes(file), Optional.empty(), Deadline.in(Duration.ofSeconds(120)));
                    ours.put(file, Scored.of(reply.score(), reply.rules()));
                    return null;
                }));
            }
            for (Future<?> future : futures) {
                future.get();
            }
            long oursMillis = (System.nanoTime() - start) / 1_000_000;
            start = System.nanoTime();
            futures.clear();
            for (Path file : bench) {
                futures.add(pool.submit(() -> spamc(file)));
            }
            for (Future<?> future : futures) {
                future.get();
            }
            long spamcMillis = (System.nanoTime() - start) / 1_000_000;
            REPORT.add(String.format("client: 600 raw messages, 2 at a time: our client %d ms (%.1f msg/s), spamc %d ms (%.1f msg/s)",
                oursMillis, 600_000.0 / oursMillis, spamcMillis, 600_000.0 / spamcMillis));
        } finally {
            pool.shutdownNow();
        }
        List<String> differences = new ArrayList<>();
        for (Path file : bench) {
            if (!ours.get(file).equals(spamc(file))) {
                differences.add(file.getFileName() + ": ours " + ours.get(file) + " spamc " + spamc(file));
            }
        }
        REPORT.add("client: " + differences.size() + " of 600 differ from spamc (score or rules)");
        REPORT.addAll(differences);
        assertThat(differences).isEmpty();
    }

    @Test
    @Order(2)
    void thePipelineScoresLikeSpamcExceptForTheGatewaysOwnHop() throws Exception {
        List<Path> bench = bench();
        List<String> sendFailures = new ArrayList<>();
        List<String> extra = new ArrayList<>();
        Set<Path> otherSender = new java.util.HashSet<>();
        Map<Path, RecordVerdicts.Recorded> recorded = new LinkedHashMap<>();
        RecordVerdicts.RECORDED.clear();
        long start = System.nanoTime();
        java.util.Set<Integer> claimed = new java.util.HashSet<>();
        for (Path file : bench) {
            CorpusMessage message = CorpusMessage.read(file);
            List<String> senders = message.envelopeSenders();
            int before = RecordVerdicts.RECORDED.size();
            RawSmtp.Result result = RawSmtp.send(INTERNET, smtp, senders, "alice@example.test", message.smtpData());
            if (result.failure().isPresent()) {
                sendFailures.add(file.getFileName() + ": " + result.failure().get());
                continue;
            }
            if (!result.sender().equals(senders.get(0))) {
                otherSender.add(file);
            }
            // The record of this message: the one with its Message-ID (white space ignored), else
            // the next unclaimed one.
            Optional<String> messageId = message.messageId();
            int index = awaitRecord(messageId, before, claimed);
            claimed.add(index);
            recorded.put(file, RecordVerdicts.RECORDED.get(index));
        }
        for (int i = 0; i < RecordVerdicts.RECORDED.size(); i++) {
            if (!claimed.contains(i)) {
                extra.add(RecordVerdicts.RECORDED.get(i).messageId());
            }
        }
        long pipelineMillis = (System.nanoTime() - start) / 1_000_000;

        int same = 0;
        int sameVerdict = 0;
        List<String> differences = new ArrayList<>();
        Map<String, Integer> ruleDeltas = new TreeMap<>();
        Set<String> unexplained = new TreeSet<>();
        for (Map.Entry<Path, RecordVerdicts.Recorded> entry : recorded.entrySet()) {
            ScanResult scan = entry.getValue().verdict().scan();
            assertThat(scan.status()).as("scan of %s", entry.getKey()).isEqualTo(ScanResult.Status.SCANNED);
            Scored pipeline = Scored.of(scan.score().getAsDouble(), scan.rules());
            Scored reference = spamc(entry.getKey());
            if (band(pipeline.score()) == band(reference.score())) {
                sameVerdict++;
            }
            if (pipeline.score() == reference.score()) {
                same++;
                continue;
            }
            Set<String> delta = new TreeSet<>();
            for (String rule : union(pipeline.rules().keySet(), reference.rules().keySet())) {
                if (!java.util.Objects.equals(pipeline.rules().get(rule), reference.rules().get(rule))) {
                    String sign = !reference.rules().containsKey(rule) ? "+" : !pipeline.rules().containsKey(rule) ? "-" : "~";
                    delta.add(sign + rule);
                    ruleDeltas.merge(sign + rule, 1, Integer::sum);
                    boolean explained = RECEIVED_HOP_RULES.matcher(rule).matches()
                        || (otherSender.contains(entry.getKey()) && ENVELOPE_RULES.matcher(rule).matches())
                        || (hasEightBitHeaders(entry.getKey()) && EIGHT_BIT_HEADER_RULES.matcher(rule).matches());
                    if (!explained) {
                        unexplained.add(entry.getKey().getFileName() + ":" + rule);
                    }
                }
            }
            differences.add(String.format("%s: pipeline %.1f spamc %.1f %s", entry.getKey().getFileName(), pipeline.score(), reference.score(), delta));
        }
        REPORT.add(String.format("pipeline: %d sent one by one in %d ms (%.1f msg/s, SMTP + scan + delivery path)",
            recorded.size(), pipelineMillis, recorded.size() * 1000.0 / pipelineMillis));
        REPORT.add("pipeline: " + sendFailures.size() + " not accepted over SMTP: " + sendFailures);
        REPORT.add("pipeline: " + extra.size() + " mails scored that no accepted SMTP transaction explains (James queued them after a"
            + " 5XX reply at end of DATA): " + extra);
        REPORT.add("pipeline: " + same + " of " + recorded.size() + " score exactly as spamc on the raw file; "
            + (recorded.size() - same) + " differ; verdict band (<3, 3-5, >=5) the same for " + sameVerdict);
        REPORT.add("pipeline: rules that differ (+ only in pipeline, - only in spamc, ~ other score), by message count: " + ruleDeltas);
        REPORT.add("pipeline: " + otherSender.size() + " sent with another envelope sender than their Return-Path (James refused it)");
        REPORT.add("pipeline: differing rules not explained by James' Received header, a changed envelope sender or 8-bit header"
            + " bytes: " + unexplained);
        REPORT.addAll(differences);
        assertThat(recorded).as("every message accepted over SMTP is scored").hasSize(bench.size() - sendFailures.size());
        assertThat(unexplained).as("rule differences that the gateway hop does not explain").isEmpty();
    }

    private static boolean hasEightBitHeaders(Path file) {
        try {
            byte[] raw = Files.readAllBytes(file);
            for (int i = 0; i < raw.length; i++) {
                if (raw[i] == '\n' && i + 1 < raw.length && (raw[i + 1] == '\n' || raw[i + 1] == '\r')) {
                    return false;
                }
                if ((raw[i] & 0x80) != 0) {
                    return true;
                }
            }
            return false;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int band(double score) {
        return score >= 5 ? 2 : score >= 3 ? 1 : 0;
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> union = new TreeSet<>(a);
        union.addAll(b);
        return union;
    }

    /**
     * The index of the record with {@code messageId}; when none has it, the first unclaimed record
     * that arrived after {@code before}, once it has waited 2 s for a better match.
     */
    private static int awaitRecord(Optional<String> messageId, int before, Set<Integer> claimed) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(130).toNanos();
        long fallbackSince = -1;
        while (System.nanoTime() < deadline) {
            List<RecordVerdicts.Recorded> all = RecordVerdicts.RECORDED;
            int next = -1;
            for (int i = 0; i < all.size(); i++) {
                if (claimed.contains(i)) {
                    continue;
                }
                if (messageId.isPresent() && messageId.get().equals(withoutSpaces(all.get(i).messageId()))) {
                    return i;
                }
                if (i >= before && next < 0) {
                    next = i;
                }
            }
            if (next >= 0) {
                if (messageId.isEmpty()) {
                    return next;
                }
                fallbackSince = fallbackSince < 0 ? System.nanoTime() : fallbackSince;
                if (System.nanoTime() - fallbackSince > Duration.ofSeconds(2).toNanos()) {
                    return next;
                }
            }
            Thread.sleep(5);
        }
        throw new IllegalStateException("no verdict recorded within 130 s for the message with Message-ID " + messageId);
    }

    private static String withoutSpaces(String text) {
        return text.replaceAll("\\s+", "");
    }

    /** SMTP with a message's {@link CorpusMessage#smtpData() SMTP data}. */
    static final class RawSmtp {
        /** The failure, if any, and the envelope sender James accepted. */
        record Result(Optional<String> failure, String sender) {
        }

        static Result send(String source, int port, List<String> senders, String recipient, byte[] smtpData) throws IOException {
            try (Socket socket = new Socket(InetAddress.getByName("127.0.0.1"), port, InetAddress.getByName(source), 0)) {
                socket.setSoTimeout(180_000);
                InputStream in = socket.getInputStream();
                OutputStream out = socket.getOutputStream();
                String greeting = reply(in);
                String ehlo = command(in, out, "EHLO mail.example.org");
                if (!greeting.startsWith("2") || !ehlo.startsWith("2")) {
                    return new Result(Optional.of("greeting/EHLO -> " + greeting.strip() + " / " + ehlo.strip()), "");
                }
                String mail = "";
                String used = "";
                for (String sender : senders) {
                    mail = command(in, out, "MAIL FROM:<" + sender + ">");
                    used = sender;
                    if (mail.startsWith("2")) {
                        break;
                    }
                }
                if (!mail.startsWith("2")) {
                    return new Result(Optional.of("MAIL FROM " + senders + " -> " + mail.strip()), used);
                }
                for (String command : List.of("RCPT TO:<" + recipient + ">", "DATA")) {
                    String reply = command(in, out, command);
                    if (!reply.startsWith("2") && !reply.startsWith("3")) {
                        return new Result(Optional.of(command + " -> " + reply.strip()), used);
                    }
                }
                out.write(smtpData);
                out.write(".\r\n".getBytes(StandardCharsets.US_ASCII));
                out.flush();
                String reply = reply(in);
                out.write("QUIT\r\n".getBytes(StandardCharsets.US_ASCII));
                out.flush();
                return new Result(reply.startsWith("250") ? Optional.empty() : Optional.of("end of DATA -> " + reply.strip()), used);
            }
        }

        private static String command(InputStream in, OutputStream out, String command) throws IOException {
            out.write((command + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            return reply(in);
        }

        /** A whole (possibly multi-line) reply. */
        private static String reply(InputStream in) throws IOException {
            StringBuilder reply = new StringBuilder();
            while (true) {
                ByteArrayOutputStream line = new ByteArrayOutputStream();
                int b;
                while ((b = in.read()) >= 0 && b != '\n') {
                    line.write(b);
                }
                String text = line.toString(StandardCharsets.US_ASCII);
                reply.append(text).append('\n');
                if (b < 0 || text.length() < 4 || text.charAt(3) != '-') {
                    return reply.toString();
                }
            }
        }
    }

}
