package org.jamesantispam.core.dnsbl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.google.common.net.InetAddresses;

class DnsblZoneTest {
    private static InetAddress ip(String address) {
        return InetAddresses.forString(address);
    }

    @Test
    void aZoneWithoutFilterListsOnAnyARecord() {
        DnsblZone zone = DnsblZone.parse("bl.example.test");
        assertThat(zone.domain()).isEqualTo("bl.example.test");
        assertThat(zone.filter()).isEmpty();
        assertThat(zone.lists(List.of(ip("127.0.0.2")))).isTrue();
        assertThat(zone.lists(List.of(ip("10.1.2.3")))).isTrue();
        assertThat(zone.lists(List.of())).isFalse();
    }

    @Test
    void aZoneWithFilterListsOnlyOnMatchingAnswers() {
        DnsblZone zone = DnsblZone.parse("bl.example.test=127.0.0.[2..9]");
        assertThat(zone.domain()).isEqualTo("bl.example.test");
        assertThat(zone.filter()).map(Object::toString).contains("127.0.0.[2..9]");
        assertThat(zone.lists(List.of(ip("127.0.0.10")))).isFalse();
        assertThat(zone.lists(List.of(ip("127.0.0.10"), ip("127.0.0.4")))).isTrue();
        assertThat(zone).hasToString("bl.example.test=127.0.0.[2..9]");
    }

    @Test
    void normalisesCaseTrailingDotAndSpaces() {
        DnsblZone zone = DnsblZone.parse("  BL.Example.TEST.=127.0.0.2 ");
        assertThat(zone.domain()).isEqualTo("bl.example.test");
        assertThat(zone).isEqualTo(DnsblZone.parse("bl.example.test=127.0.0.2"));
    }

    @Test
    void buildsIpv4QueryNamesFromReversedOctets() {
        DnsblZone zone = DnsblZone.parse("bl.example.test");
        assertThat(zone.queryName(ip("127.0.0.2"))).hasToString("2.0.0.127.bl.example.test.");
        assertThat(zone.queryName(ip("192.0.2.99"))).hasToString("99.2.0.192.bl.example.test.");
        assertThat(DnsblZone.reversed(ip("10.20.30.40"))).isEqualTo("40.30.20.10");
    }

    @Test
    void buildsIpv6QueryNamesFrom32ReversedNibbles() {
        // RFC 5782 section 2.4: 2001:db8:1:2:3:4:567:89ab
        assertThat(DnsblZone.reversed(ip("2001:db8:1:2:3:4:567:89ab")))
            .isEqualTo("b.a.9.8.7.6.5.0.4.0.0.0.3.0.0.0.2.0.0.0.1.0.0.0.8.b.d.0.1.0.0.2");
        assertThat(DnsblZone.parse("bl6.example.test").queryName(ip("2001:db8::1")))
            .hasToString("1.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.8.b.d.0.1.0.0.2.bl6.example.test.");
    }

    @Test
    void parsesPostfixLists() {
        assertThat(DnsblZone.parseList("bl.example.test, bl2.example.test=127.0.0.[2;4]\n  bl3.example.test"))
            .extracting(DnsblZone::toString)
            .containsExactly("bl.example.test", "bl2.example.test=127.0.0.[2;4]", "bl3.example.test");
    }

    @Test
    void refusesAnEmptyList() {
        assertThatThrownBy(() -> DnsblZone.parseList(" , "))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("' , ' is empty")
            .hasMessageContaining("expected zone or zone=d.d.d.d");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "=127.0.0.2", "bl..example.test", "bl.-example.test", "bl example.test", "bl.exa$mple.test", "*.example.test"})
    void refusesMalformedDomainsNamingTheSpec(String spec) {
        assertThatThrownBy(() -> DnsblZone.parse(spec))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageStartingWith("DNSBL zone '" + spec + "'")
            .hasMessageContaining("expected zone or zone=d.d.d.d");
    }

    @Test
    void refusesAMalformedFilterNamingTheSpec() {
        assertThatThrownBy(() -> DnsblZone.parse("bl.example.test=127.0.0.[2..]"))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessage("DNSBL zone 'bl.example.test=127.0.0.[2..]': return-code filter '127.0.0.[2..]': ']' where a number "
                + "was expected; " + ReturnCodeFilter.EXPECTED);
    }

    @Test
    void refusesADomainTooLongForIpv6Queries() {
        String longest = "a".repeat(62) + "." + "b".repeat(62) + "." + "c".repeat(63);   // 189 characters
        assertThat(DnsblZone.parse(longest).queryName(ip("2001:db8::1")).length()).isEqualTo((short) 255);
        assertThatThrownBy(() -> DnsblZone.parse("d." + longest))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("too long for IPv6 queries (at most 189 characters)");
    }
}
