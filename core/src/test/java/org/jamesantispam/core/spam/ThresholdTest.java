package org.jamesantispam.core.spam;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ThresholdTest {
    private static final SpamLevels LEVELS = new SpamLevels(-999, 3.0, 5.0, 10.0);

    @Test
    void numbersAndLevelNames() {
        assertThat(Threshold.parse("c", "4.5").resolve(LEVELS)).isEqualTo(4.5);
        assertThat(Threshold.parse("c", "tag").resolve(LEVELS)).isEqualTo(-999);
        assertThat(Threshold.parse("c", "TAG2").resolve(LEVELS)).isEqualTo(3.0);
        assertThat(Threshold.parse("c", " kill ").resolve(LEVELS)).isEqualTo(5.0);
        assertThat(Threshold.parse("c", "dsn_cutoff").resolve(LEVELS)).isEqualTo(10.0);
        assertThat(Threshold.parse("c", "kill")).hasToString("kill");
        assertThatThrownBy(() -> Threshold.parse("IsSpamScoreAtLeast", "high"))
            .hasMessageContaining("IsSpamScoreAtLeast").hasMessageContaining("'high'").hasMessageContaining("tag, tag2, kill");
    }

    @Test
    void levelsMustBeOrdered() {
        assertThatThrownBy(() -> new SpamLevels(-999, 6.0, 5.0, 10)).hasMessageContaining("tag <= tag2 <= kill");
    }
}
