package org.jamesantispam.it.soak;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One message of the SpamAssassin corpus ready for SMTP: its octets with a first header line
 * {@code X-Soak-Id: <id>} (so that each delivered or quarantined copy can be traced back to its file),
 * lines ending in CRLF and leading dots doubled; and the envelope senders to try in order (corpus
 * README: its Return-Path, else its From, else the null sender, since James refuses some of the
 * corpus' malformed addresses).
 */
record CorpusMessage(String id, Path file, byte[] smtpData, List<String> envelopeSenders) {
    static final String ID_HEADER = "X-Soak-Id";
    private static final Pattern ADDRESS = Pattern.compile("<?([^<>\\s\"()]+@[A-Za-z0-9.-]+)>?");

    static CorpusMessage read(String id, Path file) {
        byte[] raw;
        try {
            raw = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        byte[] tagged = concat((ID_HEADER + ": " + id + "\r\n").getBytes(StandardCharsets.US_ASCII), raw);
        return new CorpusMessage(id, file, dotStuffed(tagged), envelopeSenders(raw));
    }

    private static List<String> envelopeSenders(byte[] raw) {
        String headers = new String(raw, StandardCharsets.ISO_8859_1).split("\r?\n\r?\n", 2)[0].replaceAll("\r?\n[ \t]+", " ");
        List<String> senders = new ArrayList<>();
        for (String name : List.of("Return-Path", "From")) {
            Matcher header = Pattern.compile("(?im)^" + name + ":(.*)$").matcher(headers);
            if (header.find()) {
                Matcher found = ADDRESS.matcher(header.group(1));
                if (found.find() && !senders.contains(found.group(1))) {
                    senders.add(found.group(1));
                }
            }
        }
        senders.add("");
        return List.copyOf(senders);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] all = new byte[a.length + b.length];
        System.arraycopy(a, 0, all, 0, a.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }

    /** CRLF line ends (a bare LF becomes CRLF), leading dots doubled, a last line ended. */
    private static byte[] dotStuffed(byte[] message) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(message.length + 1024);
        boolean lineStart = true;
        for (int i = 0; i < message.length; i++) {
            byte b = message[i];
            if (lineStart && b == '.') {
                out.write('.');
            }
            if (b == '\n') {
                if (i == 0 || message[i - 1] != '\r') {
                    out.write('\r');
                }
                out.write('\n');
                lineStart = true;
                continue;
            }
            out.write(b);
            lineStart = false;
        }
        if (!lineStart) {
            out.write('\r');
            out.write('\n');
        }
        return out.toByteArray();
    }
}
