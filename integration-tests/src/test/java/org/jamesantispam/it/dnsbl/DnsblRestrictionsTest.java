package org.jamesantispam.it.dnsbl;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;

import org.jamesantispam.core.dnsbl.DnsServerAddress;
import org.jamesantispam.core.dnsbl.DnsblClient;
import org.jamesantispam.core.dnsbl.DnsblClientSettings;
import org.jamesantispam.core.dnsbl.DnsblFailurePolicy;
import org.jamesantispam.core.dnsbl.DnsblZone;
import org.jamesantispam.core.dnsbl.PermitDnswlClient;
import org.jamesantispam.core.dnsbl.RblReply;
import org.jamesantispam.core.dnsbl.RejectRblClient;
import org.jamesantispam.core.restrictions.Decision;
import org.jamesantispam.core.restrictions.Decision.Action;
import org.jamesantispam.core.restrictions.SmtpRequest;
import org.jamesantispam.it.services.RbldnsdExtension;
import org.jamesantispam.it.services.SilentUdpServer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.google.common.net.InetAddresses;

/**
 * {@code reject_rbl_client} and {@code permit_dnswl_client} against a real rbldnsd: Postfix's exact
 * replies, the return-code filter, the order of zones, IPv6, and a silent DNS server (DUNNO, or
 * 450 when asked).
 */
class DnsblRestrictionsTest {
    @RegisterExtension
    static RbldnsdExtension rbldnsd = RbldnsdExtension.builder()
        .ip4set("bl.example.test", ":127.0.0.2:Listed for testing", "127.0.0.2", "127.0.0.7")
        .ip4set("notxt.example.test", ":127.0.0.2:", "127.0.0.2")
        .ip4set("codes.example.test", ":127.0.0.10:Policy listing", "127.0.0.4")
        .ip4set("other.example.test", ":127.0.0.3:Other list says $", "127.0.0.7")
        .ip6trie("bl6.example.test", ":127.0.0.3:IPv6 listed", "2001:db8::1")
        .ip4set("list.dnswl.test", ":127.0.10.2:Well-known sender", "127.0.0.8", "127.0.0.9 :127.0.10.0:Not trusted")
        .build();

    @RegisterExtension
    static SilentUdpServer silent = new SilentUdpServer();

    private static DnsblClient client;
    private static DnsblClient silentClient;

    @BeforeAll
    static void clients() {
        client = new DnsblClient(settings(rbldnsd.host(), rbldnsd.port(), ANSWERING_TIMEOUT));
        silentClient = new DnsblClient(settings(silent.host(), silent.port(), SILENT_TIMEOUT));
    }

    /** rbldnsd answers in a millisecond, but a loaded CI machine can stall a fresh client's first query. */
    private static final Duration ANSWERING_TIMEOUT = Duration.ofSeconds(5);
    /** How long the tests wait for the silent server. */
    private static final Duration SILENT_TIMEOUT = Duration.ofSeconds(1);

    private static DnsblClientSettings settings(String host, int port, Duration timeout) {
        return DnsblClientSettings.DEFAULTS.withResolver(DnsServerAddress.of(new InetSocketAddress(host, port)))
            .withTimeout(timeout);
    }

    private static SmtpRequest request(String client) {
        return SmtpRequest.connect(InetAddresses.forString(client), false)
            .withHelo("mail.example.org").withSender("bob@example.org").withRecipient("alice@example.test");
    }

    private static List<DnsblZone> zones(String specs) {
        return DnsblZone.parseList(specs);
    }

    @Test
    void aListedClientIsRefusedWithPostfixReplyAndTxt() {
        Decision decision = new RejectRblClient(client, zones("bl.example.test")).evaluate(request("127.0.0.2"));
        assertThat(decision.action()).isEqualTo(Action.REJECT);
        assertThat(decision.check()).isEqualTo("reject_rbl_client bl.example.test");
        assertThat(decision.reply().orElseThrow().line())
            .isEqualTo("554 5.7.1 Service unavailable; Client host [127.0.0.2] blocked using bl.example.test; Listed for testing");
    }

    @Test
    void aZoneWithoutTxtGivesTheReplyWithoutReason() {
        Decision decision = new RejectRblClient(client, zones("notxt.example.test")).evaluate(request("127.0.0.2"));
        assertThat(decision.reply().orElseThrow().line())
            .isEqualTo("554 5.7.1 Service unavailable; Client host [127.0.0.2] blocked using notxt.example.test");
    }

    @Test
    void aClientNotListedIsDunno() {
        assertThat(new RejectRblClient(client, zones("bl.example.test, notxt.example.test")).evaluate(request("127.0.0.5")))
            .isSameAs(Decision.dunno());
    }

    @Test
    void theReturnCodeFilterKeepsAnAnswerOutsideItFromRejecting() {
        // codes.example.test answers 127.0.0.10 for 127.0.0.4
        assertThat(new RejectRblClient(client, zones("codes.example.test=127.0.0.[2..9]")).evaluate(request("127.0.0.4")).action())
            .isEqualTo(Action.DUNNO);
        assertThat(new RejectRblClient(client, zones("codes.example.test=127.0.0.[2..11]")).evaluate(request("127.0.0.4")).reply()
            .orElseThrow().line())
            .isEqualTo("554 5.7.1 Service unavailable; Client host [127.0.0.4] blocked using codes.example.test; Policy listing");
    }

