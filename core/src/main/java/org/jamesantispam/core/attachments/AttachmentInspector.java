package org.jamesantispam.core.attachments;

import java.io.BufferedInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;

import javax.mail.BodyPart;
import javax.mail.MessagingException;
import javax.mail.Multipart;
import javax.mail.Part;
import javax.mail.internet.MimeMessage;

import org.apache.commons.compress.archivers.ArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveInputStream;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.apache.james.server.core.MimeMessageInputStream;
import org.jamesantispam.core.content.Text;

/**
 * Looks for banned file names in a message: the names of its MIME parts (attached messages
 * included) and, inside attachments, the names in zip archives (zip in zip too), tar archives and
 * gzip/bzip2 files (so {@code .tar.gz}), recognised by their content, not their name. Archives are
 * read as streams, never whole into memory; resource use is bounded by {@link ArchiveLimits}. Encrypted
 * zip entries are judged by their names (their content cannot be opened). 7z, rar and other formats
 * are not opened: only their own names are checked.
 *
 * <p>The first banned name ends the inspection. A limit, a damaged archive or an unreadable MIME
 * structure makes the result {@link Inspection.Outcome#UNCHECKED} unless a banned name is found
 * elsewhere. Never throws: bad input gives a defined {@link Inspection}.
 */
public final class AttachmentInspector {
    private static final int MESSAGE_NESTING_LIMIT = 20;
    private static final int PEEK = 512;

    private final BannedNames banned;
    private final ArchiveLimits limits;

    public AttachmentInspector(BannedNames banned, ArchiveLimits limits) {
        this.banned = banned;
        this.limits = limits;
    }

    public BannedNames bannedNames() {
        return banned;
    }

    public ArchiveLimits limits() {
        return limits;
    }

    /** Inspects a whole message. */
    public Inspection inspect(MimeMessage message) {
        if (cannotHoldAFile(message)) {
            return Inspection.CLEAN;
        }
        Walk walk = new Walk();
        try {
            walk.part(message, 0);
        } catch (Found found) {
            return found.inspection;
        } catch (MessagingException | IOException | RuntimeException e) {
            walk.unchecked("MIME structure unreadable: " + describe(e));
        }
        return walk.unchecked == null ? Inspection.CLEAN : Inspection.unchecked(walk.unchecked);
    }

    /**
     * A message that cannot carry a file, decided from its MIME structure's headers alone
     * ({@link TextOnlyStructure}: text and multipart entities only, no file name, no base64 or
     * uuencoding), read from its stored bytes (James' {@link MimeMessageInputStream}: no header
     * re-parse, no message object). The walk would find no name and open no archive in such a
     * message, so it is skipped: most mail is text, and this is the cheap path. Any doubt means no.
     */
    static boolean cannotHoldAFile(MimeMessage message) {
        try (InputStream raw = new MimeMessageInputStream(message)) {
            return TextOnlyStructure.cannotHoldAFile(raw);
        } catch (MessagingException | IOException | RuntimeException e) {
            return false;
        }
    }

    /** Inspects one attachment's decoded content, announced under {@code name}. */
    public Inspection inspect(String name, InputStream content) {
        Walk walk = new Walk();
        try {
            if (banned.isBanned(name)) {
                return Inspection.banned(name);
            }
            walk.content(content, name, name, 0);
        } catch (Found found) {
            return found.inspection;
        }
        return walk.unchecked == null ? Inspection.CLEAN : Inspection.unchecked(walk.unchecked);
    }

    /** A banned name was found: ends the walk. */
    private static final class Found extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final transient Inspection inspection;

