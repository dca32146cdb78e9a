package org.jamesantispam.it.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.james.GuiceJamesServer;
import org.apache.james.JamesServerExtension;
import org.jamesantispam.core.dnsbl.DnsblClient;
import org.jamesantispam.core.dnsbl.DnsblClients;
import org.jamesantispam.core.dnsbl.DnsblStatistics;
import org.jamesantispam.it.clients.SmtpClient;
import org.jamesantispam.it.james.AntispamJames;
import org.jamesantispam.it.james.JamesConf;
import org.jamesantispam.it.services.RbldnsdExtension;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Benchmark (not a test: run with {@code scripts/bench.sh restrictions}, profile {@code bench}) of the
 * SMTP restriction stage: SMTP transactions per second (connect, EHLO, MAIL, RCPT, QUIT) from many
 * distinct client addresses (127.1.x.y), through the reference restriction lists with two DNS
 * blocklists served by a real rbldnsd, against the same James with empty restriction lists (the
 * baseline), in one run. Prints the ratio, the DNS queries sent and the cache hit ratio.
 */
class RestrictionsBenchmark {
    private static final int CLIENT_ADDRESSES = Integer.getInteger("bench.clients", 500);
    private static final int CONNECTIONS = Integer.getInteger("bench.connections", 1000);
    private static final int THREADS = Integer.getInteger("bench.threads", 4);
    private static final int WARMUP = 200;

    @RegisterExtension
    @Order(1)
    static RbldnsdExtension blocklists = RbldnsdExtension.builder()
        .ttl(java.time.Duration.ofMinutes(10))
        // $SOA: its minimum TTL lets resolvers cache "not listed" answers, as with a real blocklist.
        .ip4set("bl.example.test", "$SOA 600 ns.bl.example.test hostmaster.example.test 1 600 300 86400 600",
            ":127.0.0.2:Listed", "127.1.0.7", "127.1.1.9")
        .ip4set("zen.example.test", "$SOA 600 ns.zen.example.test hostmaster.example.test 1 600 300 86400 600",
            ":127.0.0.4:Listed", "127.1.0.11")
        .build();

    @RegisterExtension
    @Order(2)
    static JamesServerExtension withRestrictions = AntispamJames.manualExtension(JamesConf.reference().withoutContentFilter()
        .dnsblResolver(blocklists::port)
        .replace("smtpserver.xml", "reject_rbl_client bl.example.test", "reject_rbl_client bl.example.test, reject_rbl_client zen.example.test"));

    @RegisterExtension
    @Order(3)
    static JamesServerExtension baseline = AntispamJames.manualExtension(JamesConf.reference().withoutContentFilter().restrictions("<mynetworks_style>host</mynetworks_style>"));

    /** Starts {@code james}, runs a warm-up and the measured transactions, stops it. */
    private static double measure(JamesServerExtension james, AtomicInteger refused, Runnable beforeMeasure) throws Exception {
        GuiceJamesServer server = james.getGuiceJamesServer();
        server.start();
        try {
            AntispamJames.addDemoUsers(server);
            run(server, WARMUP, 0, new AtomicInteger());
            beforeMeasure.run();
            return run(server, CONNECTIONS, WARMUP, refused);
        } finally {
            server.stop();
        }
    }

    private static DnsblStatistics dnsblStatistics() {
        return DnsblClients.all().values().stream().map(DnsblClient::statistics).filter(s -> s.lookups() > 0).findFirst().orElseThrow();
    }

    private static String clientAddress(int index) {
        int n = index % CLIENT_ADDRESSES;
        return "127.1." + (n / 250) + "." + (n % 250 + 1);
    }

    /** Runs {@code count} transactions over {@link #THREADS} threads; returns transactions per second. */
    private static double run(GuiceJamesServer server, int count, int offset, AtomicInteger refused) throws Exception {
        int port = AntispamJames.smtpPort(server);
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        AtomicInteger next = new AtomicInteger();
        long start = System.nanoTime();
        List<Future<?>> workers = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            workers.add(pool.submit(() -> {
                for (int i = next.getAndIncrement(); i < count; i = next.getAndIncrement()) {
                    try (SmtpClient client = SmtpClient.connect(clientAddress(offset + i), port)) {
                        client.command("EHLO mail.example.org");
                        client.command("MAIL FROM:<bob@example.org>");
                        if (client.command("RCPT TO:<alice@example.test>").code() != 250) {
                            refused.incrementAndGet();
                        }
                    }
                }
                return null;
            }));
        }
        for (Future<?> worker : workers) {
            worker.get();
        }
        pool.shutdown();
        return count / ((System.nanoTime() - start) / 1e9);
    }

    @Test
    void restrictionStage() throws Exception {
        AtomicInteger baselineRefused = new AtomicInteger();
        double bare = measure(baseline, baselineRefused, () -> { });
        AtomicInteger refused = new AtomicInteger();
        long[] before = new long[3];
        double restricted = measure(withRestrictions, refused, () -> {
            DnsblStatistics stats = dnsblStatistics();
            before[0] = stats.queriesSent();
            before[1] = stats.cacheHits();
            before[2] = stats.lookups();
        });
        DnsblStatistics stats = dnsblStatistics();
        long queries = stats.queriesSent() - before[0];
        long hits = stats.cacheHits() - before[1];
        long lookups = stats.lookups() - before[2];

        String report = String.format(java.util.Locale.ROOT, """
            restriction stage benchmark: %d SMTP transactions (EHLO, MAIL, RCPT, QUIT), %d client addresses, %d client threads
              baseline (empty restriction lists): %.1f transactions/s
              reference lists + 2 DNSBL zones:   %.1f transactions/s  (ratio %.2f)
              refused (listed clients):          %d
              DNSBL lookups %d, DNS queries sent %d, cache hits %d, cache hit ratio %.3f
              machine: %d cores, %s
            """, CONNECTIONS, CLIENT_ADDRESSES, THREADS, bare, restricted, restricted / bare, refused.get(), lookups, queries, hits,
            hits / (double) Math.max(1, hits + queries), Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"));
        System.out.println(report);
        Path out = Path.of("target", "bench", "restrictions.txt");
        Files.createDirectories(out.getParent());
        Files.writeString(out, report, StandardCharsets.UTF_8);
        assertThat(refused.get()).as("listed clients are refused").isPositive();
        assertThat(baselineRefused.get()).isZero();
    }
}
