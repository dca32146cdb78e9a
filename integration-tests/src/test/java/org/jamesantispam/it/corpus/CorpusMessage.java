package org.jamesantispam.it.corpus;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * One message of the corpus ({@code ../shared/corpus/fetch-corpus.sh}) ready for SMTP, shared by the
 * benchmark, the soak and the corpus tests:
 * <ul>
 * <li>{@code file}: the file (spamc reads it as is);</li>
 * <li>{@code smtpData}: its raw octets as SMTP DATA (a bare LF becomes CRLF, leading dots doubled,
 * the last line ended, without the final dot line), optionally after one extra first header line
 * ({@link #tagged}) by which each delivered or quarantined copy can be traced back to its file;</li>
 * <li>{@code envelopeSenders}: the envelope senders to try in order (corpus README): its Return-Path,
 * else its From, else the null sender (SpamAssassin scores the envelope sender too, and James
 * refuses some of the corpus' malformed addresses);</li>
 * <li>{@code messageId}: its Message-ID (folded lines joined, white space removed), by which a
 * benchmark finds the message again in James' mailboxes.</li>
 * </ul>
 */
public record CorpusMessage(Path file, byte[] smtpData, List<String> envelopeSenders, Optional<String> messageId) {
    private static final Pattern ADDRESS = Pattern.compile("<?([^<>\\s\"()]+@[A-Za-z0-9.-]+)>?");
    private static final Pattern MESSAGE_ID = Pattern.compile("(?im)^Message-ID:\\s*(<[^>]*>)");

    /** The message of {@code file}, its octets as they are. */
    public static CorpusMessage read(Path file) {
        return of(file, readRaw(file), new byte[0]);
    }

    /**
     * The message of {@code file} with the header line {@code header: value} put first in its SMTP
     * data (envelope senders and Message-ID still come from the file's own headers).
     */
    public static CorpusMessage tagged(Path file, String header, String value) {
        return of(file, readRaw(file), (header + ": " + value + "\r\n").getBytes(StandardCharsets.US_ASCII));
    }

    /**
     * {@code count} messages of {@code directory} (sorted by name), evenly spread over the whole set
     * when fewer than all are wanted, so that a small run keeps the set's mix of ham and spam.
     */
    public static List<CorpusMessage> sample(Path directory, int count) {
        List<Path> files;
        try (Stream<Path> list = Files.list(directory)) {
            files = list.filter(Files::isRegularFile).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the corpus " + directory
                + " (fetch it: bash ../shared/corpus/fetch-corpus.sh target/corpus)", e);
        }
        if (files.isEmpty()) {
            throw new IllegalStateException("no message in " + directory + " (fetch it: bash ../shared/corpus/fetch-corpus.sh target/corpus)");
        }
        int wanted = Math.max(1, Math.min(count, files.size()));
        List<CorpusMessage> sample = new ArrayList<>(wanted);
        for (int i = 0; i < wanted; i++) {
            sample.add(read(files.get((int) ((long) i * files.size() / wanted))));
        }
        return sample;
    }

    /**
     * The envelope senders to try, in order, for a message's raw octets: the address of its
     * Return-Path, that of its From (when different), then the null sender {@code ""}.
     */
    public static List<String> envelopeSenders(byte[] raw) {
        String headers = headerBlock(raw);
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

    /** Raw octets as SMTP DATA: CRLF line ends (a bare LF becomes CRLF), leading dots doubled, a last line ended. */
    public static byte[] smtpData(byte[] message) {
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

    private static CorpusMessage of(Path file, byte[] raw, byte[] firstLine) {
        byte[] data = new byte[firstLine.length + raw.length];
        System.arraycopy(firstLine, 0, data, 0, firstLine.length);
        System.arraycopy(raw, 0, data, firstLine.length, raw.length);
        Matcher id = MESSAGE_ID.matcher(headerBlock(raw));
        Optional<String> messageId = id.find() ? Optional.of(id.group(1).replaceAll("\\s+", "")) : Optional.empty();
        return new CorpusMessage(file, smtpData(data), envelopeSenders(raw), messageId);
    }

    private static byte[] readRaw(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The header block, folded lines joined. */
    private static String headerBlock(byte[] raw) {
        return new String(raw, StandardCharsets.ISO_8859_1).split("\r?\n\r?\n", 2)[0].replaceAll("\r?\n[ \t]+", " ");
    }
}
