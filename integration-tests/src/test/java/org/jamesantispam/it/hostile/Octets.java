package org.jamesantispam.it.hostile;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import org.jamesantispam.it.clients.RawSmtpConnection;

/** Byte strings for hostile input: exact octets, never re-encoded. */
final class Octets {
    private Octets() {
    }

    /**
     * The parts one after the other: a {@code byte[]} as is, a {@link String} as ISO-8859-1 (one
     * octet per character, {@code \0} is NUL, {@code \u00e9} is the single octet 0xE9).
     */
    static byte[] of(Object... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Object part : parts) {
            if (part instanceof byte[] bytes) {
                out.writeBytes(bytes);
            } else if (part instanceof String text) {
                out.writeBytes(RawSmtpConnection.octets(text));
            } else {
                throw new IllegalArgumentException("not octets: " + part);
            }
        }
        return out.toByteArray();
    }

    /** {@code text} encoded as UTF-8 (multi-octet characters). */
    static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** {@code count} times the octet {@code c}. */
    static byte[] repeat(char c, int count) {
        byte[] bytes = new byte[count];
        Arrays.fill(bytes, RawSmtpConnection.octets(String.valueOf(c))[0]);
        return bytes;
    }

    /** Octets as text for assertion messages (ISO-8859-1, one character per octet). */
    static String text(byte[] data) {
        return new String(data, StandardCharsets.ISO_8859_1);
    }
}
