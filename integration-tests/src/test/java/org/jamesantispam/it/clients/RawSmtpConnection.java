package org.jamesantispam.it.clients;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * An SMTP client that sends exactly the bytes it is given (bare LF, NUL, 8-bit, several commands in
 * one write, megabytes in one line) and reads the server's replies one by one, multi-line replies
 * included. Nothing is added, escaped or converted: {@link #line(String)} is the only method that
 * appends CRLF. Strings are written as ISO-8859-1, one byte per character (U+0000 to U+00FF);
 * anything else must be given as bytes.
 *
 * <pre>{@code
 * try (RawSmtpConnection smtp = RawSmtpConnection.connect("127.0.0.2", port)) {
 *     assertThat(smtp.readReply().code()).isEqualTo(220);
 *     smtp.write("EHLO mail.example.org\n");              // bare LF
 *     assertThat(smtp.readReply().code()).isEqualTo(250);
 *     smtp.write("MAIL FROM:<a@b.org>\r\nRCPT TO:<c@d.org>\r\n");  // pipelined
 *     List<SmtpReply> replies = smtp.readReplies(2);
 * }
 * }</pre>
 */
public final class RawSmtpConnection implements AutoCloseable {
    /** A reply line longer than this is a broken server, not a reply. */
    private static final int MAX_REPLY_LINE = 64 * 1024;
    private static final Duration DEFAULT_READ_TIMEOUT = Duration.ofSeconds(60);

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    private RawSmtpConnection(Socket socket) throws IOException {
        this.socket = socket;
        this.in = new BufferedInputStream(socket.getInputStream());
        this.out = socket.getOutputStream();
    }

    /** Connects from {@code sourceAddress} (e.g. {@code 127.0.0.2}) to 127.0.0.1:{@code port}; reads nothing. */
    public static RawSmtpConnection connect(String sourceAddress, int port) {
        Socket socket = new Socket();
        try {
            socket.bind(new InetSocketAddress(InetAddress.getByName(sourceAddress), 0));
            socket.connect(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), port), 10_000);
            socket.setSoTimeout((int) DEFAULT_READ_TIMEOUT.toMillis());
            return new RawSmtpConnection(socket);
        } catch (IOException e) {
            closeQuietly(socket);
            throw new UncheckedIOException("cannot connect to SMTP 127.0.0.1:" + port + " from " + sourceAddress, e);
        }
    }

    /** Writes {@code bytes} exactly, in one write, and flushes. */
    public RawSmtpConnection write(byte[] bytes) {
        try {
            out.write(bytes);
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("SMTP write failed", e);
        }
        return this;
    }

    /** Writes {@code text} exactly (ISO-8859-1: one byte per character), in one write. */
    public RawSmtpConnection write(String text) {
        return write(octets(text));
    }

    /** Writes {@code text} followed by CRLF. */
    public RawSmtpConnection line(String text) {
        return write(text + "\r\n");
    }

    /** Writes everything {@code source} holds, as it comes, without buffering it whole; closes it. */
    public RawSmtpConnection write(InputStream source) {
        try (source) {
            source.transferTo(out);
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("SMTP write failed", e);
        }
        return this;
    }

    /** Writes {@code line} plus CRLF and reads the reply. */
    public SmtpReply command(String line) {
        line(line);
        return readReply();
    }

    /**
     * Reads one reply: its lines {@code NNN-text} up to the last {@code NNN text}. Fails when the
     * server closes the connection first ({@link EOFException}) or sends something that is not a reply.
     */
    public SmtpReply readReply() {
        List<String> lines = new ArrayList<>();
        while (true) {
            String line = readLine();
            if (line.length() < 3 || !isCode(line.substring(0, 3)) || (line.length() > 3 && line.charAt(3) != ' ' && line.charAt(3) != '-')) {
                throw new IllegalStateException("not an SMTP reply line: " + abbreviate(line) + " (after " + lines + ")");
            }
            lines.add(line);
            if (line.length() == 3 || line.charAt(3) == ' ') {
                return new SmtpReply(Integer.parseInt(line.substring(0, 3)), String.join("\r\n", lines));
            }
        }
    }

    /** Reads {@code count} replies, in order (the answers to pipelined commands). */
    public List<SmtpReply> readReplies(int count) {
        List<SmtpReply> replies = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            replies.add(readReply());
        }
        return replies;
    }

    /**
     * Waits up to {@code within} for the server to close the connection. True when it did; false when
     * it is still open after that time. Fails if the server sends anything meanwhile.
     */
    public boolean closedByServer(Duration within) {
        try {
            socket.setSoTimeout((int) within.toMillis());
            int next = in.read();
            if (next >= 0) {
                throw new IllegalStateException("server sent data instead of closing: " + abbreviate((char) next + readLine()));
            }
            return true;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            // a reset is a close too
            return true;
        } finally {
            restoreTimeout();
        }
    }

    /** Whether the server sent nothing (neither a reply nor a close) during {@code quietTime}. */
    public boolean silentFor(Duration quietTime) {
        try {
            socket.setSoTimeout((int) quietTime.toMillis());
            in.mark(1);
            int next = in.read();
            if (next >= 0) {
                in.reset();
            }
            return false;
        } catch (SocketTimeoutException e) {
            return true;
        } catch (IOException e) {
            return false;
        } finally {
            restoreTimeout();
        }
    }

    /** Closes the socket at once, as a client that vanishes: no QUIT. */
    public void abort() {
        closeQuietly(socket);
    }

    /** Sends QUIT if the connection is still usable (ignoring the reply), then closes. */
    @Override
    public void close() {
        if (!socket.isClosed()) {
            try {
                out.write(octets("QUIT\r\n"));
                out.flush();
            } catch (IOException e) {
                // the server may already have closed the connection
            }
        }
        closeQuietly(socket);
    }

    private String readLine() {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        try {
            while (true) {
                int next = in.read();
                if (next < 0) {
                    throw new UncheckedIOException(new EOFException("server closed the connection"
                        + (line.size() > 0 ? " after " + abbreviate(line.toString(StandardCharsets.ISO_8859_1)) : "")));
                }
                if (next == '\n') {
                    String text = line.toString(StandardCharsets.ISO_8859_1);
                    return text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
                }
                if (line.size() >= MAX_REPLY_LINE) {
                    throw new IllegalStateException("reply line longer than " + MAX_REPLY_LINE + " bytes");
                }
                line.write(next);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("SMTP read failed", e);
        }
    }

    private void restoreTimeout() {
        try {
            socket.setSoTimeout((int) DEFAULT_READ_TIMEOUT.toMillis());
        } catch (IOException e) {
            // the socket is gone; the next read says so
        }
    }

    private static boolean isCode(String text) {
        return text.chars().allMatch(c -> c >= '0' && c <= '9');
    }

    /** {@code text} as ISO-8859-1 octets; fails on characters above U+00FF instead of writing '?'. */
    public static byte[] octets(String text) {
        byte[] bytes = new byte[text.length()];
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c > 0xFF) {
                throw new IllegalArgumentException("character U+" + Integer.toHexString(c) + " at " + i + " is not one octet; pass bytes");
            }
            bytes[i] = (byte) c;
        }
        return bytes;
    }

    private static String abbreviate(String text) {
        return text.length() <= 200 ? text : text.substring(0, 200) + "... (" + text.length() + " chars)";
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // nothing left to do
        }
    }
}
