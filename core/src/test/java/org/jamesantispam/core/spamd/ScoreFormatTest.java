package org.jamesantispam.core.spamd;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ScoreFormatTest {
    @Test
    void writesAtLeastOneAndAtMostThreeDecimals() {
        assertThat(ScoreFormat.format(1000)).isEqualTo("1000.0");
        assertThat(ScoreFormat.format(4.0)).isEqualTo("4.0");
        assertThat(ScoreFormat.format(4.0123)).isEqualTo("4.012");
        assertThat(ScoreFormat.format(-999)).isEqualTo("-999.0");
        assertThat(ScoreFormat.format(-0.1)).isEqualTo("-0.1");
        assertThat(ScoreFormat.format(-0.0)).isEqualTo("0.0");
        assertThat(ScoreFormat.format(6.31)).isEqualTo("6.31");
    }
}
