package org.jamesantispam.webadmin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;

import org.junit.jupiter.api.Test;

/** {@code DELETE /antispam/quarantine?olderThan=...}. */
class OlderThanTest {
    @Test
    void takesJamesDurationsWithDaysByDefault() {
        assertThat(QuarantineRoutes.olderThan("30d")).isEqualTo(Duration.ofDays(30));
        assertThat(QuarantineRoutes.olderThan("30")).isEqualTo(Duration.ofDays(30));
        assertThat(QuarantineRoutes.olderThan("12h")).isEqualTo(Duration.ofHours(12));
        assertThat(QuarantineRoutes.olderThan("90m")).isEqualTo(Duration.ofMinutes(90));
        assertThat(QuarantineRoutes.olderThan("10s")).isEqualTo(Duration.ofSeconds(10));
        assertThat(QuarantineRoutes.olderThan("2w")).isEqualTo(Duration.ofDays(14));
    }

    @Test
    void refusesWhatIsNotADuration() {
        for (String bad : new String[] {"soon", "-1d", "30x", "d"}) {
            assertThatThrownBy(() -> QuarantineRoutes.olderThan(bad)).isInstanceOf(QuarantineException.class)
                .hasMessage("olderThan '" + bad + "' is not a duration; expected e.g. 30d, 12h, 90m, 10s or 2w");
        }
    }
}
