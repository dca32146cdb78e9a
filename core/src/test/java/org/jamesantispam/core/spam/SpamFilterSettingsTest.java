package org.jamesantispam.core.spam;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import org.jamesantispam.core.spamd.SpamdEndpoint;
import org.junit.jupiter.api.Test;

class SpamFilterSettingsTest {
    private static SpamFilterSettings parse(Map<String, String> values) {
        return SpamFilterSettings.parse("ScoreWithSpamd", name -> Optional.ofNullable(values.get(name)));
    }

    @Test
    void defaults() {
        SpamFilterSettings settings = parse(Map.of());
        assertThat(settings.endpoints()).containsExactly(new SpamdEndpoint("127.0.0.1", 783));
        assertThat(settings.timeout()).isEqualTo(Duration.ofSeconds(60));
        assertThat(settings.maxSize()).isEqualTo(512_000);
        assertThat(settings.returnPath()).isTrue();
        assertThat(settings.levels()).isEqualTo(SpamLevels.DEFAULT);
        assertThat(settings.spamdUser("alice@example.test")).isEmpty();
    }

    @Test
    void theGuidesLevels() {
        SpamFilterSettings settings = parse(Map.of("tagLevel", "-999", "tag2Level", "3.0", "killLevel", "5.0"));
        assertThat(settings.levels()).isEqualTo(new SpamLevels(-999, 3.0, 5.0, 10.0));
        assertThat(parse(Map.of("tag2Level", "6.31")).levels().kill()).isEqualTo(6.31);
    }

    @Test
    void spamdUsers() {
        assertThat(parse(Map.of("user", "amavis")).spamdUser("alice@example.test")).contains("amavis");
        assertThat(parse(Map.of("perUserPrefs", "address")).spamdUser("Alice@Example.test")).contains("alice@example.test");
        assertThat(parse(Map.of("perUserPrefs", "localpart")).spamdUser("alice@example.test")).contains("alice");
        assertThat(parse(Map.of("perUserPrefs", "address")).spamdUser("\"two words\"@example.test")).isEmpty();
    }

    @Test
    void policyFromLists() {
        SpamPolicy policy = parse(Map.of("allowSenders", ".partner.test", "blockSenders", "spam@bad.test",
            "spamLovers", "lover@example.test", "localDomains", ".example.test")).policy(any -> false);
        assertThat(policy.senderListing("x@eu.partner.test", "a@example.test")).isEqualTo(Listing.ALLOWED);
        assertThat(policy.senderListing("spam@bad.test", "a@example.test")).isEqualTo(Listing.BLOCKED);
        assertThat(policy.senderListing("x@other.test", "a@example.test")).isEqualTo(Listing.NONE);
        assertThat(policy.isSpamLover("lover@example.test")).isTrue();
        assertThat(policy.isLocal("a@sub.example.test")).isTrue();
        assertThat(policy.isLocal("a@other.test")).isFalse();
        assertThat(parse(Map.of()).policy(r -> r.endsWith("@james.test")).isLocal("x@james.test")).isTrue();
    }

    @Test
    void badValuesNameTheParameter() {
        assertThatThrownBy(() -> parse(Map.of("timeout", "forever"))).hasMessageContaining("ScoreWithSpamd: <timeout>").hasMessageContaining("'forever'");
        assertThatThrownBy(() -> parse(Map.of("spamdHosts", "a:b:c"))).hasMessageContaining("ScoreWithSpamd: <spamdHosts>");
        assertThatThrownBy(() -> parse(Map.of("tag2Level", "6", "killLevel", "5"))).hasMessageContaining("tag <= tag2 <= kill");
        assertThatThrownBy(() -> parse(Map.of("command", "CHECK"))).hasMessageContaining("<command>");
        assertThatThrownBy(() -> parse(Map.of("user", "a", "perUserPrefs", "address"))).hasMessageContaining("exclude each other");
        assertThatThrownBy(() -> parse(Map.of("allowSenders", "/x("))).hasMessageContaining("ScoreWithSpamd: <allowSenders>");
        assertThatThrownBy(() -> parse(Map.of("maxParallelScans", "0"))).hasMessageContaining("<maxParallelScans>");
        assertThatThrownBy(() -> parse(Map.of("levelsTable", "/nonexistent/levels"))).hasMessageContaining("<levelsTable>");
    }
}
