package org.jamesantispam.core.content;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Locale;
import java.util.Set;

/**
 * Reads a raw RFC 5322 message the way Postfix's MIME processor (cleanup's mime_state) does, and
 * tells which scope each line belongs to: logical headers of the message, of multipart body parts and
 * of attached messages, and body lines (boundaries, preambles and epilogues included). It is an
 * {@link OutputStream}: write the message into it ({@code message.writeTo(scanner)}), then
 * {@link #close()}.
 *
 * <p>Never throws on malformed input: a header block ends at the first line that is not a header; a
 * missing boundary leaves the rest as body; unterminated multiparts are closed by an outer boundary
 * or the end of the message. Memory is bounded whatever the input: one piece of a line
 * ({@link ContentLimits#lineLengthLimit()}), one header ({@link ContentLimits#headerSizeLimit()}, the
 * excess is dropped) and the boundaries of open multiparts ({@link ContentLimits#mimeNestingLimit()}).
 * Offsets given to the listener count bytes of the stream, line terminators included.
 */
final class MimeLineScanner extends OutputStream {
    /** Receives the lines. */
    interface Listener {
        /** A logical header, unfolded (line breaks removed, the whitespace kept), cut at the header size limit. */
        void header(Scope scope, byte[] text, int length, long start, long end);

        /**
         * A body line, or a piece of a long one ({@code endsLine} false but for the last piece).
         * {@code segmentOffset}: bytes of the current body segment before this piece.
         */
        void body(byte[] text, int length, long start, long end, boolean endsLine, long segmentOffset);

        /** The body of a leaf part (neither multipart nor attached message) starts. */
        void leafStart(String contentType, String transferEncoding, String charset);

        /** The current leaf part's body ends. */
        void leafEnd();

        /** Whether the listener wants no more lines: the scan stops. */
        boolean done();
    }

    /** Thrown out of {@link #write} when the listener is done, to cut short the writer. */
    static final class Stopped extends IOException {
        private static final long serialVersionUID = 1L;

        Stopped() {
            super("content scan stopped");
        }

        @Override
        public synchronized Throwable fillInStackTrace() {
            return this;
        }
    }

    private enum Block { PRIMARY, MULTIPART, NESTED }

    private record Frame(byte[] boundary, boolean digest) {
    }

    private static final Set<String> MIME_HEADERS = Set.of("content-type", "content-transfer-encoding", "content-disposition",
        "content-description", "content-id", "mime-version");
    private static final Set<String> IDENTITY_ENCODINGS = Set.of("7bit", "8bit", "binary");

    private final Listener listener;
    private final ContentLimits limits;
    private final byte[] chunk;
    private int chunkLength;
    private long chunkStart;
    private boolean chunkContinuesLine;
    private long offset;
    private boolean stopped;
    private boolean closed;
    private boolean firstLineSeen;
    private boolean firstLineBareLf;

    private boolean inHeaders = true;
    private Block block = Block.PRIMARY;
    private boolean lineIsHeader;
    private byte[] header = new byte[512];
    private int headerLength;
    private boolean inHeader;
    private long headerStart;
    private long headerEnd;

    private String blockType;
    private String blockBoundary;
    private String blockEncoding;
    private String blockCharset;
    private boolean blockInDigest;

    private final ArrayDeque<Frame> frames = new ArrayDeque<>();
    private int nesting;
    private boolean inLeaf;
    private long segmentOffset;

    MimeLineScanner(ContentLimits limits, Listener listener) {
        this.limits = limits;
        this.listener = listener;
        this.chunk = new byte[limits.lineLengthLimit()];
    }

    /** Whether the scan stopped because the listener was done. */
    boolean stopped() {
        return stopped;
    }

    /** The terminator of the message's first line: CRLF (also when unknown yet) or LF. */
    String lineSeparator() {
        return firstLineBareLf ? "\n" : "\r\n";
    }

