package org.jamesantispam.core.config;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A duration in configuration, Postfix style: a number and a unit, {@code ms}, {@code s},
 * {@code m}, {@code h}, {@code d} or {@code w} ({@code 500ms}, {@code 2s}, {@code 15m}, {@code 1h});
 * a bare number is seconds, as in Postfix's time parameters.
 */
public final class DurationText {
    private static final Pattern DURATION = Pattern.compile("(\\d{1,9})(ms|s|m|h|d|w)?");

    private DurationText() {
    }

    /**
     * @param parameter the parameter's name, for the error message
     * @param raw the value as configured
     * @throws IllegalArgumentException naming the parameter, the value and the expected form
     */
    public static Duration parse(String parameter, String raw) {
        Matcher matcher = DURATION.matcher(raw == null ? "" : raw.strip());
        if (!matcher.matches()) {
            throw new IllegalArgumentException(parameter + ": '" + raw
                + "' is not a duration; expected a number with an optional unit ms, s, m, h, d or w, e.g. 2s or 500ms");
        }
        long amount = Long.parseLong(matcher.group(1));
        String unit = matcher.group(2) == null ? "s" : matcher.group(2);
        switch (unit) {
            case "ms":
                return Duration.ofMillis(amount);
            case "s":
                return Duration.ofSeconds(amount);
            case "m":
                return Duration.ofMinutes(amount);
            case "h":
                return Duration.ofHours(amount);
            case "d":
                return Duration.ofDays(amount);
            default:
                return Duration.ofDays(7 * amount);
        }
    }
}
