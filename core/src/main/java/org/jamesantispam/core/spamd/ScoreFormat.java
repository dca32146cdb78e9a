package org.jamesantispam.core.spamd;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * How scores and levels are written in headers and logs: at most three decimals, trailing zeros
 * dropped, at least one decimal ({@code 1000.0}, {@code 4.012}, {@code -999.0}, {@code -0.1});
 * {@code -0.0} is written {@code 0.0}.
 */
public final class ScoreFormat {
    private ScoreFormat() {
    }

    public static String format(double value) {
        BigDecimal rounded = BigDecimal.valueOf(value).setScale(3, RoundingMode.HALF_UP).stripTrailingZeros();
        if (rounded.signum() == 0) {
            return "0.0";
        }
        if (rounded.scale() <= 0) {
            return rounded.setScale(1).toPlainString();
        }
        return rounded.toPlainString();
    }
}