    /** Bytes read so far. */
    long size() {
        return offset;
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] bytes, int off, int len) throws IOException {
        if (stopped) {
            throw new Stopped();
        }
        int end = off + len;
        int i = off;
        while (i < end) {
            int newline = i;
            while (newline < end && bytes[newline] != '\n') {
                newline++;
            }
            // the bytes before the line feed, in pieces of at most one chunk (a full chunk is
            // handed over only when one more byte of the line comes)
            while (i < newline) {
                if (chunkLength == chunk.length) {
                    endChunk(false);
                }
                int n = Math.min(newline - i, chunk.length - chunkLength);
                System.arraycopy(bytes, i, chunk, chunkLength, n);
                chunkLength += n;
                offset += n;
                i += n;
            }
            if (newline < end) {
                offset++;
                endChunk(true);
                i = newline + 1;
            }
        }
    }

    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        if (stopped) {
            return;
        }
        if (chunkLength > 0) {
            endChunk(true);
        }
        if (inHeaders) {
            flushHeader();
        }
        endLeaf();
    }

    private void endChunk(boolean endsLine) throws IOException {
        int length = chunkLength;
        boolean crlf = endsLine && length > 0 && chunk[length - 1] == '\r';
        if (crlf) {
            length--;
        }
        if (endsLine && !firstLineSeen) {
            firstLineSeen = true;
            firstLineBareLf = !crlf && offset > chunkStart + chunkLength;
        }
        process(length, !chunkContinuesLine, endsLine, chunkStart, offset);
        chunkLength = 0;
        chunkStart = offset;
        chunkContinuesLine = !endsLine;
        if (listener.done()) {
            stopped = true;
            throw new Stopped();
        }
    }

    private void process(int length, boolean firstPiece, boolean endsLine, long start, long end) {
        if (inHeaders) {
            if (firstPiece) {
                if (length == 0) {
                    flushHeader();
                    endOfHeaders();
                    return;
                }
                if (isBlank(chunk[0]) && inHeader) {
                    appendHeader(length);
                    headerEnd = end;
                    lineIsHeader = true;
                    return;
                }
                if (isHeaderStart(length)) {
                    flushHeader();
                    inHeader = true;
                    headerLength = 0;
                    headerStart = start;
                    appendHeader(length);
                    headerEnd = end;
                    lineIsHeader = true;
                    return;
                }
                flushHeader();
                endOfHeaders();
                lineIsHeader = false;
                if (inHeaders) {
                    process(length, true, endsLine, start, end);
                    return;
                }
            } else if (lineIsHeader) {
                appendHeader(length);
                headerEnd = end;
                return;
            }
        }
        if (firstPiece && length >= 2 && chunk[0] == '-' && chunk[1] == '-' && !frames.isEmpty()) {
            int depth = matchingFrame(length);
            if (depth >= 0) {
                boundary(depth, length, start, end, endsLine);
                return;
            }
        }
        if (!firstPiece && length == 0) {
            return;
        }
        listener.body(chunk, length, start, end, endsLine, segmentOffset);
        segmentOffset += end - start;
    }

    private void boundary(int depth, int length, long start, long end, boolean endsLine) {
        Iterator<Frame> it = frames.iterator();
        Frame frame = null;
        for (int i = 0; i <= depth; i++) {
            frame = it.next();
        }
        int after = 2 + frame.boundary().length;
        boolean closing = length >= after + 2 && chunk[after] == '-' && chunk[after + 1] == '-';
        endLeaf();
        for (int i = 0; i < depth; i++) {
            frames.pop();
        }
        listener.body(chunk, length, start, end, endsLine, 0);
        segmentOffset = 0;
        lineIsHeader = false;
        if (closing) {
            frames.pop();
            inHeaders = false;
        } else {
            inHeaders = true;
            block = Block.MULTIPART;
            resetBlock(frame.digest());
        }
    }

    private int matchingFrame(int length) {
        int depth = 0;
        for (Frame frame : frames) {
            byte[] boundary = frame.boundary();
            if (length >= 2 + boundary.length && Arrays.equals(chunk, 2, 2 + boundary.length, boundary, 0, boundary.length)) {
                return depth;
            }
            depth++;
        }
        return -1;
    }

    private void endOfHeaders() {
        String type = blockType != null ? blockType : blockInDigest ? "message/rfc822" : "text/plain";
        boolean deeper = nesting < limits.mimeNestingLimit();
        if (type.startsWith("multipart/") && blockBoundary != null && !blockBoundary.isEmpty() && deeper) {
            nesting++;
            frames.push(new Frame(blockBoundary.getBytes(StandardCharsets.ISO_8859_1), type.equals("multipart/digest")));
            inHeaders = false;
            segmentOffset = 0;
        } else if ((type.equals("message/rfc822") || type.equals("message/global"))
            && (blockEncoding == null || IDENTITY_ENCODINGS.contains(blockEncoding)) && deeper) {
            nesting++;
            inHeaders = true;
            block = Block.NESTED;
            resetBlock(false);
        } else {
            inHeaders = false;
            inLeaf = true;
            segmentOffset = 0;
            listener.leafStart(type, blockEncoding, blockCharset);
        }
    }

    private void resetBlock(boolean inDigest) {
        blockType = null;
        blockBoundary = null;
        blockEncoding = null;
        blockCharset = null;
        blockInDigest = inDigest;
        inHeader = false;
        headerLength = 0;
    }

    private void endLeaf() {
        if (inLeaf) {
            inLeaf = false;
            listener.leafEnd();
        }
    }

    private void flushHeader() {
        if (!inHeader) {
            return;
        }
        inHeader = false;
        int colon = 0;
        while (colon < headerLength && header[colon] != ':') {
            colon++;
        }
        int nameEnd = colon;
        while (nameEnd > 0 && isBlank(header[nameEnd - 1])) {
            nameEnd--;
        }
        String name = new String(header, 0, nameEnd, StandardCharsets.ISO_8859_1).toLowerCase(Locale.ROOT);
        boolean mime = MIME_HEADERS.contains(name);
        Scope scope = switch (block) {
            case PRIMARY -> mime ? Scope.MIME_HEADER : Scope.HEADER;
            case MULTIPART -> Scope.MIME_HEADER;
            case NESTED -> mime ? Scope.MIME_HEADER : Scope.NESTED_HEADER;
        };
        listener.header(scope, header, headerLength, headerStart, headerEnd);
        if (name.equals("content-type") && blockType == null && colon < headerLength) {
            MimeParameters value = MimeParameters.parse(Text.of(header, colon + 1, headerLength - colon - 1));
            blockType = value.value();
            blockBoundary = value.get("boundary").orElse(null);
            blockCharset = value.get("charset").orElse(null);
        } else if (name.equals("content-transfer-encoding") && blockEncoding == null && colon < headerLength) {
            blockEncoding = new String(header, colon + 1, headerLength - colon - 1, StandardCharsets.ISO_8859_1).strip().toLowerCase(Locale.ROOT);
        }
    }

    private void appendHeader(int length) {
        int room = limits.headerSizeLimit() - headerLength;
        int take = Math.min(room, length);
        if (take <= 0) {
            return;
        }
        if (headerLength + take > header.length) {
            header = Arrays.copyOf(header, Math.min(limits.headerSizeLimit(), Math.max(header.length * 2, headerLength + take)));
        }
        System.arraycopy(chunk, 0, header, headerLength, take);
        headerLength += take;
    }

    private boolean isHeaderStart(int length) {
        int i = 0;
        while (i < length && chunk[i] > 32 && chunk[i] < 127 && chunk[i] != ':') {
            i++;
        }
        if (i == 0) {
            return false;
        }
        while (i < length && isBlank(chunk[i])) {
            i++;
        }
        return i < length && chunk[i] == ':';
    }

    private static boolean isBlank(byte b) {
        return b == ' ' || b == '\t';
    }
}
