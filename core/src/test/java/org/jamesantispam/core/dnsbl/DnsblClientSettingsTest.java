package org.jamesantispam.core.dnsbl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DnsblClientSettingsTest {
    @Test
    void defaults() {
        DnsblClientSettings settings = DnsblClientSettings.parse(Map.of());
        assertThat(settings).isEqualTo(DnsblClientSettings.DEFAULTS);
        assertThat(settings.resolver().server()).isEmpty();
        assertThat(settings.timeout()).isEqualTo(Duration.ofSeconds(2));
        assertThat(settings.cacheSize()).isEqualTo(10_000);
        assertThat(settings.maxTtl()).isEqualTo(Duration.ofHours(1));
        assertThat(settings.maxNegativeTtl()).isEqualTo(Duration.ofMinutes(15));
    }

    @Test
    void readsEveryParameter() {
        DnsblClientSettings settings = DnsblClientSettings.parse(Map.of("resolver", "127.0.0.1:5300", "timeout", "500ms",
            "cacheSize", "0", "maxTtl", "10m", "maxNegativeTtl", "30"));
        assertThat(settings.resolver().server()).contains(new InetSocketAddress("127.0.0.1", 5300));
        assertThat(settings.timeout()).isEqualTo(Duration.ofMillis(500));
        assertThat(settings.cacheSize()).isZero();
        assertThat(settings.maxTtl()).isEqualTo(Duration.ofMinutes(10));
        assertThat(settings.maxNegativeTtl()).isEqualTo(Duration.ofSeconds(30));
        assertThat(settings).hasToString("resolver=127.0.0.1:5300; timeout=500ms; cacheSize=0; maxTtl=600s; maxNegativeTtl=30s");
    }

    @Test
    void resolverForms() {
        assertThat(DnsServerAddress.parse("system").server()).isEmpty();
        assertThat(DnsServerAddress.parse("192.0.2.53")).hasToString("192.0.2.53:53");
        assertThat(DnsServerAddress.parse("[::1]:5300")).hasToString("[::1]:5300");
        assertThat(DnsServerAddress.parse("2001:db8::53")).hasToString("[2001:db8::53]:53");
    }

    @ParameterizedTest
    @ValueSource(strings = {"dns.example.test:53", "127.0.0.1:0", "127.0.0.1:70000", "[127.0.0.1]:53", "127.0.0.1:", ""})
    void refusesBadResolversNamingTheParameter(String value) {
        assertThatThrownBy(() -> DnsblClientSettings.parse(Map.of("resolver", value)))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageStartingWith("resolver: DNS server '" + value + "': ")
            .hasMessageEndingWith("expected 'system', ip, ip:port or [ipv6]:port, e.g. 127.0.0.1:5300");
    }

    @Test
    void refusesBadValuesNamingTheParameter() {
        assertThatThrownBy(() -> DnsblClientSettings.parse(Map.of("timeout", "2 seconds")))
            .hasMessage("timeout: '2 seconds' is not a duration; expected a number with an optional unit ms, s, m, h, d or w, e.g. 2s or 500ms");
        assertThatThrownBy(() -> DnsblClientSettings.parse(Map.of("timeout", "0s")))
            .hasMessage("timeout: 0ms is out of range; expected 1ms..60s");
        assertThatThrownBy(() -> DnsblClientSettings.parse(Map.of("timeout", "2m")))
            .hasMessage("timeout: 120000ms is out of range; expected 1ms..60s");
        assertThatThrownBy(() -> DnsblClientSettings.parse(Map.of("cacheSize", "-1")))
            .hasMessage("cacheSize: '-1' is not a number; expected 0 or more, e.g. 10000");
        assertThatThrownBy(() -> DnsblClientSettings.parse(Map.of("maxTtl", "forever")))
            .hasMessageStartingWith("maxTtl: 'forever' is not a duration");
        assertThatThrownBy(() -> DnsblClientSettings.parse(Map.of("timout", "2s")))
            .hasMessage("unknown DNSBL parameter 'timout'; expected one of [resolver, timeout, cacheSize, maxTtl, maxNegativeTtl]");
    }
}