    @Test
    void theFirstListingZoneInTheConfiguredOrderReplies() {
        // 127.0.0.7 is in both; rbldnsd replaces $ in TXT by the address
        assertThat(new RejectRblClient(client, zones("other.example.test bl.example.test")).evaluate(request("127.0.0.7")).reply()
            .orElseThrow().line())
            .isEqualTo("554 5.7.1 Service unavailable; Client host [127.0.0.7] blocked using other.example.test; Other list says 127.0.0.7");
        assertThat(new RejectRblClient(client, zones("bl.example.test, other.example.test")).evaluate(request("127.0.0.7")).check())
            .isEqualTo("reject_rbl_client bl.example.test");
    }

    @Test
    void anIpv6ClientIsRefusedWithItsShortAddress() {
        Decision decision = new RejectRblClient(client, zones("bl6.example.test")).evaluate(request("2001:db8:0:0::1"));
        assertThat(decision.reply().orElseThrow().line())
            .isEqualTo("554 5.7.1 Service unavailable; Client host [2001:db8::1] blocked using bl6.example.test; IPv6 listed");
        assertThat(new RejectRblClient(client, zones("bl6.example.test")).evaluate(request("2001:db8::2")).action()).isEqualTo(Action.DUNNO);
    }

    @Test
    void theReplyIsConfigurable() {
        RblReply reply = RblReply.parse("550 5.7.0 ${client_address} is on $rbl_domain${rbl_txt?: $rbl_txt} (code $rbl_code)");
        Decision decision = new RejectRblClient(client, zones("bl.example.test"), reply, DnsblFailurePolicy.dunno())
            .evaluate(request("127.0.0.2"));
        assertThat(decision.reply().orElseThrow().line())
            .isEqualTo("550 5.7.0 127.0.0.2 is on bl.example.test: Listed for testing (code 550)");
    }

    @Test
    void aSilentDnsServerNeverRejects() {
        long start = System.nanoTime();
        Decision decision = new RejectRblClient(silentClient, zones("bl.example.test, notxt.example.test")).evaluate(request("127.0.0.2"));
        assertThat(decision.action()).isEqualTo(Action.DUNNO);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(2500));
        assertThat(silentClient.statistics().failures("bl.example.test")).isPositive();
    }

    @Test
    void aSilentDnsServerDefersWhenTheOperatorAsksForIt() {
        Decision decision = new RejectRblClient(silentClient, zones("bl.example.test"), RblReply.postfixDefault(), DnsblFailurePolicy.defer())
            .evaluate(request("127.0.0.2"));
        assertThat(decision.action()).isEqualTo(Action.DEFER);
        assertThat(decision.check()).isEqualTo("reject_rbl_client bl.example.test");
        assertThat(decision.reply().orElseThrow().line()).isEqualTo(
            "450 4.7.1 Service unavailable; Client host [127.0.0.2] not checked: bl.example.test did not answer; try again later");
    }

    @Test
    void aListingWinsOverAnotherZonesFailure() {
        DnsblClient mixed = new DnsblClient(settings(rbldnsd.host(), rbldnsd.port(), ANSWERING_TIMEOUT));
        // rbldnsd REFUSES a zone it does not serve: that zone fails, the other lists
        Decision decision = new RejectRblClient(mixed, zones("unserved.example.test, bl.example.test"), RblReply.postfixDefault(),
            DnsblFailurePolicy.defer()).evaluate(request("127.0.0.2"));
        assertThat(decision.action()).isEqualTo(Action.REJECT);
        assertThat(decision.check()).isEqualTo("reject_rbl_client bl.example.test");
        assertThat(mixed.statistics().failures("unserved.example.test")).isEqualTo(1);
    }

    @Test
    void anAllowListedClientIsPermitted() {
        PermitDnswlClient dnswl = new PermitDnswlClient(client, zones("list.dnswl.test=127.0.[0..255].[1..3]"));
        Decision decision = dnswl.evaluate(request("127.0.0.8"));
        assertThat(decision.action()).isEqualTo(Action.PERMIT);
        assertThat(decision.check()).isEqualTo("permit_dnswl_client list.dnswl.test");
        // 127.0.0.9 is answered 127.0.10.0, outside the filter; 127.0.0.5 is not listed
        assertThat(dnswl.evaluate(request("127.0.0.9"))).isSameAs(Decision.dunno());
        assertThat(dnswl.evaluate(request("127.0.0.5"))).isSameAs(Decision.dunno());
    }

    @Test
    void anUnreachableAllowListIsDunno() {
        assertThat(new PermitDnswlClient(silentClient, zones("list.dnswl.test")).evaluate(request("127.0.0.8"))).isSameAs(Decision.dunno());
    }
}
