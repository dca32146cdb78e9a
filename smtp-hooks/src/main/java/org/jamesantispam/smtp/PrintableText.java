package org.jamesantispam.smtp;

/**
 * Client-supplied text made safe for a log line, as Postfix's {@code printable()}: control
 * characters (NUL, a bare CR, ESC, DEL, C1 controls) become {@code ?}, so what a client sends as its
 * HELO name or address cannot forge or garble log lines. Everything else is kept.
 */
final class PrintableText {
    private PrintableText() {
    }

    static String of(String text) {
        StringBuilder safe = new StringBuilder(text.length());
        text.chars().forEach(c -> safe.append(Character.isISOControl(c) ? '?' : (char) c));
        return safe.toString();
    }
}
