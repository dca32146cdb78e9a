package org.jamesantispam.it.bench;

import java.util.List;
import java.util.Locale;

/**
 * The mean of paired ratios (ours / baseline, one pair per round) with a 95% confidence interval:
 * computed on their logarithms (a ratio is multiplicative; the geometric mean treats 0.8 and 1.25 as
 * opposite), Student's t with n - 1 degrees of freedom.
 *
 * @param mean geometric mean of the ratios
 * @param low  lower bound of the 95% confidence interval (NaN with fewer than 2 ratios)
 * @param high upper bound of the 95% confidence interval (NaN with fewer than 2 ratios)
 * @param n    number of ratios
 */
public record RatioEstimate(double mean, double low, double high, int n) {
    /** t(0.975, df) for df = 1..30; beyond, the normal 1.96. */
    private static final double[] T_975 = {12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179,
        2.160, 2.145, 2.131, 2.120, 2.110, 2.101, 2.093, 2.086, 2.080, 2.074, 2.069, 2.064, 2.060, 2.056, 2.052, 2.048, 2.045, 2.042};

    public static RatioEstimate of(List<Double> ratios) {
        int n = ratios.size();
        if (n == 0) {
            throw new IllegalArgumentException("no ratio");
        }
        double sum = 0;
        for (double ratio : ratios) {
            if (!(ratio > 0) || Double.isInfinite(ratio)) {
                throw new IllegalArgumentException("ratio must be positive and finite: " + ratio);
            }
            sum += Math.log(ratio);
        }
        double meanLog = sum / n;
        if (n < 2) {
            return new RatioEstimate(Math.exp(meanLog), Double.NaN, Double.NaN, n);
        }
        double squares = 0;
        for (double ratio : ratios) {
            squares += Math.pow(Math.log(ratio) - meanLog, 2);
        }
        double standardError = Math.sqrt(squares / (n - 1) / n);
        double t = n - 1 <= T_975.length ? T_975[n - 2] : 1.96;
        return new RatioEstimate(Math.exp(meanLog), Math.exp(meanLog - t * standardError), Math.exp(meanLog + t * standardError), n);
    }

    /** E.g. "+4.2% (95% CI +1.0% .. +7.5%, 6 rounds)". */
    public String asOverhead() {
        return String.format(Locale.ROOT, "%+.1f%% (95%% CI %+.1f%% .. %+.1f%%, %d rounds)",
            (mean - 1) * 100, (low - 1) * 100, (high - 1) * 100, n);
    }
}
