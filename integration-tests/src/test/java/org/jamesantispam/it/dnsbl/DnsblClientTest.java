package org.jamesantispam.it.dnsbl;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.jamesantispam.core.dnsbl.DnsServerAddress;
import org.jamesantispam.core.dnsbl.DnsblClient;
import org.jamesantispam.core.dnsbl.DnsblClientSettings;
import org.jamesantispam.core.dnsbl.DnsblLookup;
import org.jamesantispam.core.dnsbl.DnsblResult;
import org.jamesantispam.core.dnsbl.DnsblResult.Status;
import org.jamesantispam.core.dnsbl.DnsblZone;
import org.jamesantispam.core.dnsbl.DnsjavaDnsblResolver;
import org.jamesantispam.it.services.RbldnsdExtension;
import org.jamesantispam.it.services.SilentUdpServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.google.common.base.Ticker;
import com.google.common.net.InetAddresses;

/**
 * The DNSBL client against a real rbldnsd (and a silent UDP port): listings with TXT, the
 * return-code filter, IPv6 nibble queries, parallel zones, the TTL cache (positive and negative)
 * and failures that are never listings. rbldnsd cannot count queries: the cache is proven by the
 * client's counters, by a fake clock, and by answers that still come back while rbldnsd is down.
 */
class DnsblClientTest {
    private static final String SOA = "$SOA 0 ns.example.test hostmaster.example.test 1 3600 600 86400 60";

    @RegisterExtension
    static RbldnsdExtension rbldnsd = RbldnsdExtension.builder()
        .ip4set("bl.example.test", ":127.0.0.2:Listed for testing", "127.0.0.2", "192.0.2.0/24")
        .ip4set("codes.example.test", ":127.0.0.2:", "127.0.0.2", "127.0.0.4 :127.0.0.10:Policy listing")
        .ip4set("second.example.test", ":127.0.0.3:Second list", "127.0.0.3")
        .ip6trie("bl6.example.test", ":127.0.0.3:IPv6 listed", "2001:db8::1")
        .zone("soa.example.test", "ip4set", SOA + "\n:127.0.0.2:Listed with SOA\n127.0.0.2")
        .ttl(Duration.ofSeconds(300))
        .build();

    /** A second rbldnsd, stopped by one test to prove cached answers need no server. */
    @RegisterExtension
    static RbldnsdExtension outage = RbldnsdExtension.builder()
        .zone("cached.example.test", "ip4set", SOA + "\n:127.0.0.2:Cached listing\n127.0.0.2")
        .ttl(Duration.ofSeconds(300))
        .build();

    @RegisterExtension
    static SilentUdpServer silent = new SilentUdpServer();

    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
    private final Ticker fakeClock = new Ticker() {
        @Override
        public long read() {
            return nanos.get();
        }
    };

    private static InetAddress ip(String address) {
        return InetAddresses.forString(address);
    }

    private static DnsblZone zone(String spec) {
        return DnsblZone.parse(spec);
    }

    private static DnsblClientSettings settings(String host, int port, Duration timeout) {
        return DnsblClientSettings.DEFAULTS.withResolver(DnsServerAddress.of(new InetSocketAddress(host, port))).withTimeout(timeout);
    }

    private DnsblClient client(RbldnsdExtension server, DnsblClientSettings settings) {
        return new DnsblClient(DnsjavaDnsblResolver.server(new InetSocketAddress(server.host(), server.port()), settings.timeout()),
            settings, fakeClock);
    }

    private DnsblClient client() {
        return client(rbldnsd, settings(rbldnsd.host(), rbldnsd.port(), Duration.ofSeconds(2)));
    }

    private DnsblClient silentClient(Duration timeout) {
        return new DnsblClient(settings(silent.host(), silent.port(), timeout));
    }

    private void advance(Duration duration) {
        nanos.addAndGet(duration.toNanos());
    }

    @Test
    void aListedAddressIsListedWithItsTxt() {
        DnsblClient client = client();
        DnsblResult result = client.lookup(ip("127.0.0.2"), zone("bl.example.test"), true);
        assertThat(result.status()).isEqualTo(Status.LISTED);
        assertThat(result.answers()).containsExactly(ip("127.0.0.2"));
        assertThat(result.txt()).contains("Listed for testing");

        assertThat(client.lookup(ip("192.0.2.77"), zone("bl.example.test"), true).txt()).contains("Listed for testing");
        assertThat(client.statistics().listings("bl.example.test")).isEqualTo(2);
    }

