package org.jamesantispam.core.spamd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SpamdEndpointTest {
    @Test
    void parsesHostPortHostOnlyAndIpv6() {
        assertThat(SpamdEndpoint.parse("p", "127.0.0.1:7830")).isEqualTo(new SpamdEndpoint("127.0.0.1", 7830));
        assertThat(SpamdEndpoint.parse("p", "spamd.example.test")).isEqualTo(new SpamdEndpoint("spamd.example.test", 783));
        assertThat(SpamdEndpoint.parse("p", "[::1]:783")).isEqualTo(new SpamdEndpoint("::1", 783));
        assertThat(new SpamdEndpoint("::1", 783)).hasToString("[::1]:783");
    }

    @Test
    void parsesListsInOrder() {
        assertThat(SpamdEndpoint.parseList("p", "10.0.0.1:783, 10.0.0.2:784 10.0.0.3"))
            .containsExactly(new SpamdEndpoint("10.0.0.1", 783), new SpamdEndpoint("10.0.0.2", 784), new SpamdEndpoint("10.0.0.3", 783));
    }

    @Test
    void refusesBadAddressesNamingTheParameter() {
        assertThatThrownBy(() -> SpamdEndpoint.parse("S: <spamdHosts>", "host:99999"))
            .hasMessageContaining("S: <spamdHosts>").hasMessageContaining("host:99999").hasMessageContaining("bad port");
        assertThatThrownBy(() -> SpamdEndpoint.parse("S: <spamdHosts>", "ho st")).hasMessageContaining("not a spamd address");
        assertThatThrownBy(() -> SpamdEndpoint.parseList("S: <spamdHosts>", " , ")).hasMessageContaining("empty");
    }
}