        Found(Inspection inspection) {
            super(inspection.detail(), null, false, false);
            this.inspection = inspection;
        }
    }

    /** A limit was reached inside one archive. */
    private static final class LimitReached extends IOException {
        private static final long serialVersionUID = 1L;

        LimitReached(String message) {
            super(message);
        }
    }

    private enum Kind { ZIP, GZIP, BZIP2, TAR, OTHER }

    /** The state of one inspection: counters against the limits, the first reason it is incomplete. */
    private final class Walk {
        private int entries;
        private long expanded;
        private String unchecked;

        void unchecked(String reason) {
            if (unchecked == null) {
                unchecked = reason;
            }
        }

        void part(Part part, int nesting) throws MessagingException, IOException {
            String label = "";
            for (String name : AttachmentNames.of(part)) {
                if (banned.isBanned(name)) {
                    throw new Found(Inspection.banned(name));
                }
                label = name;
            }
            if (part.isMimeType("multipart/*")) {
                Object content = part.getContent();
                if (content instanceof Multipart multipart) {
                    for (int i = 0; i < multipart.getCount(); i++) {
                        BodyPart child = multipart.getBodyPart(i);
                        partGuarded(child, nesting + 1);
                    }
                }
                return;
            }
            if (part.isMimeType("message/rfc822")) {
                if (nesting >= MESSAGE_NESTING_LIMIT) {
                    unchecked("attached messages nested deeper than " + MESSAGE_NESTING_LIMIT);
                    return;
                }
                Object content = part.getContent();
                if (content instanceof Part nested) {
                    part(nested, nesting + 1);
                }
                return;
            }
            if (limits.maxDepth() == 0) {
                return;
            }
            try (InputStream content = part.getInputStream()) {
                String name = label.isEmpty() ? "(unnamed part)" : label;
                content(content, name, name, 0);
            }
        }

        private void partGuarded(Part part, int nesting) {
            try {
                part(part, nesting);
            } catch (MessagingException | IOException | RuntimeException e) {
                if (e instanceof Found found) {
                    throw found;
                }
                unchecked("MIME part unreadable: " + describe(e));
            }
        }

        /**
         * Content of a leaf part or archive entry, opened when it is an archive. {@code name}: the
         * file's own name; {@code where}: the name with its containers, for the report.
         */
        void content(InputStream raw, String name, String where, int depth) {
            try {
                BufferedInputStream in = new BufferedInputStream(raw, 8192);
                Kind kind = kind(in);
                if (kind == Kind.OTHER) {
                    return;
                }
                if (depth >= limits.maxDepth()) {
                    unchecked(where + ": archives nested deeper than " + limits.maxDepth());
                    return;
                }
                switch (kind) {
                    case ZIP -> zip(in, where, depth + 1);
                    case TAR -> tar(in, where, depth + 1);
                    case GZIP -> {
                        GzipCompressorInputStream gzip = new GzipCompressorInputStream(in, true);
                        String stored = gzip.getMetaData().getFilename();
                        if (stored != null && banned.isBanned(stored)) {
                            throw new Found(Inspection.banned(stored + " in " + where));
                        }
                        compressed(gzip, stripSuffix(name, ".gz", ".tgz"), where, depth + 1);
                    }
                    case BZIP2 -> compressed(new BZip2CompressorInputStream(in, true), stripSuffix(name, ".bz2", ".tbz2"), where, depth + 1);
                    default -> {
                    }
                }
            } catch (LimitReached e) {
                unchecked(where + ": " + e.getMessage());
            } catch (IOException | RuntimeException e) {
                if (e instanceof Found found) {
                    throw found;
                }
                unchecked(where + ": damaged or unreadable archive (" + describe(e) + ")");
            }
        }

        private void zip(InputStream in, String where, int depth) throws IOException {
            ZipArchiveInputStream zip = new ZipArchiveInputStream(in, StandardCharsets.UTF_8.name(), true, true);
            for (ZipArchiveEntry entry; (entry = zip.getNextZipEntry()) != null; ) {
                String entryWhere = entry(entry, where);
                if (entry.isDirectory() || !zip.canReadEntryData(entry)) {
                    continue;
                }
                Counted data = new Counted(zip);
                content(data, entry.getName(), entryWhere, depth);
                if (entry.getGeneralPurposeBit().usesDataDescriptor()) {
                    // the reader finds this entry's end only by decompressing it: do that through the
                    // counter, so a zip bomb in such an entry stops at the expansion limit
                    data.drain();
                }
            }
        }

        private void tar(InputStream in, String where, int depth) throws IOException {
            TarArchiveInputStream tar = new TarArchiveInputStream(in);
            for (ArchiveEntry entry; (entry = tar.getNextEntry()) != null; ) {
                String entryWhere = entry(entry, where);
                if (!entry.isDirectory() && tar.canReadEntryData(entry)) {
                    content(tar, entry.getName(), entryWhere, depth);
                }
            }
        }

        private void compressed(InputStream decompressed, String innerName, String where, int depth) {
            String innerWhere = innerName + " in " + where;
            if (banned.isBanned(innerName)) {
                throw new Found(Inspection.banned(innerWhere));
            }
            content(new Counted(decompressed), innerName, innerWhere, depth);
        }

        private String entry(ArchiveEntry entry, String where) throws LimitReached {
            if (++entries > limits.maxEntries()) {
                throw new LimitReached("more than " + limits.maxEntries() + " archive entries");
            }
            String entryWhere = entry.getName() + " in " + where;
            if (banned.isBanned(entry.getName())) {
                throw new Found(Inspection.banned(entryWhere));
            }
            return entryWhere;
        }

        /** Counts decompressed bytes against the expansion limit. */
        private final class Counted extends FilterInputStream {
            Counted(InputStream in) {
                super(in);
            }

            @Override
            public int read() throws IOException {
                int b = super.read();
                if (b >= 0) {
                    count(1);
                }
                return b;
            }

            @Override
            public int read(byte[] buffer, int off, int len) throws IOException {
                int n = super.read(buffer, off, len);
                if (n > 0) {
                    count(n);
                }
                return n;
            }

            @Override
            public long skip(long n) throws IOException {
                byte[] scratch = new byte[8192];
                long skipped = 0;
                while (skipped < n) {
                    int read = read(scratch, 0, (int) Math.min(scratch.length, n - skipped));
                    if (read < 0) {
                        break;
                    }
                    skipped += read;
                }
                return skipped;
            }

            @Override
            public void close() {
                // the archive stream underneath stays open for its next entry
            }

            void drain() throws IOException {
                byte[] scratch = new byte[8192];
                while (read(scratch, 0, scratch.length) >= 0) {
                    // counted in read
                }
            }

            private void count(int n) throws LimitReached {
                expanded += n;
                if (expanded > limits.maxExpandedBytes()) {
                    throw new LimitReached("more than " + limits.maxExpandedBytes() + " bytes decompressed");
                }
            }
        }
    }

    private static Kind kind(BufferedInputStream in) throws IOException {
        in.mark(PEEK + 8);
        byte[] head = in.readNBytes(PEEK);
        in.reset();
        int n = head.length;
        if (n >= 4 && head[0] == 'P' && head[1] == 'K' && (head[2] == 3 && head[3] == 4 || head[2] == 7 && head[3] == 8)) {
            return Kind.ZIP;
        }
        if (n >= 2 && (head[0] & 0xff) == 0x1f && (head[1] & 0xff) == 0x8b) {
            return Kind.GZIP;
        }
        if (n >= 4 && head[0] == 'B' && head[1] == 'Z' && head[2] == 'h' && head[3] >= '1' && head[3] <= '9') {
            return Kind.BZIP2;
        }
        if (n >= 262 && Arrays.equals(head, 257, 262, "ustar".getBytes(StandardCharsets.US_ASCII), 0, 5)) {
            return Kind.TAR;
        }
        return Kind.OTHER;
    }

    private static String stripSuffix(String name, String... suffixes) {
        String lower = name.toLowerCase(Locale.ROOT);
        for (String suffix : suffixes) {
            if (lower.endsWith(suffix)) {
                String base = name.substring(0, name.length() - suffix.length());
                return suffix.startsWith(".t") ? base + ".tar" : base;
            }
        }
        return name;
    }

    private static String describe(Exception e) {
        String message = e.getMessage();
        return Text.forLog(e.getClass().getSimpleName() + (message == null ? "" : ": " + message), 160);
    }
}
