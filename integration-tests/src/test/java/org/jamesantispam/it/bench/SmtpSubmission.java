package org.jamesantispam.it.bench;

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
 * One SMTP transaction of the benchmark on its own connection, as an internet MTA delivers a
 * message: connect from {@code sourceAddress}, EHLO, MAIL FROM (the message's envelope senders in
 * turn until one is accepted), RCPT TO, DATA, QUIT. Returns how it ended and, when the message was
 * accepted, the instant of James' 250 reply to the end of DATA ({@link System#currentTimeMillis()}).
 */
public final class SmtpSubmission {
    /** How a submission ended: accepted (250 at the end of DATA), refused (5xx), deferred (4xx) or failed (I/O). */
    public enum Outcome { ACCEPTED, REFUSED, DEFERRED, FAILED }

    /** The dialogue's steps whose reply times {@link Result#stepNanos()} holds, in order. */
    public static final List<String> STEPS = List.of("connect+greeting", "EHLO", "MAIL", "RCPT", "DATA", "message+reply");

    /** How it ended; for an accepted message also the time each of {@link #STEPS} took (ns). */
    public record Result(Outcome outcome, long acceptedAtMillis, String detail, long[] stepNanos) {
    }

    private SmtpSubmission() {
    }

    public static Result send(String sourceAddress, int port, String recipient, CorpusMessage message) {
        long[] steps = new long[STEPS.size()];
        long t = System.nanoTime();
        try (Socket socket = new Socket(InetAddress.getByName("127.0.0.1"), port, InetAddress.getByName(sourceAddress), 0)) {
            socket.setSoTimeout(300_000);
            socket.setTcpNoDelay(true);
            InputStream in = new BufferedInputStream(socket.getInputStream());
            OutputStream out = new BufferedOutputStream(socket.getOutputStream(), 65536);
            String reply = reply(in);
            t = lap(steps, 0, t);
            if (!reply.startsWith("2")) {
                return ended(reply, "greeting");
            }
            reply = command(in, out, "EHLO mail.example.org");
            t = lap(steps, 1, t);
            if (!reply.startsWith("2")) {
                return ended(reply, "EHLO");
            }
            for (String sender : message.envelopeSenders()) {
                reply = command(in, out, "MAIL FROM:<" + sender + ">");
                if (reply.startsWith("2")) {
                    break;
                }
            }
            t = lap(steps, 2, t);
            if (!reply.startsWith("2")) {
                return ended(reply, "MAIL FROM");
            }
            reply = command(in, out, "RCPT TO:<" + recipient + ">");
            t = lap(steps, 3, t);
            if (!reply.startsWith("2")) {
                return ended(reply, "RCPT TO");
            }
            reply = command(in, out, "DATA");
            t = lap(steps, 4, t);
            if (!reply.startsWith("3")) {
                return ended(reply, "DATA");
            }
            out.write(message.smtpData());
            out.write(".\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            reply = reply(in);
            long acceptedAt = System.currentTimeMillis();
            lap(steps, 5, t);
            out.write("QUIT\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            return reply.startsWith("250") ? new Result(Outcome.ACCEPTED, acceptedAt, "", steps) : ended(reply, "end of DATA");
        } catch (IOException e) {
            return new Result(Outcome.FAILED, 0, e.toString(), steps);
        }
    }

    private static long lap(long[] steps, int step, long since) {
        long now = System.nanoTime();
        steps[step] = now - since;
        return now;
    }

    private static Result ended(String reply, String step) {
        Outcome outcome = reply.startsWith("4") ? Outcome.DEFERRED : reply.startsWith("5") ? Outcome.REFUSED : Outcome.FAILED;
        return new Result(outcome, 0, step + " -> " + reply.strip(), new long[STEPS.size()]);
    }

    private static String command(InputStream in, OutputStream out, String command) throws IOException {
        out.write((command + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
        return reply(in);
    }

    /** A whole (possibly multi-line) reply; empty when the server closed the connection. */
    private static String reply(InputStream in) throws IOException {
        StringBuilder reply = new StringBuilder();
        while (true) {
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            int b;
            while ((b = in.read()) >= 0 && b != '\n') {
                line.write(b);
            }
            String text = line.toString(StandardCharsets.US_ASCII);
            reply.append(text).append('\n');
            if (b < 0 || text.length() < 4 || text.charAt(3) != '-') {
                return reply.toString();
            }
        }
    }
}
