package org.jamesantispam.it.soak;

import static org.assertj.core.api.Assertions.assertThat;
import static org.jamesantispam.it.james.AntispamJames.ALICE;
import static org.jamesantispam.it.james.AntispamJames.PASSWORD;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.apache.james.GuiceJamesServer;
import org.apache.james.JamesServerExtension;
import org.jamesantispam.it.clients.MailboxCensus;
import org.jamesantispam.it.clients.WebAdminClient;
import org.jamesantispam.it.corpus.CorpusMessage;
import org.jamesantispam.it.corpus.SmtpSubmission;
import org.jamesantispam.it.james.AntispamJames;
import org.jamesantispam.it.james.JamesConf;
import org.jamesantispam.it.james.LoggedExceptions;
import org.jamesantispam.it.services.RbldnsdExtension;
import org.jamesantispam.it.services.SpamdExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Whole-corpus soak (a tool run by {@code scripts/soak.sh}, profile {@code soak}; never by
 * {@code ./test.sh}): all 6,046 messages of the SpamAssassin corpus ({@code target/corpus/full})
 * through the real pipeline over SMTP: a real James 3.8.1 with the reference configuration, a real
 * spamd (2 children, the tests' deterministic configuration) and a real rbldnsd serving the
 * reference DNSBL zone. Each message is sent by one of {@value #DEFAULT_SENDERS} concurrent clients
 * from its own untrusted loopback address (127.1.x.y), with its own envelope sender, to alice@, and
 * carries a first header {@code X-Soak-Id} so that every copy can be traced back.
 *
 * <p>Messages go in batches of {@value #DEFAULT_BATCH}. After each batch, the soak waits until
 * every accepted message is accounted for <em>through James</em> (alice's INBOX and
 * spam-quarantine@'s INBOX over IMAP, read and then deleted so the in-memory mailboxes do not grow;
 * the {@code file://} quarantine and every other mail repository through webadmin), then samples
 * the heap after a full GC. It fails when:
 * <ul>
 *   <li>a message is lost (accepted and nowhere), duplicated (found twice), found although it was
 *       refused, or found in the error repository; a client gets no reply; the quarantine repository and the forwarded copies differ;
 *       spamalert@ gets a different number of notices;</li>
 *   <li>James logs a WARN or ERROR with a stack trace;</li>
 *   <li>the heap after a full GC, fitted by least squares from the first thousand messages to the
 *       last, grows by more than {@code antispam.soak.maxHeapGrowthMib} (default
 *       {@value #DEFAULT_MAX_HEAP_GROWTH_MIB} MiB, well under one retained copy of each message:
 *       the corpus is 31 MiB).</li>
 * </ul>
 * The figures go to the standard output and {@code target/soak/soak.txt}. System properties:
 * {@code antispam.soak.limit} (messages, default all), {@code antispam.soak.batch},
 * {@code antispam.soak.senders}, {@code antispam.soak.maxHeapGrowthMib}.
 */
class CorpusSoak {
    static final int DEFAULT_BATCH = 500;
    static final int DEFAULT_SENDERS = 4;
    static final int DEFAULT_MAX_HEAP_GROWTH_MIB = 16;
    private static final String QUARANTINE_USER = "spam-quarantine@example.test";
    private static final String SPAMALERT = "spamalert@example.test";
    private static final String QUARANTINE_REPOSITORY = "var/mail/quarantine/";
    private static final Duration NO_PROGRESS_LIMIT = Duration.ofMinutes(5);
    /** The header put first in each message sent, its value the message's index in the corpus. */
    static final String ID_HEADER = "X-Soak-Id";
    private static final Pattern SOAK_ID = Pattern.compile("(?m)^" + ID_HEADER + ": (\\S+)");

    @RegisterExtension
    @Order(1)
    static RbldnsdExtension blocklist = RbldnsdExtension.builder()
        .ip4set("bl.example.test", ":127.0.0.2:Listed by bl.example.test, see http://bl.example.test/query?ip=$", "127.0.0.2")
        .build();

    @RegisterExtension
    @Order(2)
    static SpamdExtension spamd = new SpamdExtension();

    @RegisterExtension
    @Order(3)
    static JamesServerExtension james = AntispamJames.extension(JamesConf.reference()
        .dnsblResolver(blocklist::port)
        .spamd(spamd::port));

    private static int smtp;
    private static int imap;
    private static WebAdminClient webAdmin;
    private static int webAdminPort;

    @BeforeAll
    static void setUp(GuiceJamesServer server) throws Exception {
        AntispamJames.addDemoUsers(server);
        smtp = AntispamJames.smtpPort(server);
        imap = AntispamJames.imapPort(server);
        webAdminPort = AntispamJames.webAdminPort(server);
        webAdmin = new WebAdminClient(webAdminPort);
    }

    /** Where each copy of each message was found. */
    private static final class Census {
        final Map<String, List<String>> places = new HashMap<>();
        final Map<String, Set<String>> repositoryKeys = new HashMap<>();
        final Map<String, Integer> quarantineRepository = new HashMap<>();
        int delivered;
        int forwardedQuarantine;
        int notices;
        int withoutId;
        int unchecked;

        void found(String id, String place) {
            places.computeIfAbsent(id, any -> new ArrayList<>()).add(place);
        }

        int foundCount() {
            return places.values().stream().mapToInt(List::size).sum();
        }

        int quarantineRepositoryCount() {
            return quarantineRepository.values().stream().mapToInt(Integer::intValue).sum();
        }
    }

    @Test
    void wholeCorpusThroughThePipeline() throws Exception {
        List<Path> corpus = corpus();
        int limit = Integer.getInteger("antispam.soak.limit", corpus.size());
        int batch = Integer.getInteger("antispam.soak.batch", DEFAULT_BATCH);
        int senders = Integer.getInteger("antispam.soak.senders", DEFAULT_SENDERS);
        int maxGrowth = Integer.getInteger("antispam.soak.maxHeapGrowthMib", DEFAULT_MAX_HEAP_GROWTH_MIB);
        List<Path> files = corpus.subList(0, Math.min(limit, corpus.size()));

        List<String> report = new ArrayList<>();
        Map<String, SmtpSubmission.Result> outcomes = new ConcurrentHashMap<>();
        Map<String, String> clientFailures = new ConcurrentHashMap<>();
        Census census = new Census();
        HeapSeries heap = new HeapSeries();
        LoggedExceptions exceptions = LoggedExceptions.attach();
        long start = System.nanoTime();
        report.add(String.format("soak: %d corpus messages, batches of %d, %d concurrent SMTP clients, spamd 2 children, heap max %d MiB",
            files.size(), batch, senders, Runtime.getRuntime().maxMemory() / (1024 * 1024)));
        report.add(String.format("heap after full GC before the first message: %.1f MiB", heap.sample(0).usedMib()));
        ExecutorService pool = Executors.newFixedThreadPool(senders);
        try {
            for (int from = 0; from < files.size(); from += batch) {
                long batchStart = System.nanoTime();
                List<Future<?>> futures = new ArrayList<>();
                for (int i = from; i < Math.min(from + batch, files.size()); i++) {
                    int index = i;
                    Path file = files.get(i);
                    futures.add(pool.submit(() -> {
                        CorpusMessage message = CorpusMessage.tagged(file, ID_HEADER, Integer.toString(index));
                        try {
                            outcomes.put(Integer.toString(index), SmtpSubmission.send(sourceAddress(index), smtp, ALICE, message));
                        } catch (IOException e) {
                            clientFailures.put(Integer.toString(index), file.getFileName() + ": " + e);
                        }
                    }));
                }
                for (Future<?> future : futures) {
                    future.get();
                }
                int sent = Math.min(from + batch, files.size());
                long accepted = outcomes.values().stream().filter(SmtpSubmission.Result::accepted).count();
                awaitAccountedFor(census, accepted);
                double seconds = (System.nanoTime() - batchStart) / 1e9;
                HeapSeries.Sample sample = heap.sample(sent);
                report.add(String.format("after %5d messages: %5.1f s for the batch (%.1f msg/s), heap after full GC %6.1f MiB",
                    sent, seconds, (sent - from) / seconds, sample.usedMib()));
                System.out.println(report.get(report.size() - 1));
            }
        } finally {
            pool.shutdownNow();
            exceptions.detach();
        }
        double totalSeconds = (System.nanoTime() - start) / 1e9;

        // Accounting, message by message.
        Set<String> accepted = new HashSet<>();
        Map<String, Integer> refusedByReply = new TreeMap<>();
        List<String> refusedButFound = new ArrayList<>();
        for (Map.Entry<String, SmtpSubmission.Result> entry : outcomes.entrySet()) {
            if (entry.getValue().accepted()) {
                accepted.add(entry.getKey());
            } else {
                refusedByReply.merge(entry.getValue().command() + " " + entry.getValue().code(), 1, Integer::sum);
                if (census.places.containsKey(entry.getKey())) {
                    refusedButFound.add(entry.getKey() + " " + files.get(Integer.parseInt(entry.getKey())).getFileName()
                        + " refused (" + entry.getValue().reply() + ") but found in " + census.places.get(entry.getKey()));
                }
            }
        }
        List<String> lost = accepted.stream().filter(id -> !census.places.containsKey(id)).sorted()
            .map(id -> id + " " + files.get(Integer.parseInt(id)).getFileName()).toList();
        List<String> duplicated = census.places.entrySet().stream().filter(entry -> entry.getValue().size() > 1)
            .map(entry -> entry.getKey() + " " + entry.getValue()).sorted().toList();
        Map<String, Integer> byPlace = new TreeMap<>();
        census.places.values().forEach(places -> places.forEach(place -> byPlace.merge(place, 1, Integer::sum)));
        long quarantineRepository = repositorySize(QUARANTINE_REPOSITORY);
        Map<String, Integer> forwardedIds = new HashMap<>();
        census.places.forEach((id, places) -> places.stream().filter("quarantine"::equals)
            .forEach(place -> forwardedIds.merge(id, 1, Integer::sum)));
        long refused = outcomes.size() - accepted.size();

        report.add(String.format("sent %d in %.0f s (%.1f msg/s overall): accepted %d, refused in the SMTP dialogue %d %s, client errors %d",
            files.size(), totalSeconds, files.size() / totalSeconds, accepted.size(), refused, refusedByReply, clientFailures.size()));
        report.add(String.format("accepted %d = found %d: %s; quarantine repository %d, forwarded to spam-quarantine@ %d, notices to spamalert@ %d",
            accepted.size(), census.foundCount(), byPlace, quarantineRepository, census.forwardedQuarantine, census.notices));
        report.add(String.format("delivered ***UNCHECKED*** (spamd failed): %d; copies without %s: %d; accepted after James dropped"
            + " a data line over 8,192 octets (early 500): %d", census.unchecked, ID_HEADER, census.withoutId,
            outcomes.values().stream().filter(outcome -> outcome.accepted() && outcome.droppedLines() > 0).count()));
        report.add("lost: " + lost.size() + " " + lost);
        report.add("duplicated: " + duplicated.size() + " " + duplicated);
        report.add("refused but found: " + refusedButFound.size() + " " + refusedButFound);
        report.add("WARN/ERROR with a stack trace in James' log: " + exceptions.count() + " " + exceptions.first());
        report.add("WARN/ERROR without a stack trace, by kind: " + exceptions.plainWarnings());
        List<HeapSeries.Sample> measured = heap.from(Math.min(1000, files.size() / 2));
        StringBuilder series = new StringBuilder("heap after full GC (messages: MiB):");
        heap.samples().forEach(sample -> series.append(String.format(" %d: %.1f;", sample.messages(), sample.usedMib())));
        report.add(series.toString());
        double slope = HeapSeries.slopeMibPerThousand(measured);
        long span = measured.get(measured.size() - 1).messages() - measured.get(0).messages();
        double growth = slope * span / 1000;
        report.add(String.format("heap slope from %d to %d messages: %+.2f MiB per 1,000 messages, fitted growth %+.1f MiB (bound %d MiB)",
            measured.get(0).messages(), measured.get(measured.size() - 1).messages(), slope, growth, maxGrowth));
        writeReport(report);

        assertThat(clientFailures).as("SMTP clients without a reply").isEmpty();
        assertThat(lost).as("accepted but nowhere").isEmpty();
        assertThat(duplicated).as("found more than once").isEmpty();
        assertThat(refusedButFound).as("refused in the dialogue, yet in James").isEmpty();
        assertThat(byPlace.keySet()).as("where messages were found: never the error repository")
            .noneMatch(place -> normalized(place).equals("var/mail/error"));
        assertThat(census.withoutId).as("copies in alice@ / spam-quarantine@ that are not corpus messages").isZero();
        assertThat(quarantineRepository).as("quarantine repository = forwarded copies").isEqualTo(census.forwardedQuarantine);
        assertThat(census.quarantineRepository).as("the quarantine repository holds exactly the messages forwarded to spam-quarantine@")
            .isEqualTo(forwardedIds);
        assertThat(census.notices).as("one notice per quarantined message").isEqualTo(census.forwardedQuarantine);
        assertThat(exceptions.first()).as("WARN/ERROR with a stack trace in James' log").isEmpty();
        assertThat(growth).as("heap growth after full GC, fitted from the first thousand messages to the last (MiB)")
            .isLessThanOrEqualTo(maxGrowth);
    }

    /** 500 distinct untrusted client addresses, none listed by the DNSBL. */
    private static String sourceAddress(int index) {
        return "127.1." + (index / 250 % 2) + "." + (index % 250 + 1);
    }

    /** Reads (and empties) the mailboxes and lists the repositories until {@code accepted} messages are found. */
    private static void awaitAccountedFor(Census census, long accepted) throws InterruptedException {
        long lastProgress = System.nanoTime();
        int lastFound = -1;
        while (true) {
            try (MailboxCensus alice = MailboxCensus.login(imap, ALICE, PASSWORD);
                 MailboxCensus quarantine = MailboxCensus.login(imap, QUARANTINE_USER, PASSWORD);
                 MailboxCensus spamalert = MailboxCensus.login(imap, SPAMALERT, PASSWORD)) {
                for (MailboxCensus.Entry entry : alice.take("INBOX", ID_HEADER, "X-Spam-Status")) {
                    count(census, entry.value(ID_HEADER), "alice@");
                    census.delivered++;
                    if (entry.value("X-Spam-Status").orElse("").contains("unchecked=")) {
                        census.unchecked++;
                    }
                }
                for (MailboxCensus.Entry entry : quarantine.take("INBOX", ID_HEADER)) {
                    count(census, entry.value(ID_HEADER), "quarantine");
                    census.forwardedQuarantine++;
                }
                census.notices += spamalert.take("INBOX", "X-Quarantine-ID").size();
            }
            countRepositories(census);
            int found = census.places.size() + census.withoutId;
            if (found >= accepted && census.quarantineRepositoryCount() >= census.forwardedQuarantine
                && census.notices >= census.forwardedQuarantine) {
                return;
            }
            if (found != lastFound) {
                lastFound = found;
                lastProgress = System.nanoTime();
            } else if (System.nanoTime() - lastProgress > NO_PROGRESS_LIMIT.toNanos()) {
                return; // the final accounting names what is missing
            }
            Thread.sleep(500);
        }
    }

    private static void count(Census census, Optional<String> id, String place) {
        if (id.isPresent()) {
            census.found(id.get(), place);
        } else {
            census.withoutId++;
        }
    }

    /**
     * Every repository: the quarantine (compared with the forwarded copies) and the others (error,
     * hold, content-rejected, ...), where a message found counts as accounted for.
     */
    private static void countRepositories(Census census) {
        String list = webAdmin.get("/mailRepositories").body();
        Matcher repositories = Pattern.compile("\"repository\":\"([^\"]+)\"").matcher(list);
        while (repositories.find()) {
            String repository = repositories.group(1);
            boolean quarantine = normalized(repository).equals(normalized(QUARANTINE_REPOSITORY));
            String keys = webAdmin.get("/mailRepositories/" + encode(repository) + "/mails").body();
            Matcher key = Pattern.compile("\"([^\"]+)\"").matcher(keys);
            Set<String> seen = census.repositoryKeys.computeIfAbsent(repository, any -> new HashSet<>());
            while (key.find()) {
                if (seen.add(key.group(1))) {
                    String raw = rfc822(repository, key.group(1));
                    Matcher id = SOAK_ID.matcher(raw);
                    Optional<String> soakId = id.find() ? Optional.of(id.group(1)) : Optional.empty();
                    if (quarantine) {
                        // the same message as its forwarded copy: compared with it, not counted twice
                        census.quarantineRepository.merge(soakId.orElse("(none)"), 1, Integer::sum);
                    } else {
                        count(census, soakId, repository);
                    }
                }
            }
        }
    }

    private static String normalized(String repository) {
        return repository.replaceAll("/+$", "");
    }

    private static long repositorySize(String repository) {
        String body = webAdmin.get("/mailRepositories/" + encode(repository)).body();
        Matcher size = Pattern.compile("\"size\":(\\d+)").matcher(body);
        return size.find() ? Long.parseLong(size.group(1)) : 0;
    }

    private static String rfc822(String repository, String key) {
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + webAdminPort + "/mailRepositories/"
                + encode(repository) + "/mails/" + encode(key))).header("Accept", "message/rfc822").GET().build();
            return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.ISO_8859_1)).body();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    private static List<Path> corpus() throws IOException {
        Path dir = Path.of(System.getProperty("antispam.corpus.dir", "../target/corpus")).resolve("full");
        assertThat(dir).as("the corpus: run ../shared/corpus/fetch-corpus.sh target/corpus (./test.sh does)").isDirectory();
        try (Stream<Path> list = Files.list(dir)) {
            List<Path> files = list.filter(file -> file.toString().endsWith(".eml")).sorted().toList();
            assertThat(files).as("the full corpus").hasSize(6046);
            return files;
        }
    }

    private static void writeReport(List<String> report) throws IOException {
        Path file = Path.of("target", "soak", "soak.txt");
        Files.createDirectories(file.getParent());
        Files.write(file, report, StandardCharsets.UTF_8);
        report.forEach(System.out::println);
    }
}
