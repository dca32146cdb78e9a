package org.jamesantispam.smtp;

import java.util.Iterator;
import java.util.Locale;
import java.util.Set;

import org.apache.commons.configuration2.Configuration;
import org.apache.commons.configuration2.ex.ConfigurationException;

/**
 * Strict reading of a hook's child elements in {@code smtpserver.xml}: unknown elements are refused,
 * and every bad value fails startup with a message naming the hook, the parameter, the value and
 * what was expected.
 */
final class HandlerParameters {
    private final String hook;
    private final Configuration config;

    private HandlerParameters(String hook, Configuration config) {
        this.hook = hook;
        this.config = config;
    }

    /** Reads {@code config} for {@code hook}, refusing any parameter not in {@code known}. */
    static HandlerParameters of(String hook, Configuration config, Set<String> known) throws ConfigurationException {
        for (Iterator<String> keys = config.getKeys(); keys.hasNext(); ) {
            String key = keys.next();
            if (key.isEmpty() || key.startsWith("[@")) {
                continue; // the <handler> element itself and its attributes, such as class="..."
            }
            String parameter = key.split("[.\\[]", 2)[0];
            if (!known.contains(parameter)) {
                throw new ConfigurationException(hook + ": unknown parameter <" + parameter + ">; expected one of " + known);
            }
        }
        return new HandlerParameters(hook, config);
    }

    /** The raw value of a parameter; an empty element gives an empty string. */
    java.util.Optional<String> string(String name) {
        return config.containsKey(name) ? java.util.Optional.of(config.getString(name, "")) : java.util.Optional.empty();
    }

    /** The value of {@code name}; several elements of that name are joined with commas. */
    java.util.Optional<String> optional(String name) {
        java.util.List<String> values = config.getList(String.class, name, java.util.List.of());
        return values.isEmpty() ? java.util.Optional.empty() : java.util.Optional.of(String.join(",", values));
    }

    boolean booleanValue(String name, boolean defaultValue) throws ConfigurationException {
        String value = config.getString(name, null);
        if (value == null) {
            return defaultValue;
        }
        switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "true":
            case "yes":
                return true;
            case "false":
            case "no":
                return false;
            default:
                throw new ConfigurationException(hook + ": <" + name + "> is '" + value + "'; expected true or false");
        }
    }

    /** A 4XX or 5XX SMTP reply code. */
    int replyCode(String name, int defaultValue) throws ConfigurationException {
        String value = config.getString(name, null);
        if (value == null) {
            return defaultValue;
        }
        try {
            int code = Integer.parseInt(value.trim());
            if (code >= 400 && code <= 599) {
                return code;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new ConfigurationException(hook + ": <" + name + "> is '" + value + "'; expected an SMTP reply code 4XX or 5XX");
    }

    <E extends Enum<E>> E enumValue(String name, Class<E> type, E defaultValue) throws ConfigurationException {
        String value = config.getString(name, null);
        if (value == null) {
            return defaultValue;
        }
        for (E candidate : type.getEnumConstants()) {
            if (candidate.name().equalsIgnoreCase(value.trim())) {
                return candidate;
            }
        }
        throw new ConfigurationException(hook + ": <" + name + "> is '" + value + "'; expected one of "
            + java.util.Arrays.toString(type.getEnumConstants()).toLowerCase(Locale.ROOT));
    }
}
