package org.jamesantispam.core.content;

import java.io.ByteArrayOutputStream;

/**
 * Lenient decoders for MIME body transfer encodings: what a mail reader shows, without ever failing
 * on spammers' malformed input (bad characters are skipped, bad escapes kept as they are).
 */
final class TransferEncodings {
    private static final int[] BASE64 = new int[128];

    static {
        java.util.Arrays.fill(BASE64, -1);
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        for (int i = 0; i < alphabet.length(); i++) {
            BASE64[alphabet.charAt(i)] = i;
        }
    }

    private TransferEncodings() {
    }

    /** Decodes {@code base64} or {@code quoted-printable}; any other encoding is returned as it is. */
    static byte[] decode(String encoding, byte[] raw) {
        if ("base64".equals(encoding)) {
            return base64(raw);
        }
        if ("quoted-printable".equals(encoding)) {
            return quotedPrintable(raw);
        }
        return raw;
    }

    /** Base64: characters outside the alphabet are skipped; decoding stops at padding. */
    static byte[] base64(byte[] raw) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(raw.length * 3 / 4 + 3);
        int buffer = 0;
        int bits = 0;
        for (byte b : raw) {
            if (b == '=') {
                bits = 0;
                buffer = 0;
                continue;
            }
            int value = b >= 0 ? BASE64[b] : -1;
            if (value < 0) {
                continue;
            }
            buffer = (buffer << 6) | value;
            bits += 6;
            if (bits >= 8) {
                bits -= 8;
                out.write((buffer >> bits) & 0xff);
            }
        }
        return out.toByteArray();
    }

    /** Quoted-printable: {@code =XX} decoded, soft line breaks removed, bad escapes kept literally. */
    static byte[] quotedPrintable(byte[] raw) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(raw.length);
        int n = raw.length;
        for (int i = 0; i < n; i++) {
            byte b = raw[i];
            if (b != '=') {
                out.write(b);
                continue;
            }
            int j = i + 1;
            while (j < n && (raw[j] == ' ' || raw[j] == '\t')) {
                j++;
            }
            if (j < n && (raw[j] == '\r' || raw[j] == '\n')) {
                i = raw[j] == '\r' && j + 1 < n && raw[j + 1] == '\n' ? j + 1 : j;
                continue;
            }
            if (j == n) {
                break;
            }
            int high = i + 1 < n ? Character.digit(raw[i + 1], 16) : -1;
            int low = i + 2 < n ? Character.digit(raw[i + 2], 16) : -1;
            if (high >= 0 && low >= 0) {
                out.write(high * 16 + low);
                i += 2;
            } else {
                out.write(b);
            }
        }
        return out.toByteArray();
    }
}
