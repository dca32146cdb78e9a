package org.jamesantispam.core.content;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Properties;

import javax.mail.MessagingException;
import javax.mail.Session;
import javax.mail.internet.MimeMessage;

import org.jamesantispam.core.content.ContentAction.Kind;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies the line edits of a {@link ContentVerdict} (PREPEND, REPLACE, IGNORE, STRIP) to the message
 * it was computed on, byte for byte: the rest of the message is left exactly as it was. As in Postfix,
 * the text of a PREPEND or REPLACE of a header must itself be a header ({@code Name: value}); an edit
 * that cannot be applied (not a header, decoded body text without a raw position) is logged at WARN
 * and skipped.
 */
public final class ContentEdits {
    private static final Logger LOGGER = LoggerFactory.getLogger(ContentEdits.class);

    private record Splice(long start, long end, byte[] replacement) {
    }

    private ContentEdits() {
    }

    /**
     * @param message the message the verdict was computed on, unchanged since
     * @return the edited message, or empty when no edit applies
     */
    public static Optional<MimeMessage> apply(MimeMessage message, ContentVerdict verdict) throws MessagingException, IOException {
        List<Splice> splices = new ArrayList<>();
        for (ContentHit hit : verdict.edits()) {
            splice(hit, verdict.lineSeparator()).ifPresent(splices::add);
        }
        if (splices.isEmpty()) {
            return Optional.empty();
        }
        splices.sort(Comparator.comparingLong(Splice::start).thenComparingLong(Splice::end));
        ByteArrayOutputStream edited = new ByteArrayOutputStream();
        try (SplicingStream out = new SplicingStream(edited, splices)) {
            message.writeTo(out);
        }
        return Optional.of(new MimeMessage(Session.getInstance(new Properties()), new ByteArrayInputStream(edited.toByteArray())));
    }

    private static Optional<Splice> splice(ContentHit hit, String lineSeparator) {
        if (!hit.hasPosition()) {
            LOGGER.warn("{}: {} not applied: decoded body text has no place in the raw message", hit.where(), hit.action());
            return Optional.empty();
        }
        Kind kind = hit.action().kind();
        String text = hit.action().argument();
        boolean header = hit.scope() != Scope.BODY;
        if ((kind == Kind.PREPEND || kind == Kind.REPLACE) && header && !ContentAction.isHeaderLine(text)) {
            LOGGER.warn("{}: {} not applied: the text of a header edit must be a header line 'Name: value'", hit.where(), hit.action());
            return Optional.empty();
        }
        byte[] line = (text + lineSeparator).getBytes(StandardCharsets.UTF_8);
        return Optional.of(switch (kind) {
            case PREPEND -> new Splice(hit.start(), hit.start(), line);
            case REPLACE -> new Splice(hit.start(), hit.end(), line);
            default -> new Splice(hit.start(), hit.end(), new byte[0]);
        });
    }

    /** Copies bytes, replacing the ranges of the splices (sorted by start). */
    private static final class SplicingStream extends FilterOutputStream {
        private final List<Splice> splices;
        private int next;
        private long position;
        private long skipUntil;

        SplicingStream(OutputStream out, List<Splice> splices) {
            super(out);
            this.splices = splices;
        }

        @Override
        public void write(int b) throws IOException {
            while (next < splices.size() && splices.get(next).start() == position) {
                Splice splice = splices.get(next++);
                out.write(splice.replacement());
                skipUntil = Math.max(skipUntil, splice.end());
            }
            if (position >= skipUntil) {
                out.write(b);
            }
            position++;
        }

        @Override
        public void write(byte[] bytes, int off, int len) throws IOException {
            int end = off + len;
            int i = off;
            while (i < end) {
                long nextStart = next < splices.size() ? splices.get(next).start() : Long.MAX_VALUE;
                if (position >= skipUntil && position < nextStart) {
                    int run = (int) Math.min(end - i, nextStart - position);
                    out.write(bytes, i, run);
                    i += run;
                    position += run;
                } else {
                    write(bytes[i++]);
                }
            }
        }

        @Override
        public void close() throws IOException {
            while (next < splices.size()) {
                out.write(splices.get(next++).replacement());
            }
            super.close();
        }
    }
}
