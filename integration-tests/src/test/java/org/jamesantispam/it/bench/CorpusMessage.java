package org.jamesantispam.it.bench;

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
 * One message of the corpus ({@code ../shared/corpus/fetch-corpus.sh}), ready for the benchmark:
 * the file (spamc reads it as is), its bytes as SMTP DATA (CRLF line ends, leading dots doubled,
 * without the final dot line), the envelope senders to try (its Return-Path, else its From, else
 * the null sender: SpamAssassin scores the envelope sender too) and its Message-ID, by which the
 * benchmark finds the message again in James' mailboxes.
 */
public record CorpusMessage(Path file, byte[] smtpData, List<String> envelopeSenders, Optional<String> messageId) {
    private static final Pattern ADDRESS = Pattern.compile("<?([^<>\\s\"()]+@[A-Za-z0-9.-]+)>?");

    public static CorpusMessage read(Path file) {
        try {
            byte[] raw = Files.readAllBytes(file);
            String headers = new String(raw, StandardCharsets.ISO_8859_1).split("\r?\n\r?\n", 2)[0];
            return new CorpusMessage(file, dotStuffed(raw), envelopeSenders(headers), DispositionProbe.messageIdOf(headers));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
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

    static List<String> envelopeSenders(String headerBlock) {
        String headers = headerBlock.replaceAll("\r?\n[ \t]+", " ");
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
