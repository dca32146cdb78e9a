package org.jamesantispam.it.corpus;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * One SMTP transaction with a corpus message's octets as they are ({@link CorpusMessage#smtpData()}),
 * on its own connection, as an internet MTA delivers it: connect from the loopback address
 * {@code source}, EHLO, MAIL FROM with each envelope sender in turn until one is accepted, RCPT TO,
 * DATA, the data and its dot, QUIT. Shared by the benchmark (which reads the time of each step and
 * the instant of the final 250) and the soak tests (which account for every message).
 * <p>
 * James answers a data line over 8,192 octets at once, mid-data, with {@value #LINE_TOO_LONG}, drops
 * that line and goes on (README, Reliability: hostile input): such early replies are counted in
 * {@link Result#droppedLines()} and the answer to the dot is read after them.
 */
public final class SmtpSubmission {
    /** The start of James' early reply to an over-long data line. */
    public static final String LINE_TOO_LONG = "500 Line length exceeded";

    /** The dialogue's steps whose reply times {@link Result#stepNanos()} holds, in order. */
    public static final List<String> STEPS = List.of("connect+greeting", "EHLO", "MAIL", "RCPT", "DATA", "message+reply");

    /** How a submission ended: accepted (250 at the end of DATA), refused (5xx), deferred (4xx) or failed (I/O, no reply). */
    public enum Outcome { ACCEPTED, REFUSED, DEFERRED, FAILED }

    /**
     * How the transaction ended: the command whose reply ended it ({@code (greeting)}, {@code EHLO},
     * {@code MAIL}, {@code RCPT}, {@code DATA}, {@code .} for the end of data, {@code (I/O)} when the
     * connection failed), that reply (lines joined by LF; the exception for {@code (I/O)}), how many
     * data lines James refused as over-long (and dropped) before it, the instant of the reply to the
     * dot ({@link System#currentTimeMillis()}, 0 when not reached) and the time each of
     * {@link #STEPS} took (ns, 0 for the steps not reached).
     */
    public record Result(String command, String reply, int droppedLines, long acceptedAtMillis, long[] stepNanos) {
        /** A transaction that ended with an I/O failure. */
        public static Result failed(IOException e) {
            return new Result("(I/O)", e.toString(), 0, 0, new long[STEPS.size()]);
        }

        /** James owns the message: 250 to the end of data. */
        public boolean accepted() {
            return command.equals(".") && reply.startsWith("250");
        }

        public Outcome outcome() {
            if (accepted()) {
                return Outcome.ACCEPTED;
            }
            if (command.equals("(I/O)")) {
                return Outcome.FAILED;
            }
            return reply.startsWith("4") ? Outcome.DEFERRED : reply.startsWith("5") ? Outcome.REFUSED : Outcome.FAILED;
        }

        /** The reply's three-digit code (the whole reply when shorter). */
        public String code() {
            return reply.length() >= 3 ? reply.substring(0, 3) : reply;
        }

        /** Empty when accepted, else the command and its reply, for a report. */
        public String detail() {
            return accepted() ? "" : (command.equals(".") ? "end of DATA" : command) + " -> " + reply.strip();
        }
    }

    private SmtpSubmission() {
    }

    /** Submits {@code message} to {@code recipient}; an I/O failure is thrown (see {@link Result#failed}). */
    public static Result send(String source, int port, String recipient, CorpusMessage message) throws IOException {
        long[] steps = new long[STEPS.size()];
        long t = System.nanoTime();
        try (Socket socket = new Socket(InetAddress.getByName("127.0.0.1"), port, InetAddress.getByName(source), 0)) {
            socket.setSoTimeout(300_000);
            socket.setTcpNoDelay(true);
            InputStream in = new BufferedInputStream(socket.getInputStream());
            OutputStream out = new BufferedOutputStream(socket.getOutputStream(), 65536);
            String reply = reply(in);
            t = lap(steps, 0, t);
            if (!reply.startsWith("2")) {
                return ended("(greeting)", reply, steps);
            }
            reply = command(in, out, "EHLO mail.example.org");
            t = lap(steps, 1, t);
            if (!reply.startsWith("2")) {
                return ended("EHLO", reply, steps);
            }
            for (String sender : message.envelopeSenders()) {
                reply = command(in, out, "MAIL FROM:<" + sender + ">");
                if (reply.startsWith("2")) {
                    break;
                }
            }
            t = lap(steps, 2, t);
            if (!reply.startsWith("2")) {
                return ended("MAIL", reply, steps);
            }
            reply = command(in, out, "RCPT TO:<" + recipient + ">");
            t = lap(steps, 3, t);
            if (!reply.startsWith("2")) {
                return ended("RCPT", reply, steps);
            }
            reply = command(in, out, "DATA");
            t = lap(steps, 4, t);
            if (!reply.startsWith("3")) {
                return ended("DATA", reply, steps);
            }
            out.write(message.smtpData());
            out.write(".\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            reply = reply(in);
            int droppedLines = 0;
            while (reply.startsWith(LINE_TOO_LONG)) {
                // an over-long data line was dropped mid-data: the answer to the dot comes next
                droppedLines++;
                reply = reply(in);
            }
            long acceptedAt = System.currentTimeMillis();
            lap(steps, 5, t);
            out.write("QUIT\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            return new Result(".", reply, droppedLines, acceptedAt, steps);
        }
    }

    private static long lap(long[] steps, int step, long since) {
        long now = System.nanoTime();
        steps[step] = now - since;
        return now;
    }

    private static Result ended(String command, String reply, long[] steps) {
        return new Result(command, reply, 0, 0, steps);
    }

    private static String command(InputStream in, OutputStream out, String command) throws IOException {
        out.write((command + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
        return reply(in);
    }

    /** A whole (possibly multi-line) reply, its lines joined by LF, CRs removed; empty when the server closed the connection. */
    private static String reply(InputStream in) throws IOException {
        StringBuilder reply = new StringBuilder();
        while (true) {
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            int b;
            while ((b = in.read()) >= 0 && b != '\n') {
                if (b != '\r') {
                    line.write(b);
                }
            }
            String text = line.toString(StandardCharsets.US_ASCII);
            reply.append(text);
            if (b < 0 || text.length() < 4 || text.charAt(3) != '-') {
                return reply.toString();
            }
            reply.append('\n');
        }
    }
}
