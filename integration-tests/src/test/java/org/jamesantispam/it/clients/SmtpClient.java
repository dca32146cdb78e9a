package org.jamesantispam.it.clients;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.InetAddress;

import org.apache.commons.net.smtp.SMTPClient;

/**
 * A real SMTP client (commons-net) that can play any client: it binds a chosen source address of
 * the loopback range (127.0.0.1 is the trusted host itself; 127.0.0.2, 127.0.0.3, ... are internet
 * clients) and sends exactly the commands given, so tests can assert each reply.
 *
 * <pre>{@code
 * try (SmtpClient smtp = SmtpClient.connect("127.0.0.2", port)) {
 *     assertThat(smtp.command("EHLO mail.example.org").code()).isEqualTo(250);
 *     assertThat(smtp.command("MAIL FROM:<bob@example.org>").code()).isEqualTo(250);
 *     assertThat(smtp.command("RCPT TO:<x@other.org>").line()).startsWith("550 5.7.1");
 * }
 * }</pre>
 */
public final class SmtpClient implements AutoCloseable {
    private final SMTPClient client;
    private final SmtpReply greeting;

    private SmtpClient(SMTPClient client) {
        this.client = client;
        this.greeting = new SmtpReply(client.getReplyCode(), client.getReplyString());
    }

    /** Connects from {@code sourceAddress} (e.g. {@code 127.0.0.2}) to 127.0.0.1:{@code port}. */
    public static SmtpClient connect(String sourceAddress, int port) {
        SMTPClient client = new SMTPClient("UTF-8");
        client.setDefaultTimeout(60_000);
        try {
            client.connect(InetAddress.getByName("127.0.0.1"), port, InetAddress.getByName(sourceAddress), 0);
            client.setSoTimeout(60_000);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot connect to SMTP 127.0.0.1:" + port + " from " + sourceAddress, e);
        }
        return new SmtpClient(client);
    }

    public SmtpReply greeting() {
        return greeting;
    }

    /** Sends one command line (without CRLF) and returns the server's reply. */
    public SmtpReply command(String line) {
        try {
            int code = client.sendCommand(line);
            return new SmtpReply(code, client.getReplyString());
        } catch (IOException e) {
            throw new UncheckedIOException("SMTP command failed: " + line, e);
        }
    }

    /**
     * DATA, then the message (line endings become CRLF and leading dots are doubled, by commons-net's
     * dot-terminated writer), then the final dot. Returns the reply to DATA when it is not 354, else
     * the reply to the end of data.
     */
    public SmtpReply data(String message) {
        try {
            Writer writer = client.sendMessageData();
            if (writer == null) {
                return new SmtpReply(client.getReplyCode(), client.getReplyString());
            }
            writer.write(message);
            writer.close();
            client.completePendingCommand();
            return new SmtpReply(client.getReplyCode(), client.getReplyString());
        } catch (IOException e) {
            throw new UncheckedIOException("SMTP DATA failed", e);
        }
    }

    /**
     * A whole transaction: EHLO, MAIL FROM, one RCPT TO per recipient, DATA. Returns the first
     * negative reply, or the reply to the end of data.
     */
    public SmtpReply send(String helo, String sender, String message, String... recipients) {
        SmtpReply reply = command("EHLO " + helo);
        if (!reply.isPositive()) {
            return reply;
        }
        reply = command("MAIL FROM:<" + sender + ">");
        if (!reply.isPositive()) {
            return reply;
        }
        for (String recipient : recipients) {
            reply = command("RCPT TO:<" + recipient + ">");
            if (!reply.isPositive()) {
                return reply;
            }
        }
        return data(message);
    }

    @Override
    public void close() {
        try {
            if (client.isConnected()) {
                client.sendCommand("QUIT");
                client.disconnect();
            }
        } catch (IOException e) {
            // the server may already have closed the connection
        }
    }
}
