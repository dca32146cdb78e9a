package org.jamesantispam.it.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;

import org.junit.jupiter.api.Test;

/** The overhead benchmark's statistics: geometric mean of paired ratios and its 95% interval. */
class RatioEstimateTest {

    @Test
    void theMeanIsGeometricSoThatOppositeRatiosCancel() {
        RatioEstimate estimate = RatioEstimate.of(List.of(0.8, 1.25));
        assertThat(estimate.mean()).isCloseTo(1.0, within(1e-12));
        // log ratios -0.2231 and +0.2231: sd 0.3155, standard error 0.2231, t(0.975, 1) = 12.706
        assertThat(estimate.low()).isCloseTo(Math.exp(-12.706 * Math.log(1.25)), within(1e-9));
        assertThat(estimate.high()).isCloseTo(Math.exp(12.706 * Math.log(1.25)), within(1e-6));
        assertThat(estimate.asOverhead()).startsWith("+0.0% (95% CI ");
    }

    @Test
    void identicalRatiosGiveAZeroWidthIntervalAndSixRoundsUseTheirOwnT() {
        RatioEstimate same = RatioEstimate.of(List.of(1.1, 1.1, 1.1));
        assertThat(same.mean()).isCloseTo(1.1, within(1e-12));
        assertThat(same.low()).isCloseTo(1.1, within(1e-12));
        assertThat(same.high()).isCloseTo(1.1, within(1e-12));
        assertThat(same.asOverhead()).isEqualTo("+10.0% (95% CI +10.0% .. +10.0%, 3 rounds)");

        List<Double> six = List.of(1.0, 1.2, 1.1, 1.3, 0.9, 1.15);
        double[] logs = six.stream().mapToDouble(Math::log).toArray();
        double mean = java.util.Arrays.stream(logs).average().orElseThrow();
        double sd = Math.sqrt(java.util.Arrays.stream(logs).map(x -> (x - mean) * (x - mean)).sum() / 5);
        RatioEstimate estimate = RatioEstimate.of(six);
        assertThat(estimate.high()).isCloseTo(Math.exp(mean + 2.571 * sd / Math.sqrt(6)), within(1e-9));
    }

    @Test
    void oneRatioHasNoIntervalAndNonPositiveRatiosAreRefused() {
        assertThat(RatioEstimate.of(List.of(1.5)).low()).isNaN();
        assertThatThrownBy(() -> RatioEstimate.of(List.of(1.0, 0.0))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RatioEstimate.of(List.of())).isInstanceOf(IllegalArgumentException.class);
    }
}
