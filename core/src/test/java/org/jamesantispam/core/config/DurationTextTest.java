package org.jamesantispam.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;

import org.junit.jupiter.api.Test;

class DurationTextTest {
    @Test
    void readsEveryUnitAndBareSeconds() {
        assertThat(DurationText.parse("p", "250ms")).isEqualTo(Duration.ofMillis(250));
        assertThat(DurationText.parse("p", "2s")).isEqualTo(Duration.ofSeconds(2));
        assertThat(DurationText.parse("p", " 7 ")).isEqualTo(Duration.ofSeconds(7));
        assertThat(DurationText.parse("p", "3m")).isEqualTo(Duration.ofMinutes(3));
        assertThat(DurationText.parse("p", "1h")).isEqualTo(Duration.ofHours(1));
        assertThat(DurationText.parse("p", "2d")).isEqualTo(Duration.ofDays(2));
        assertThat(DurationText.parse("p", "1w")).isEqualTo(Duration.ofDays(7));
    }

    @Test
    void refusesOtherFormsNamingTheParameter() {
        assertThatThrownBy(() -> DurationText.parse("timeout", "PT2S"))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessage("timeout: 'PT2S' is not a duration; expected a number with an optional unit ms, s, m, h, d or w, e.g. 2s or 500ms");
        assertThatThrownBy(() -> DurationText.parse("timeout", "-1s")).hasMessageStartingWith("timeout: '-1s'");
        assertThatThrownBy(() -> DurationText.parse("timeout", null)).hasMessageStartingWith("timeout: 'null'");
    }
}
