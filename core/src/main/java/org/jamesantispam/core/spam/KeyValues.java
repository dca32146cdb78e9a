package org.jamesantispam.core.spam;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * The text form of verdicts stored as mail attributes: {@code key=value;key=value}, values
 * URL-encoded. Plain strings keep attributes readable in webadmin and storable by every mail
 * repository and queue.
 */
final class KeyValues {
    private final Map<String, String> values;

    private KeyValues(Map<String, String> values) {
        this.values = values;
    }

    static KeyValues create() {
        return new KeyValues(new LinkedHashMap<>());
    }

    static KeyValues decode(String text) {
        Map<String, String> values = new LinkedHashMap<>();
        for (String pair : text.split(";")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                values.put(pair.substring(0, eq), URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return new KeyValues(values);
    }

    KeyValues put(String key, String value) {
        values.put(key, value);
        return this;
    }

    KeyValues put(String key, OptionalDouble value) {
        if (value.isPresent()) {
            values.put(key, Double.toString(value.getAsDouble()));
        }
        return this;
    }

    KeyValues put(String key, double value) {
        values.put(key, Double.toString(value));
        return this;
    }

    KeyValues put(String key, boolean value) {
        values.put(key, value ? "1" : "0");
        return this;
    }

    Optional<String> get(String key) {
        return Optional.ofNullable(values.get(key));
    }

    String require(String key) {
        String value = values.get(key);
        if (value == null) {
            throw new IllegalArgumentException("stored verdict has no " + key);
        }
        return value;
    }

    OptionalDouble decimal(String key) {
        String value = values.get(key);
        return value == null ? OptionalDouble.empty() : OptionalDouble.of(Double.parseDouble(value));
    }

    double requireDecimal(String key) {
        return Double.parseDouble(require(key));
    }

    boolean bool(String key) {
        return "1".equals(values.get(key));
    }

    String encode() {
        StringBuilder text = new StringBuilder();
        values.forEach((key, value) -> {
            if (text.length() > 0) {
                text.append(';');
            }
            text.append(key).append('=').append(URLEncoder.encode(value, StandardCharsets.UTF_8));
        });
        return text.toString();
    }
}
