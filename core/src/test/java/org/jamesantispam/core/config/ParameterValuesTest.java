package org.jamesantispam.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;

import org.jamesantispam.core.spamd.SpamdCommand;
import org.junit.jupiter.api.Test;

class ParameterValuesTest {
    @Test
    void readsDurationsWithUnitsAndBareSeconds() {
        assertThat(ParameterValues.duration("t", "500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(ParameterValues.duration("t", "30s")).isEqualTo(Duration.ofSeconds(30));
        assertThat(ParameterValues.duration("t", " 5m ")).isEqualTo(Duration.ofMinutes(5));
        assertThat(ParameterValues.duration("t", "300")).isEqualTo(Duration.ofSeconds(300));
        assertThatThrownBy(() -> ParameterValues.duration("S: <timeout>", "soon"))
            .hasMessageContaining("S: <timeout>").hasMessageContaining("'soon'").hasMessageContaining("30s");
        assertThatThrownBy(() -> ParameterValues.duration("t", "0s")).hasMessageContaining("positive");
    }

    @Test
    void readsSizes() {
        assertThat(ParameterValues.size("s", "512000")).isEqualTo(512000);
        assertThat(ParameterValues.size("s", "500k")).isEqualTo(512000);
        assertThat(ParameterValues.size("s", "10M")).isEqualTo(10 * 1024 * 1024);
        assertThat(ParameterValues.size("s", "1KB")).isEqualTo(1024);
        assertThatThrownBy(() -> ParameterValues.size("S: <maxSize>", "big")).hasMessageContaining("S: <maxSize>").hasMessageContaining("'big'");
    }

    @Test
    void readsNumbersBooleansAndEnums() {
        assertThat(ParameterValues.decimal("d", "-999")).isEqualTo(-999.0);
        assertThat(ParameterValues.decimal("d", "6.31")).isEqualTo(6.31);
        assertThatThrownBy(() -> ParameterValues.decimal("d", "NaN")).hasMessageContaining("expected a number");
        assertThat(ParameterValues.bool("b", "yes")).isTrue();
        assertThat(ParameterValues.bool("b", "False")).isFalse();
        assertThatThrownBy(() -> ParameterValues.bool("b", "maybe")).hasMessageContaining("true or false");
        assertThat(ParameterValues.enumValue("c", "report", SpamdCommand.class)).isEqualTo(SpamdCommand.REPORT);
        assertThatThrownBy(() -> ParameterValues.enumValue("c", "CHECK", SpamdCommand.class)).hasMessageContaining("[SYMBOLS, REPORT]");
        assertThat(ParameterValues.positiveInt("p", "2")).isEqualTo(2);
        assertThatThrownBy(() -> ParameterValues.positiveInt("p", "0")).hasMessageContaining("positive whole number");
    }
}