    @Test
    void withoutTxtRequestedOnlyTheARecordIsQueried() {
        DnsblClient client = client();
        DnsblResult result = client.lookup(ip("127.0.0.2"), zone("bl.example.test"), false);
        assertThat(result.isListed()).isTrue();
        assertThat(result.txt()).isEmpty();
        assertThat(client.statistics().queriesSent()).isEqualTo(1);
    }

    @Test
    void anAddressNotListedIsNotListed() {
        DnsblClient client = client();
        DnsblResult result = client.lookup(ip("127.0.0.5"), zone("bl.example.test"), true);
        assertThat(result.status()).isEqualTo(Status.NOT_LISTED);
        assertThat(result.answers()).isEmpty();
        assertThat(client.statistics().listings()).isZero();
        assertThat(client.statistics().failures()).isZero();
    }

    @Test
    void theReturnCodeFilterDecides() {
        DnsblClient client = client();
        // the zone answers 127.0.0.10 for 127.0.0.4
        DnsblResult filteredOut = client.lookup(ip("127.0.0.4"), zone("codes.example.test=127.0.0.[2..9]"), true);
        assertThat(filteredOut.status()).isEqualTo(Status.NOT_LISTED);
        assertThat(filteredOut.answers()).containsExactly(ip("127.0.0.10"));

        assertThat(client.lookup(ip("127.0.0.4"), zone("codes.example.test"), true).txt()).contains("Policy listing");
        assertThat(client.lookup(ip("127.0.0.4"), zone("codes.example.test=127.0.0.[2;10]"), true).isListed()).isTrue();
        assertThat(client.lookup(ip("127.0.0.2"), zone("codes.example.test=127.0.0.[2..9]"), true).isListed()).isTrue();
    }

    @Test
    void aListingWithoutTxtRecordHasNoText() {
        DnsblResult result = client().lookup(ip("127.0.0.2"), zone("codes.example.test"), true);
        assertThat(result.isListed()).isTrue();
        assertThat(result.txt()).isEmpty();
    }

    @Test
    void ipv6ClientsAreLookedUpByNibbles() {
        DnsblClient client = client();
        DnsblResult listed = client.lookup(ip("2001:db8::1"), zone("bl6.example.test"), true);
        assertThat(listed.status()).isEqualTo(Status.LISTED);
        assertThat(listed.answers()).containsExactly(ip("127.0.0.3"));
        assertThat(listed.txt()).contains("IPv6 listed");
        assertThat(client.lookup(ip("2001:db8::2"), zone("bl6.example.test"), true).status()).isEqualTo(Status.NOT_LISTED);
    }

    @Test
    void severalZonesGiveOneResultEachInTheirOrder() {
        DnsblClient client = client();
        List<DnsblZone> zones = List.of(zone("bl.example.test"), zone("second.example.test"), zone("codes.example.test"),
            zone("soa.example.test"));
        DnsblLookup lookup = client.lookup(ip("127.0.0.3"), zones, true);
        assertThat(lookup.results()).extracting(DnsblResult::status)
            .containsExactly(Status.NOT_LISTED, Status.LISTED, Status.NOT_LISTED, Status.NOT_LISTED);
        assertThat(lookup.firstListed()).map(result -> result.zone().domain()).contains("second.example.test");
        assertThat(lookup.firstListed()).flatMap(DnsblResult::txt).contains("Second list");

        DnsblLookup both = client.lookup(ip("127.0.0.2"), zones, true);
        assertThat(both.firstListed()).map(result -> result.zone().domain()).contains("bl.example.test");
        assertThat(both.results()).extracting(DnsblResult::status)
            .containsExactly(Status.LISTED, Status.NOT_LISTED, Status.LISTED, Status.LISTED);
    }

    @Test
    void aSecondLookupIsAnsweredFromTheCache() {
        DnsblClient client = client();
        assertThat(client.lookup(ip("127.0.0.2"), zone("bl.example.test"), true).isListed()).isTrue();
        assertThat(client.statistics().queriesSent()).isEqualTo(2); // A and TXT
        assertThat(client.statistics().cacheHits()).isZero();

        DnsblResult again = client.lookup(ip("127.0.0.2"), zone("bl.example.test=127.0.0.2"), true);
        assertThat(again.txt()).contains("Listed for testing");
        assertThat(client.statistics().queriesSent()).isEqualTo(2);
        assertThat(client.statistics().cacheHits()).isEqualTo(2);
        assertThat(client.statistics().lookups("bl.example.test")).isEqualTo(2);
    }

