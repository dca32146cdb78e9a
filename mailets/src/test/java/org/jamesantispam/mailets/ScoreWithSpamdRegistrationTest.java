package org.jamesantispam.mailets;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;

import org.apache.james.metrics.tests.RecordingMetricFactory;
import org.apache.mailet.base.test.FakeMailetConfig;
import org.jamesantispam.core.runtime.ActiveComponents;
import org.jamesantispam.core.spamd.SpamdEndpoint;
import org.jamesantispam.core.spamd.SpamdServer;
import org.junit.jupiter.api.Test;

/** ScoreWithSpamd tells webadmin where its spamd is ({@link SpamdServer} in {@link ActiveComponents}). */
class ScoreWithSpamdRegistrationTest {
    @Test
    void initRegistersTheSpamdHostsAndTimeouts() throws Exception {
        ActiveComponents components = new ActiveComponents();
        ScoreWithSpamd mailet = new ScoreWithSpamd(new RecordingMetricFactory());
        mailet.setComponents(components);
        mailet.init(FakeMailetConfig.builder().mailetName("ScoreWithSpamd")
            .setProperty("spamdHosts", "127.0.0.1:7830, spamd2.example.test:783")
            .setProperty("connectTimeout", "2s")
            .setProperty("timeout", "30s")
            .build());

        assertThat(components.all(SpamdServer.class)).containsExactly(new SpamdServer(
            List.of(new SpamdEndpoint("127.0.0.1", 7830), new SpamdEndpoint("spamd2.example.test", 783)),
            Duration.ofSeconds(2), Duration.ofSeconds(30)));
    }
}
