package org.jamesantispam.core.content;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

import javax.mail.internet.MimeUtility;

/**
 * Bytes of a message to text, leniently: what the checks match and what the logs show.
 */
public final class Text {
    private static final ThreadLocal<CharsetDecoder> STRICT_UTF8 = ThreadLocal.withInitial(() -> StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT));

    private Text() {
    }

    /**
     * Raw message bytes as text: ASCII as it is, valid UTF-8 as UTF-8 (so a UTF-8 pattern matches a
     * UTF-8 header), anything else byte for byte as ISO-8859-1 (so no byte is lost and {@code .}
     * matches one byte, as in Postfix).
     */
    public static String of(byte[] bytes, int offset, int length) {
        boolean ascii = true;
        for (int i = offset, end = offset + length; i < end; i++) {
            if (bytes[i] < 0) {
                ascii = false;
                break;
            }
        }
        if (ascii) {
            return new String(bytes, offset, length, StandardCharsets.ISO_8859_1);
        }
        try {
            CharsetDecoder decoder = STRICT_UTF8.get();
            decoder.reset();
            CharBuffer chars = decoder.decode(ByteBuffer.wrap(bytes, offset, length));
            return chars.toString();
        } catch (CharacterCodingException e) {
            return new String(bytes, offset, length, StandardCharsets.ISO_8859_1);
        }
    }

    /** Decodes bytes in a declared charset; malformed sequences become U+FFFD. */
    public static String decode(byte[] bytes, Charset charset) {
        return new String(bytes, charset);
    }

    /** The charset of a MIME {@code charset} parameter, when Java knows it. */
    public static Optional<Charset> charset(String name) {
        if (name == null || name.isBlank()) {
            return Optional.empty();
        }
        try {
            String javaName = MimeUtility.javaCharset(name.strip());
            return Charset.isSupported(javaName) ? Optional.of(Charset.forName(javaName)) : Optional.empty();
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    /** Decodes RFC 2047 encoded words ({@code =?utf-8?B?...?=}); text that cannot be decoded is returned as it is. */
    public static String decodeWords(String text) {
        if (!text.contains("=?")) {
            return text;
        }
        try {
            return MimeUtility.decodeText(text);
        } catch (Exception e) {
            return text;
        }
    }

    /**
     * A line for a log: at most {@code max} characters (then {@code ...}), control characters shown
     * as {@code ?} so a message cannot forge log lines.
     */
    public static String forLog(String text, int max) {
        StringBuilder out = new StringBuilder(Math.min(text.length(), max) + 3);
        for (int i = 0; i < text.length() && out.length() < max; i++) {
            char c = text.charAt(i);
            out.append(c == '\t' ? ' ' : c < 0x20 || c == 0x7f ? '?' : c);
        }
        if (text.length() > max) {
            out.append("...");
        }
        return out.toString();
    }
}