    @Test
    void aPrefetchedLookupSendsNoQueryOfItsOwn() {
        DnsblClient client = client();
        List<DnsblZone> zones = List.of(zone("bl.example.test"), zone("soa.example.test"));
        client.prefetch(ip("127.0.0.2"), zones);
        DnsblLookup lookup = client.lookup(ip("127.0.0.2"), zones, true);
        assertThat(lookup.results()).extracting(result -> result.txt().orElse(""))
            .containsExactly("Listed for testing", "Listed with SOA");
        // each of A and TXT sent once per zone, whether the lookup joined them in flight or found them cached
        assertThat(client.statistics().queriesSent()).isEqualTo(4);
        assertThat(client.statistics().cacheHits()).isEqualTo(4);
    }

    @Test
    void aCachedAnswerExpiresWithItsTtl() {
        DnsblClient client = client();
        client.lookup(ip("127.0.0.2"), zone("bl.example.test"), false);
        advance(Duration.ofSeconds(299));
        client.lookup(ip("127.0.0.2"), zone("bl.example.test"), false);
        assertThat(client.statistics().queriesSent()).isEqualTo(1);

        advance(Duration.ofSeconds(2)); // TTL 300 s has passed
        assertThat(client.lookup(ip("127.0.0.2"), zone("bl.example.test"), false).isListed()).isTrue();
        assertThat(client.statistics().queriesSent()).isEqualTo(2);
    }

    @Test
    void maxTtlBoundsTheTimeAnAnswerIsKept() {
        DnsblClient client = client(rbldnsd, settings(rbldnsd.host(), rbldnsd.port(), Duration.ofSeconds(2))
            .withCache(100, Duration.ofSeconds(10), Duration.ofSeconds(10)));
        client.lookup(ip("127.0.0.2"), zone("bl.example.test"), false);
        advance(Duration.ofSeconds(9));
        client.lookup(ip("127.0.0.2"), zone("bl.example.test"), false);
        assertThat(client.statistics().queriesSent()).isEqualTo(1);
        advance(Duration.ofSeconds(2));
        client.lookup(ip("127.0.0.2"), zone("bl.example.test"), false);
        assertThat(client.statistics().queriesSent()).isEqualTo(2);
    }

    @Test
    void aNegativeAnswerIsCachedForTheSoaNegativeTtl() {
        DnsblClient client = client();
        assertThat(client.lookup(ip("127.0.0.5"), zone("soa.example.test"), true).status()).isEqualTo(Status.NOT_LISTED);
        advance(Duration.ofSeconds(59));
        assertThat(client.lookup(ip("127.0.0.5"), zone("soa.example.test"), true).status()).isEqualTo(Status.NOT_LISTED);
        assertThat(client.statistics().queriesSent()).isEqualTo(1);
        assertThat(client.statistics().cacheHits()).isEqualTo(1);

        advance(Duration.ofSeconds(2)); // the SOA's minimum, 60 s, has passed
        client.lookup(ip("127.0.0.5"), zone("soa.example.test"), true);
        assertThat(client.statistics().queriesSent()).isEqualTo(2);
    }

    @Test
    void maxNegativeTtlBoundsTheNegativeCache() {
        DnsblClient client = client(rbldnsd, settings(rbldnsd.host(), rbldnsd.port(), Duration.ofSeconds(2))
            .withCache(100, Duration.ofHours(1), Duration.ofSeconds(5)));
        client.lookup(ip("127.0.0.5"), zone("soa.example.test"), false);
        advance(Duration.ofSeconds(6));
        client.lookup(ip("127.0.0.5"), zone("soa.example.test"), false);
        assertThat(client.statistics().queriesSent()).isEqualTo(2);
    }

    @Test
    void aNegativeAnswerWithoutSoaIsNotCached() {
        DnsblClient client = client();
        client.lookup(ip("127.0.0.5"), zone("bl.example.test"), false);
        client.lookup(ip("127.0.0.5"), zone("bl.example.test"), false);
        assertThat(client.statistics().queriesSent()).isEqualTo(2);
        assertThat(client.statistics().cacheHits()).isZero();
    }

