package org.jamesantispam.core.restrictions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;

import org.junit.jupiter.api.Test;

class TrustedNetworksTest {
    private static boolean contains(TrustedNetworks networks, String ip) throws Exception {
        return networks.contains(InetAddress.getByName(ip));
    }

    @Test
    void matchesCidrsAndHostsOfBothFamilies() throws Exception {
        TrustedNetworks networks = TrustedNetworks.parse("127.0.0.1/32, 192.0.2.0/25 [2001:db8::]/32, 198.51.100.7, ::1");
        assertThat(contains(networks, "127.0.0.1")).isTrue();
        assertThat(contains(networks, "127.0.0.2")).isFalse();
        assertThat(contains(networks, "192.0.2.127")).isTrue();
        assertThat(contains(networks, "192.0.2.128")).isFalse();
        assertThat(contains(networks, "2001:db8:1::5")).isTrue();
        assertThat(contains(networks, "2001:db9::5")).isFalse();
        assertThat(contains(networks, "198.51.100.7")).isTrue();
        assertThat(contains(networks, "::1")).isTrue();
    }

    @Test
    void oddPrefixLengths() throws Exception {
        TrustedNetworks networks = TrustedNetworks.parse("10.0.0.0/9");
        assertThat(contains(networks, "10.127.255.255")).isTrue();
        assertThat(contains(networks, "10.128.0.0")).isFalse();
    }

    @Test
    void hostStyleTrustsLoopbackHostOnly() throws Exception {
        TrustedNetworks host = TrustedNetworks.ofStyle("host");
        assertThat(contains(host, "127.0.0.1")).isTrue();
        assertThat(contains(host, "127.0.0.2")).isFalse();
        assertThat(contains(TrustedNetworks.ofStyle("subnet"), "127.0.0.2")).isTrue();
    }

    @Test
    void badEntriesAndStylesAreRefused() {
        assertThatThrownBy(() -> TrustedNetworks.parse("127.0.0.1/33")).hasMessageContaining("'127.0.0.1/33'");
        assertThatThrownBy(() -> TrustedNetworks.parse("localhost")).hasMessageContaining("'localhost'");
        assertThatThrownBy(() -> TrustedNetworks.parse("10.0.0.0/x")).hasMessageContaining("'10.0.0.0/x'");
        assertThatThrownBy(() -> TrustedNetworks.ofStyle("class")).hasMessageContaining("expected host or subnet");
    }
}
