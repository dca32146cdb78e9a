package org.jamesantispam.it.hostile;

import static org.assertj.core.api.Assertions.assertThat;

import org.jamesantispam.it.clients.RawSmtpConnection;

/**
 * The hostile side of the tests: raw SMTP connections from {@value #ADDRESS} (an untrusted internet
 * client for the reference configuration) and the ordinary steps around the hostile part, each
 * with the exact reply James gives.
 */
final class HostileClient {
    static final String ADDRESS = "127.0.0.2";
    static final String GREETING = "220 mail.example.test ESMTP";
    static final String SENDER = "bob@example.org";

    private HostileClient() {
    }

    /** Connects and checks the greeting. */
    static RawSmtpConnection connect(int smtpPort) {
        RawSmtpConnection connection = RawSmtpConnection.connect(ADDRESS, smtpPort);
        assertThat(connection.readReply().line()).isEqualTo(GREETING);
        return connection;
    }

    /** The EHLO reply for {@code name}: PIPELINING, ENHANCEDSTATUSCODES, 8BITMIME, SIZE (10 MiB). */
    static String ehloReply(String name) {
        return "250-mail.example.test Hello " + name + " [" + ADDRESS + "])\r\n"
            + "250-PIPELINING\r\n"
            + "250-ENHANCEDSTATUSCODES\r\n"
            + "250-8BITMIME\r\n"
            + "250 SIZE 10485760";
    }

    /** EHLO mail.example.org, MAIL FROM bob@example.org, RCPT TO {@code recipient}, DATA: up to the 354. */
    static void startData(RawSmtpConnection connection, String recipient) {
        assertThat(connection.command("EHLO mail.example.org").text()).isEqualTo(ehloReply("mail.example.org"));
        assertThat(connection.command("MAIL FROM:<" + SENDER + ">").line()).isEqualTo("250 2.1.0 Sender <" + SENDER + "> OK");
        assertThat(connection.command("RCPT TO:<" + recipient + ">").line()).isEqualTo("250 2.1.5 Recipient <" + recipient + "> OK");
        assertThat(connection.command("DATA").line()).isEqualTo("354 Ok Send data ending with <CRLF>.<CRLF>");
    }

    /** A plain message to {@code recipient}: headers, an empty line, one line of body, CRLF line ends. */
    static String message(String recipient, String subject) {
        return "From: Bob <" + SENDER + ">\r\n"
            + "To: <" + recipient + ">\r\n"
            + "Subject: " + subject + "\r\n"
            + "Message-ID: <" + subject.replace(' ', '-') + "@example.org>\r\n"
            + "\r\n"
            + "Hello.\r\n";
    }
}
