package org.jamesantispam.core.dnsbl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import com.google.common.net.InetAddresses;

class ReturnCodeFilterTest {
    private static InetAddress ip(String address) {
        return InetAddresses.forString(address);
    }

    @Test
    void anExactAddressMatchesOnlyItself() {
        ReturnCodeFilter filter = ReturnCodeFilter.parse("127.0.0.2");
        assertThat(filter.matches(ip("127.0.0.2"))).isTrue();
        assertThat(filter.matches(ip("127.0.0.3"))).isFalse();
        assertThat(filter.matches(ip("127.0.1.2"))).isFalse();
    }

    @Test
    void aRangeMatchesItsBoundsAndBetween() {
        ReturnCodeFilter filter = ReturnCodeFilter.parse("127.0.0.[2..11]");
        assertThat(filter.matches(ip("127.0.0.1"))).isFalse();
        assertThat(filter.matches(ip("127.0.0.2"))).isTrue();
        assertThat(filter.matches(ip("127.0.0.7"))).isTrue();
        assertThat(filter.matches(ip("127.0.0.11"))).isTrue();
        assertThat(filter.matches(ip("127.0.0.12"))).isFalse();
    }

    @Test
    void aListMatchesItsNumbersAndRanges() {
        ReturnCodeFilter filter = ReturnCodeFilter.parse("127.0.0.[2;4;6..7]");
        assertThat(filter.matches(ip("127.0.0.2"))).isTrue();
        assertThat(filter.matches(ip("127.0.0.3"))).isFalse();
        assertThat(filter.matches(ip("127.0.0.4"))).isTrue();
        assertThat(filter.matches(ip("127.0.0.5"))).isFalse();
        assertThat(filter.matches(ip("127.0.0.6"))).isTrue();
        assertThat(filter.matches(ip("127.0.0.7"))).isTrue();
    }

    @Test
    void everyOctetMayBeAPattern() {
        ReturnCodeFilter filter = ReturnCodeFilter.parse("127.0.[0..255].[2..11]");
        assertThat(filter.matches(ip("127.0.0.2"))).isTrue();
        assertThat(filter.matches(ip("127.0.255.11"))).isTrue();
        assertThat(filter.matches(ip("127.0.17.1"))).isFalse();
        assertThat(filter.matches(ip("127.1.17.2"))).isFalse();
        assertThat(ReturnCodeFilter.parse("[0..255].[0..255].[0..255].[0..255]").matches(ip("8.8.8.8"))).isTrue();
    }

    @Test
    void anIpv6AnswerNeverMatches() {
        assertThat(ReturnCodeFilter.parse("[0..255].[0..255].[0..255].[0..255]").matches(ip("::1"))).isFalse();
    }

    @Test
    void keepsTheSpecAsWritten() {
        assertThat(ReturnCodeFilter.parse("127.0.0.[2..11]")).hasToString("127.0.0.[2..11]");
        assertThat(ReturnCodeFilter.parse("127.0.0.[2..4]")).isEqualTo(ReturnCodeFilter.parse("127.0.0.[2;3;4]"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "127.0.0|it ends where a '.' between octets was expected",
        "127.0.0.2.1|unexpected '.1' after the fourth octet",
        "127.0.0.256|256 is not an octet (0..255)",
        "127.0.0.0002|0002 is not an octet (0..255)",
        "127.0.0.[11..2]|range 11..2 is empty",
        "127.0.0.[2..]|']' where a number was expected",
        "127.0.0.[2;]|']' where a number was expected",
        "127.0.0.[2,3]|',' where ';' or ']' in a [...] pattern was expected",
        "127.0.0.[2..3|it ends where ';' or ']' in a [...] pattern was expected",
        "127.0.0.*|'*' where a number was expected",
        "127.0.0.-1|'-' where a number was expected",
        "127. 0.0.1|' ' where a number was expected",
    })
    void refusesMalformedFiltersNamingTheProblem(String spec, String problem) {
        assertThatThrownBy(() -> ReturnCodeFilter.parse(spec))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessage("return-code filter '" + spec + "': " + problem + "; " + ReturnCodeFilter.EXPECTED);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "[]", "127.0.0.2."})
    void refusesEmptyParts(String spec) {
        assertThatThrownBy(() -> ReturnCodeFilter.parse(spec))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageStartingWith("return-code filter '" + spec + "': ")
            .hasMessageEndingWith(ReturnCodeFilter.EXPECTED);
    }
}
