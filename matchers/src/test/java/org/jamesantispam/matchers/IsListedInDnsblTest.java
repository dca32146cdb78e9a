package org.jamesantispam.matchers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;

import javax.mail.MessagingException;

import org.apache.james.core.MailAddress;
import org.apache.mailet.Attribute;
import org.apache.mailet.AttributeName;
import org.apache.mailet.AttributeValue;
import org.apache.mailet.base.test.FakeMail;
import org.apache.mailet.base.test.FakeMatcherConfig;
import org.jamesantispam.core.dnsbl.DnsblClientSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Configuration and the cases decided without DNS. Lookups against a real rbldnsd and a real James
 * are in integration-tests (DnsblClientTest, IsListedInDnsblJamesTest).
 */
class IsListedInDnsblTest {
    private static final Attribute TRUSTED = new Attribute(AttributeName.of("org.apache.james.SMTPIsAuthNetwork"), AttributeValue.of(true));

    private static IsListedInDnsbl matcher(String condition) throws MessagingException {
        IsListedInDnsbl matcher = new IsListedInDnsbl();
        matcher.init(FakeMatcherConfig.builder().matcherName("IsListedInDnsbl").condition(condition).build());
        return matcher;
    }

    @Test
    void readsOptionsAndZones() throws Exception {
        IsListedInDnsbl matcher = matcher(" resolver=127.0.0.1:5399 ; timeout=750ms;cacheSize=5; maxTtl=10m; maxNegativeTtl=1m "
            + "| bl.example.test, bl2.example.test=127.0.0.[2..11]");
        DnsblClientSettings settings = matcher.client().settings();
        assertThat(settings.resolver()).hasToString("127.0.0.1:5399");
        assertThat(settings.timeout()).isEqualTo(Duration.ofMillis(750));
        assertThat(settings.cacheSize()).isEqualTo(5);
        assertThat(settings.maxTtl()).isEqualTo(Duration.ofMinutes(10));
        assertThat(settings.maxNegativeTtl()).isEqualTo(Duration.ofMinutes(1));
        assertThat(matcher.getMatcherInfo()).contains("[bl.example.test, bl2.example.test=127.0.0.[2..11]]");
    }

    @Test
    void zonesAloneUseTheDefaults() throws Exception {
        assertThat(matcher("bl.example.test").client().settings()).isEqualTo(DnsblClientSettings.DEFAULTS);
    }

    @Test
    void matchersConfiguredAlikeShareOneClient() throws Exception {
        assertThat(matcher("resolver=127.0.0.1:5398 | a.example.test").client())
            .isSameAs(matcher("resolver=127.0.0.1:5398;includeTrusted=true | b.example.test").client());
    }

    @Test
    void skipsTrustedClientsWithoutQuerying() throws Exception {
        IsListedInDnsbl matcher = matcher("resolver=127.0.0.1:5397 | bl.example.test");
        FakeMail mail = FakeMail.builder().name("m").recipients(new MailAddress("alice@example.test"))
            .remoteAddr("127.0.0.2").attribute(TRUSTED).build();
        assertThat(matcher.match(mail)).isEmpty();
        assertThat(matcher.client().statistics().lookups()).isZero();
    }

    @Test
    void mailWithoutClientIpIsNotChecked() throws Exception {
        IsListedInDnsbl matcher = matcher("resolver=127.0.0.1:5396 | bl.example.test");
        FakeMail mail = FakeMail.builder().name("m").recipients(new MailAddress("alice@example.test")).remoteAddr("localhost").build();
        assertThat(matcher.match(mail)).isEmpty();
        assertThat(matcher.client().statistics().lookups()).isZero();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '#', value = {
        "''#the condition names no zone",
        "a | b | bl.example.test#has more than one '|'",
        "resolver=127.0.0.1:5300 |#DNSBL zone list '' is empty",
        "timout=2s | bl.example.test#unknown option 'timout'; expected one of [resolver, timeout, cacheSize, maxTtl, maxNegativeTtl] or includeTrusted",
        "timeout | bl.example.test#option 'timeout' has no value; expected name=value",
        "timeout=2s; timeout=3s | bl.example.test#option 'timeout' is given twice",
        "timeout=2 s | bl.example.test#timeout: '2 s' is not a duration",
        "resolver=dns.example.test | bl.example.test#resolver: DNS server 'dns.example.test': 'dns.example.test' is not an IP address",
        "includeTrusted=maybe | bl.example.test#includeTrusted: 'maybe'; expected true or false",
        "bl.example.test=127.0.0.[2..]#DNSBL zone 'bl.example.test=127.0.0.[2..]': return-code filter",
        "resolver=127.0.0.1:5300; bl.example.test#DNSBL zone 'resolver=127.0.0.1:5300;': return-code filter '127.0.0.1:5300;': unexpected ':5300;'",
    })
    void refusesBadConditionsNamingTheProblem(String condition, String problem) {
        assertThatThrownBy(() -> matcher(condition))
            .isInstanceOf(MessagingException.class)
            .hasMessageStartingWith("IsListedInDnsbl: ")
            .hasMessageContaining(problem)
            .hasMessageContaining("expected [option=value; ... |] zone[=d.d.d.d]");
    }
}
