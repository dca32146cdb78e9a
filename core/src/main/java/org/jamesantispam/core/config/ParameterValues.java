package org.jamesantispam.core.config;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parsing of typed configuration values shared by mailets, matchers and hooks. Every method takes
 * the parameter's name (as the operator wrote it, e.g. {@code ScoreWithSpamd: <timeout>}) and throws
 * an {@link IllegalArgumentException} naming the parameter, the bad value and what is expected.
 */
public final class ParameterValues {
    private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|h)?", Pattern.CASE_INSENSITIVE);
    private static final Pattern SIZE = Pattern.compile("(\\d+)\\s*([kmg]i?b?|b)?", Pattern.CASE_INSENSITIVE);

    private ParameterValues() {
    }

    /**
     * A duration: {@code 500ms}, {@code 30s}, {@code 5m}, {@code 1h}; a bare number is seconds.
     * Must be positive.
     */
    public static Duration duration(String parameter, String raw) {
        Matcher matcher = DURATION.matcher(raw.strip());
        if (!matcher.matches()) {
            throw new IllegalArgumentException(parameter + " is '" + raw + "'; expected a duration such as 500ms, 30s, 5m (a bare number is seconds)");
        }
        long amount = Long.parseLong(matcher.group(1));
        String unit = matcher.group(2) == null ? "s" : matcher.group(2).toLowerCase(Locale.ROOT);
        Duration duration = switch (unit) {
            case "ms" -> Duration.ofMillis(amount);
            case "m" -> Duration.ofMinutes(amount);
            case "h" -> Duration.ofHours(amount);
            default -> Duration.ofSeconds(amount);
        };
        if (duration.isZero()) {
            throw new IllegalArgumentException(parameter + " is '" + raw + "'; expected a positive duration");
        }
        return duration;
    }

    /** A size in bytes: {@code 512000}, {@code 500k}, {@code 10M}, {@code 1G} (k = 1024). Must be positive. */
    public static long size(String parameter, String raw) {
        Matcher matcher = SIZE.matcher(raw.strip());
        if (!matcher.matches()) {
            throw new IllegalArgumentException(parameter + " is '" + raw + "'; expected a size in bytes such as 512000, 500k or 10M");
        }
        long amount = Long.parseLong(matcher.group(1));
        String unit = matcher.group(2) == null ? "b" : matcher.group(2).substring(0, 1).toLowerCase(Locale.ROOT);
        long size = switch (unit) {
            case "k" -> amount * 1024;
            case "m" -> amount * 1024 * 1024;
            case "g" -> amount * 1024 * 1024 * 1024;
            default -> amount;
        };
        if (size <= 0) {
            throw new IllegalArgumentException(parameter + " is '" + raw + "'; expected a positive size");
        }
        return size;
    }

    /** A decimal number such as {@code 3.0}, {@code -999} or {@code 6.31}. */
    public static double decimal(String parameter, String raw) {
        try {
            double value = Double.parseDouble(raw.strip());
            if (Double.isNaN(value) || Double.isInfinite(value)) {
                throw new NumberFormatException();
            }
            return value;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(parameter + " is '" + raw + "'; expected a number such as 3.0 or -999");
        }
    }

    /** A positive whole number. */
    public static int positiveInt(String parameter, String raw) {
        try {
            int value = Integer.parseInt(raw.strip());
            if (value <= 0) {
                throw new NumberFormatException();
            }
            return value;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(parameter + " is '" + raw + "'; expected a positive whole number");
        }
    }

    /** {@code true}/{@code yes} or {@code false}/{@code no}. */
    public static boolean bool(String parameter, String raw) {
        return switch (raw.strip().toLowerCase(Locale.ROOT)) {
            case "true", "yes" -> true;
            case "false", "no" -> false;
            default -> throw new IllegalArgumentException(parameter + " is '" + raw + "'; expected true or false");
        };
    }

    /** One of the constants of {@code type}, case-insensitive. */
    public static <E extends Enum<E>> E enumValue(String parameter, String raw, Class<E> type) {
        for (E candidate : type.getEnumConstants()) {
            if (candidate.name().equalsIgnoreCase(raw.strip())) {
                return candidate;
            }
        }
        throw new IllegalArgumentException(parameter + " is '" + raw + "'; expected one of "
            + java.util.Arrays.toString(type.getEnumConstants()));
    }
}
