package org.jamesantispam.it.soak;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * One SMTP transaction with a corpus message's octets as they are, from a chosen loopback source
 * address: EHLO, MAIL FROM with each envelope sender until one is accepted, RCPT TO, DATA. The
 * outcome is the last reply: {@code 250} at the end of data means accepted (James owns the message),
 * anything else means refused (the client keeps it; James must not deliver it).
 */
final class SmtpSubmission {
    static final String LINE_TOO_LONG = "500 Line length exceeded";

    /**
     * The reply that ended the transaction, the command it answered, and how many data lines James
     * refused as over-long (and dropped) before it.
     */
    record Outcome(String command, String reply, int droppedLines) {
        Outcome(String command, String reply) {
            this(command, reply, 0);
        }

        boolean accepted() {
            return command.equals(".") && reply.startsWith("250");
        }

        String code() {
            return reply.length() >= 3 ? reply.substring(0, 3) : reply;
        }
    }

    private SmtpSubmission() {
    }

    static Outcome send(String source, int port, CorpusMessage message, String recipient) throws IOException {
        try (Socket socket = new Socket(InetAddress.getByName("127.0.0.1"), port, InetAddress.getByName(source), 0)) {
            socket.setSoTimeout(300_000);
            InputStream in = socket.getInputStream();
            OutputStream out = socket.getOutputStream();
            String greeting = reply(in);
            if (!greeting.startsWith("2")) {
                return new Outcome("(greeting)", greeting);
            }
            String ehlo = command(in, out, "EHLO mail.example.org");
            if (!ehlo.startsWith("2")) {
                return new Outcome("EHLO", ehlo);
            }
            String mail = "";
            for (String sender : message.envelopeSenders()) {
                mail = command(in, out, "MAIL FROM:<" + sender + ">");
                if (mail.startsWith("2")) {
                    break;
                }
            }
            if (!mail.startsWith("2")) {
                return new Outcome("MAIL", mail);
            }
            for (String command : List.of("RCPT TO:<" + recipient + ">", "DATA")) {
                String reply = command(in, out, command);
                if (!reply.startsWith("2") && !reply.startsWith("3")) {
                    return new Outcome(command.split(" ")[0], reply);
                }
            }
            out.write(message.smtpData());
            out.write(".\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String end = reply(in);
            int droppedLines = 0;
            while (end.startsWith(LINE_TOO_LONG)) {
                // James answers a data line over 8,192 octets at once, mid-data, drops that line and
                // goes on (README, Reliability: hostile input): the answer to the dot comes next.
                droppedLines++;
                end = reply(in);
            }
            out.write("QUIT\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            return new Outcome(".", end, droppedLines);
        }
    }

    private static String command(InputStream in, OutputStream out, String command) throws IOException {
        out.write((command + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
        return reply(in);
    }

    /** A whole (possibly multi-line) reply, its lines joined by LF. */
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
