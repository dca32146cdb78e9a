package org.jamesantispam.core.content;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.Charset;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import javax.mail.MessagingException;
import javax.mail.internet.MimeMessage;

import org.apache.james.server.core.MimeMessageInputStream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Postfix's built-in content inspection (header_checks(5)): each logical header and each body line
 * of a message is looked up in the table of its {@link Scope}; the first matching rule of the table
 * decides for that line, and the checks go on with the next line until a REJECT, DISCARD or PASS.
 * The result is a {@link ContentVerdict}; applying it is the caller's business (the SMTP hook
 * refuses, the mailet routes and edits), so one implementation serves both.
 *
 * <p>Body lines are matched raw, as Postfix does (base64 text stays base64). In
 * {@link BodyMode#DECODED} mode, the body of {@code text/*} parts in base64 or quoted-printable is
 * decoded and its charset applied, and those decoded lines are matched instead of the raw ones; and a
 * header with RFC 2047 encoded words that no rule matched raw is matched once more, decoded.
 *
 * <p>Thread-safe; each check uses the tables current when it starts.
 */
public final class ContentChecks {
    private static final Logger LOGGER = LoggerFactory.getLogger(ContentChecks.class);

    /** How body text is matched. */
    public enum BodyMode {
        /** As Postfix: raw lines, encoded text stays encoded. */
        RAW,
        /** Text parts decoded (base64, quoted-printable, charset); headers' RFC 2047 words decoded too. */
        DECODED
    }

    private final Map<Scope, Supplier<ContentTable>> tables;
    private final ContentLimits limits;
    private final BodyMode bodyMode;
    /** The part of every fingerprint that depends on the configuration only (formatted once). */
    private final String fingerprintPrefix;
    private final Set<String> reportedBadResults = ConcurrentHashMap.newKeySet();

    private ContentChecks(Map<Scope, Supplier<ContentTable>> tables, ContentLimits limits, BodyMode bodyMode) {
        this.tables = tables;
        this.limits = limits;
        this.bodyMode = bodyMode;
        this.fingerprintPrefix = "content-checks/1 mode=" + bodyMode + " " + limits;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Builds {@link ContentChecks}; a scope without a table is not checked. */
    public static final class Builder {
        private final Map<Scope, Supplier<ContentTable>> tables = new EnumMap<>(Scope.class);
        private ContentLimits limits = ContentLimits.POSTFIX_DEFAULTS;
        private BodyMode bodyMode = BodyMode.RAW;

        public Builder table(Scope scope, Supplier<ContentTable> table) {
            tables.put(scope, table);
            return this;
        }

        public Builder table(Scope scope, ContentTable table) {
            return table(scope, () -> table);
        }

        public Builder limits(ContentLimits limits) {
            this.limits = limits;
            return this;
        }

        public Builder bodyMode(BodyMode bodyMode) {
            this.bodyMode = bodyMode;
            return this;
        }

        public ContentChecks build() {
            return new ContentChecks(new EnumMap<>(tables), limits, bodyMode);
        }
    }

    public ContentLimits limits() {
        return limits;
    }

    public BodyMode bodyMode() {
        return bodyMode;
    }

    /** Which scopes have a table. */
    public Set<Scope> scopes() {
        return tables.keySet();
    }

    /**
     * Checks a message's bytes ({@link #copyMessage}): for mail received over SMTP, the raw message
     * as received.
     */
    public ContentVerdict check(MimeMessage message) throws MessagingException, IOException {
        return scan(message, null).verdict();
    }

    /**
     * Name of the mail attribute (a string) by which the SMTP hook tells the mailet that it checked
     * this message and found nothing: its value is the {@link #fingerprint(MimeMessage)} of that
     * check. The mailet skips its own check only when its fingerprint of the mail, computed at
     * once, is the same.
     */
    public static final String CLEAN_SCAN_ATTRIBUTE = "org.jamesantispam.content.cleanScan";

    /**
     * A verdict and, when nothing matched at all (no hit of any kind, not even a non-final one), the
     * fingerprint of that check.
     */
    public record Checked(ContentVerdict verdict, Optional<String> cleanFingerprint) {
    }

    /**
     * As {@link #check(MimeMessage)}, and when no rule hit (DUNNO matches aside), the fingerprint of
     * the check: what {@link #fingerprint(MimeMessage)} gives for the same message bytes and tables.
     */
    public Checked checkAndFingerprint(MimeMessage message) throws MessagingException, IOException {
        return scan(message, Digests.sha256());
    }

    /**
     * What decides the outcome of a check of {@code message} now, as one SHA-256 (hex): the message
     * bytes ({@link #copyMessage}), the digest of each scope's table as loaded now (source
     * and text: {@link ContentTable#digest()}), the limits and the body mode. Two checks with the
     * same fingerprint give the same verdict, so a check can be skipped when another, with the same
     * fingerprint, found nothing. Costs one write of the message through SHA-256, no matching.
     */
    public String fingerprint(MimeMessage message) throws MessagingException, IOException {
        Map<Scope, ContentTable> snapshot = new EnumMap<>(Scope.class);
        tables.forEach((scope, table) -> snapshot.put(scope, table.get()));
        MessageDigest digest = Digests.sha256();
        try (OutputStream sink = new DigestOutputStream(OutputStream.nullOutputStream(), digest)) {
            copyMessage(message, sink);
        }
        return fingerprint(snapshot, digest.digest());
    }

    private String fingerprint(Map<Scope, ContentTable> snapshot, byte[] messageDigest) {
        StringBuilder description = new StringBuilder(fingerprintPrefix);
        snapshot.forEach((scope, table) -> description.append(' ').append(scope).append('=').append(table.digest()));
        description.append(" message=").append(HexFormat.of().formatHex(messageDigest));
        return Digests.sha256Hex(description.toString());
    }

    private Checked scan(MimeMessage message, MessageDigest digest) throws MessagingException, IOException {
        Scan scan = new Scan();
        MimeLineScanner scanner = new MimeLineScanner(limits, scan);
        OutputStream sink = digest == null ? scanner : new DigestOutputStream(scanner, digest);
        try {
            copyMessage(message, sink);
            sink.close();
        } catch (IOException | MessagingException | RuntimeException e) {
            if (!scanner.stopped()) {
                throw e;
            }
        }
        ContentVerdict verdict = new ContentVerdict(scan.hits, scanner.lineSeparator());
        Optional<String> clean = digest != null && verdict.isEmpty() && !scanner.stopped()
            ? Optional.of(fingerprint(scan.snapshot, digest.digest()))
            : Optional.empty();
        return new Checked(verdict, clean);
    }

    /**
     * Writes {@code message} as RFC 5322 bytes into {@code out}. A message James received or stored
     * (a {@link org.apache.james.server.core.MimeMessageWrapper}) and nobody modified is read from
     * its stored bytes by James' {@link MimeMessageInputStream}: the bytes as received, where
     * {@link MimeMessage#writeTo} would parse the header block once more to write it again (the same
     * bytes for a well-formed message; one header parse per call, the largest part of a check's
     * cost). A modified wrapper gives its current header lines and its body; any other MimeMessage
     * is written by {@code writeTo}.
     */
    static void copyMessage(MimeMessage message, OutputStream out) throws MessagingException, IOException {
        try (InputStream in = new MimeMessageInputStream(message)) {
            in.transferTo(out);
        }
    }

    /** Checks a raw RFC 5322 message. */
    public ContentVerdict check(InputStream raw) throws IOException {
        Scan scan = new Scan();
        MimeLineScanner scanner = new MimeLineScanner(limits, scan);
        byte[] buffer = new byte[16384];
        try {
            for (int read; (read = raw.read(buffer)) >= 0; ) {
                scanner.write(buffer, 0, read);
            }
            scanner.close();
        } catch (MimeLineScanner.Stopped e) {
            // a final action: the rest of the message does not matter
        }
        return new ContentVerdict(scan.hits, scanner.lineSeparator());
    }

    /** One message's scan: matches lines against the tables, collects hits. */
    private final class Scan implements MimeLineScanner.Listener {
        private final Map<Scope, ContentTable> snapshot = new EnumMap<>(Scope.class);
        private final List<ContentHit> hits = new ArrayList<>();
        private boolean done;
        private ByteArrayOutputStream decoding;
        private String decodingEncoding;
        private Charset decodingCharset;
        private int decodingCap;

        Scan() {
            tables.forEach((scope, table) -> snapshot.put(scope, table.get()));
        }

        @Override
        public void header(Scope scope, byte[] text, int length, long start, long end) {
            ContentTable table = snapshot.get(scope);
            if (table == null || table.size() == 0) {
                return;
            }
            String line = Text.of(text, 0, length);
            if (!lookup(scope, table, line, start, end) && bodyMode == BodyMode.DECODED) {
                String decoded = Text.decodeWords(line);
                if (!decoded.equals(line)) {
                    lookup(scope, table, decoded, start, end);
                }
            }
        }

        @Override
        public void body(byte[] text, int length, long start, long end, boolean endsLine, long segmentOffset) {
            if (decoding != null) {
                if (decoding.size() < decodingCap) {
                    decoding.write(text, 0, length);
                    if (endsLine) {
                        decoding.write('\n');
                    }
                }
                return;
            }
            if (limits.bodyChecksSizeLimit() > 0 && segmentOffset >= limits.bodyChecksSizeLimit()) {
                return;
            }
            ContentTable table = snapshot.get(Scope.BODY);
            if (table != null && table.size() > 0) {
                lookup(Scope.BODY, table, Text.of(text, 0, length), start, end);
            }
        }

        @Override
        public void leafStart(String contentType, String transferEncoding, String charset) {
            if (bodyMode == BodyMode.DECODED && snapshot.containsKey(Scope.BODY) && snapshot.get(Scope.BODY).size() > 0 && contentType.startsWith("text/")
                && ("base64".equals(transferEncoding) || "quoted-printable".equals(transferEncoding))) {
                decoding = new ByteArrayOutputStream();
                decodingEncoding = transferEncoding;
                decodingCharset = Text.charset(charset).orElse(null);
                int limit = limits.bodyChecksSizeLimit();
                decodingCap = limit == 0 ? 16 * 1024 * 1024 : limit * 2 + 2 * limits.lineLengthLimit();
            }
        }

        @Override
        public void leafEnd() {
            if (decoding == null) {
                return;
            }
            byte[] bytes = TransferEncodings.decode(decodingEncoding, decoding.toByteArray());
            decoding = null;
            String text = decodingCharset == null ? Text.of(bytes, 0, bytes.length) : Text.decode(bytes, decodingCharset);
            ContentTable table = snapshot.get(Scope.BODY);
            long segmentOffset = 0;
            int limit = limits.bodyChecksSizeLimit();
            int pieceLength = limits.lineLengthLimit();
            for (int from = 0; from <= text.length() && !done; ) {
                int newline = text.indexOf('\n', from);
                int lineEnd = newline < 0 ? text.length() : newline;
                if (newline < 0 && from == text.length()) {
                    break;
                }
                String line = text.substring(from, lineEnd > from && text.charAt(lineEnd - 1) == '\r' ? lineEnd - 1 : lineEnd);
                for (int piece = 0; (piece < line.length() || piece == 0) && !done; piece += pieceLength) {
                    if (limit > 0 && segmentOffset >= limit) {
                        return;
                    }
                    String part = line.substring(piece, Math.min(line.length(), piece + pieceLength));
                    lookup(Scope.BODY, table, part, -1, -1);
                    segmentOffset += part.length() + 1;
                }
                from = lineEnd + 1;
            }
        }

        @Override
        public boolean done() {
            return done;
        }

        /** @return whether a rule matched (DUNNO included) */
        private boolean lookup(Scope scope, ContentTable table, String line, long start, long end) {
            Optional<ContentTable.Match> match = table.find(line);
            if (match.isEmpty()) {
                return false;
            }
            ContentAction action;
            try {
                action = ContentAction.parse(match.get().result());
            } catch (IllegalArgumentException e) {
                if (reportedBadResults.add(table.source() + ":" + match.get().line() + ":" + match.get().result())) {
                    LOGGER.warn("{} {}:{}: result '{}' is unusable ({}); treated as DUNNO", scope, table.source(),
                        match.get().line(), Text.forLog(match.get().result(), ContentHit.SHOWN_CHARACTERS), e.getMessage());
                }
                return true;
            }
            if (action.kind() == ContentAction.Kind.DUNNO) {
                return true;
            }
            hits.add(new ContentHit(scope, table.source(), match.get().line(), line, action, start, end));
            if (action.kind().isFinal()) {
                done = true;
            }
            return true;
        }
    }

    @Override
    public String toString() {
        return "ContentChecks" + tables.keySet() + " " + bodyMode + " " + limits;
    }
}
