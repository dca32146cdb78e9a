package org.jamesantispam.core.config;

/**
 * A configuration value that may be written between double quotes to keep leading or trailing
 * spaces, which James strips from mailet parameters: {@code "***Posible SPAM*** "}. Inside quotes,
 * {@code \"} is a quote and {@code \\} a backslash. An unquoted value is taken as it is.
 */
public final class QuotedText {
    private QuotedText() {
    }

    /**
     * @param parameter the parameter's name, for the error message
     * @param raw the value as configured
     * @return the text the value stands for
     * @throws IllegalArgumentException when a quoted value is not closed or has a bad escape
     */
    public static String parse(String parameter, String raw) {
        String value = raw.strip();
        if (!value.startsWith("\"")) {
            return value;
        }
        if (value.length() < 2 || !value.endsWith("\"") || isEscaped(value, value.length() - 1)) {
            throw new IllegalArgumentException(parameter + ": " + raw + " has no closing quote; expected \"text\"");
        }
        StringBuilder text = new StringBuilder();
        for (int i = 1; i < value.length() - 1; i++) {
            char c = value.charAt(i);
            if (c == '\\') {
                char next = value.charAt(++i);
                if (next != '"' && next != '\\') {
                    throw new IllegalArgumentException(parameter + ": " + raw + " has the escape \\" + next + "; expected \\\" or \\\\");
                }
                text.append(next);
            } else if (c == '"') {
                throw new IllegalArgumentException(parameter + ": " + raw + " has an unescaped quote inside; write \\\"");
            } else {
                text.append(c);
            }
        }
        return text.toString();
    }

    private static boolean isEscaped(String value, int index) {
        int backslashes = 0;
        for (int i = index - 1; i > 0 && value.charAt(i) == '\\'; i--) {
            backslashes++;
        }
        return backslashes % 2 == 1;
    }
}