    @Test
    void aZeroCacheSizeCachesNothing() {
        DnsblClient client = client(rbldnsd, settings(rbldnsd.host(), rbldnsd.port(), Duration.ofSeconds(2))
            .withCache(0, Duration.ofHours(1), Duration.ofHours(1)));
        client.lookup(ip("127.0.0.2"), zone("bl.example.test"), false);
        client.lookup(ip("127.0.0.2"), zone("bl.example.test"), false);
        assertThat(client.statistics().queriesSent()).isEqualTo(2);
    }

    @Test
    void cachedAnswersComeBackWhileTheServerIsDown() {
        DnsblClient client = client(outage, settings(outage.host(), outage.port(), Duration.ofSeconds(1)));
        DnsblZone zone = zone("cached.example.test");
        assertThat(client.lookup(ip("127.0.0.2"), zone, true).txt()).contains("Cached listing");
        assertThat(client.lookup(ip("127.0.0.5"), zone, true).status()).isEqualTo(Status.NOT_LISTED);
        long sent = client.statistics().queriesSent();
        outage.stop();
        try {
            DnsblResult positive = client.lookup(ip("127.0.0.2"), zone, true);
            assertThat(positive.status()).isEqualTo(Status.LISTED);
            assertThat(positive.txt()).contains("Cached listing");
            assertThat(client.lookup(ip("127.0.0.5"), zone, true).status()).isEqualTo(Status.NOT_LISTED);
            assertThat(client.statistics().queriesSent()).isEqualTo(sent);
            assertThat(client.statistics().failures()).isZero();

            // the server is really down: a name not cached fails
            assertThat(client.lookup(ip("127.0.0.6"), zone, true).status()).isEqualTo(Status.FAILED);
            assertThat(client.statistics().failures("cached.example.test")).isEqualTo(1);
        } finally {
            outage.start();
        }
    }

    @Test
    void aSilentServerIsAFailureWithinTheTimeoutNeverAListing() {
        DnsblClient client = silentClient(Duration.ofSeconds(1));
        long start = System.nanoTime();
        DnsblResult result = client.lookup(ip("127.0.0.2"), zone("bl.example.test"), true);
        Duration elapsed = Duration.ofNanos(System.nanoTime() - start);

        assertThat(result.status()).isEqualTo(Status.FAILED);
        assertThat(result.isListed()).isFalse();
        assertThat(result.failure()).contains("no answer within 1000 ms");
        assertThat(elapsed).isGreaterThanOrEqualTo(Duration.ofMillis(900)).isLessThan(Duration.ofMillis(2500));
        assertThat(client.statistics().failures("bl.example.test")).isEqualTo(1);
        assertThat(client.statistics().listings()).isZero();
    }

    @Test
    void zonesAreQueriedInParallelSoSilenceCostsOneTimeout() {
        DnsblClient client = silentClient(Duration.ofSeconds(2));
        List<DnsblZone> zones = List.of(zone("a.example.test"), zone("b.example.test"), zone("c.example.test"), zone("d.example.test"));
        long start = System.nanoTime();
        List<DnsblResult> results = client.lookup(ip("127.0.0.2"), zones, true).results();
        long elapsedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

        assertThat(results).extracting(DnsblResult::status).containsOnly(Status.FAILED).hasSize(4);
        // one after the other, four zones would need at least 8 s
        assertThat(elapsedMillis).isBetween(1_900L, 5_000L);
        assertThat(client.statistics().failures()).isEqualTo(4);
    }

    @Test
    void aQueryInFlightIsSharedNotRepeated() {
        DnsblClient client = silentClient(Duration.ofMillis(1500));
        silent.resetCount();
        DnsblLookup first = client.lookup(ip("127.0.0.9"), List.of(zone("shared.example.test")), false);
        DnsblLookup second = client.lookup(ip("127.0.0.9"), List.of(zone("shared.example.test")), false);
        assertThat(first.results()).extracting(DnsblResult::status).containsExactly(Status.FAILED);
        assertThat(second.results()).extracting(DnsblResult::status).containsExactly(Status.FAILED);
        assertThat(client.statistics().queriesSent()).isEqualTo(1);
        assertThat(client.statistics().cacheHits()).isEqualTo(1);
        assertThat(silent.receivedDatagrams()).isEqualTo(1);

        // a failure is not cached: the next lookup asks again
        client.lookup(ip("127.0.0.9"), zone("shared.example.test"), false);
        assertThat(client.statistics().queriesSent()).isEqualTo(2);
    }
}
