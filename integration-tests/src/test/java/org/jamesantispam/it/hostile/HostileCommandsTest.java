package org.jamesantispam.it.hostile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.jamesantispam.it.hostile.HostileClient.SENDER;
import static org.jamesantispam.it.hostile.HostileClient.ehloReply;
import static org.jamesantispam.it.hostile.HostileClient.message;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.apache.james.GuiceJamesServer;
import org.apache.james.JamesServerExtension;
import org.jamesantispam.it.clients.RawSmtpConnection;
import org.jamesantispam.it.clients.SmtpReply;
import org.jamesantispam.it.james.AntispamJames;
import org.jamesantispam.it.james.JamesConf;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Hostile SMTP commands against James with the reference configuration ({@code james-conf/}): bad
 * and huge HELO names, bare LF line ends, NUL and 8-bit octets in commands, pipelining, a flood of
 * pipelined commands, a client that says nothing. Each case pins James' exact reply, checks that
 * an accepted message is delivered exactly once and intact, and that the next client (another
 * address) is still served.
 */
class HostileCommandsTest {
    /** James frames lines of at most this many octets, CRLF not counted. */
    private static final int LINE_LIMIT = 8192;
    private static final String LINE_TOO_LONG = "500 Line length exceeded. See RFC 2821 #4.5.3.1.";

    @RegisterExtension
    static JamesServerExtension james = AntispamJames.extension(JamesConf.reference().withoutContentFilter());

    @RegisterExtension
    JamesLog log = new JamesLog();

    private static GuiceJamesServer server;
    private static int smtp;

    @BeforeAll
    static void setUp(GuiceJamesServer jamesServer) throws Exception {
        server = jamesServer;
        AntispamJames.addDemoUsers(server);
        smtp = AntispamJames.smtpPort(server);
    }

    @Test
    void heloWithoutANameIsRefused() {
        try (RawSmtpConnection client = HostileClient.connect(smtp)) {
            assertThat(client.command("HELO").line()).isEqualTo("501 5.5.4 Domain address required: HELO");
            assertThat(client.command("EHLO").line()).isEqualTo("501 5.5.4 Domain address required: EHLO");
            assertThat(client.command("MAIL FROM:<" + SENDER + ">").line()).isEqualTo("503 5.5.0 Need HELO or EHLO before MAIL");
        }
        NextClient.assertServed(server, "helo-without-name");
    }

    static Stream<Arguments> invalidHeloNames() {
        // case, name sent, name in the replies, name in our log line
        return Stream.of(
            Arguments.of("double-dot", "bad..helo", "bad..helo", "bad..helo"),
            Arguments.of("spaces", "a b c", "a b c", "a b c"),
            Arguments.of("hyphens", "-bad-.example.org", "-bad-.example.org", "-bad-.example.org"),
            Arguments.of("300-octets", "a".repeat(300), "a".repeat(300), "a".repeat(300)),
            // The longest HELO line James frames: "HELO " + 8187 octets = 8192 octets before CRLF.
            Arguments.of("8187-octets", "a".repeat(LINE_LIMIT - 5), "a".repeat(LINE_LIMIT - 5), "a".repeat(LINE_LIMIT - 5)),
            Arguments.of("nul", "mail.exa\0mple.org", "mail.exa\0mple.org", "mail.exa?mple.org"),
            Arguments.of("bare-cr", "fake\rreject: forged log line", "fake\rreject: forged log line", "fake?reject: forged log line"),
            // Raw UTF-8 "m\u00e4il": James reads command lines as US-ASCII, each 8-bit octet becoming
            // U+FFFD, which goes out as '?' in replies.
            Arguments.of("utf-8", "m\u00c3\u00a4il.example.org", "m??il.example.org", "m\ufffd\ufffdil.example.org"));
    }

    /**
     * James accepts any HELO argument ({@code 250}); our {@code reject_invalid_helo_hostname}
     * (smtpd_delay_reject = yes) refuses the recipient with Postfix's reply, echoing the name. Our
     * log line shows control characters (NUL, a bare CR) as {@code ?}, so they cannot forge lines.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidHeloNames")
    void invalidHeloNameIsAcceptedAtHeloAndRefusedAtRcpt(String caseName, String name, String echoed, String logged) {
        try (RawSmtpConnection client = HostileClient.connect(smtp)) {
            assertThat(client.command("HELO " + name).line()).isEqualTo("250 mail.example.test Hello " + echoed + " [127.0.0.2])");
            assertThat(client.command("MAIL FROM:<" + SENDER + ">").line()).isEqualTo("250 2.1.0 Sender <" + SENDER + "> OK");
            assertThat(client.command("RCPT TO:<" + AntispamJames.ALICE + ">").line())
                .isEqualTo("501 5.5.2 <" + echoed + ">: Helo command rejected: Invalid name");
        }
        assertThat(log.messages("org.jamesantispam.smtp.SmtpdRestrictionsHook")).containsExactly("reject: RCPT from unknown[127.0.0.2]: 501 5.5.2 <"
            + logged + ">: Helo command rejected: Invalid name; from=<" + SENDER + "> to=<" + AntispamJames.ALICE + "> helo=<" + logged
            + "> check=reject_invalid_helo_hostname");
        NextClient.assertServed(server, "invalid-helo-" + caseName);
    }

    static Stream<Arguments> overlongHeloLines() {
        return Stream.of(
            Arguments.of("8193-octets", LINE_LIMIT - 4),
            Arguments.of("10-KiB", 10 * 1024),
            Arguments.of("1-MiB", 1024 * 1024));
    }

    /**
     * A command line longer than 8,192 octets is discarded whole and answered
     * {@code 500 Line length exceeded}; the session goes on (the HELO did not count) and the same
     * connection can still deliver a message.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("overlongHeloLines")
    void overlongHeloIsRefusedAndTheSessionGoesOn(String caseName, int nameLength) {
        Mailbox mailbox = Mailbox.create(server, "long-helo-" + caseName);
        String message = message(mailbox.address(), "after a long HELO");
        try (RawSmtpConnection client = HostileClient.connect(smtp)) {
            client.write(Octets.of("HELO ", Octets.repeat('a', nameLength), "\r\n"));
            assertThat(client.readReply().line()).isEqualTo(LINE_TOO_LONG);
            assertThat(client.command("MAIL FROM:<" + SENDER + ">").line()).isEqualTo("503 5.5.0 Need HELO or EHLO before MAIL");
            HostileClient.startData(client, mailbox.address());
            assertThat(client.command(message + ".").line()).isEqualTo("250 2.6.0 Message received");
        }
        assertThat(Octets.text(mailbox.awaitOnlyMessage())).endsWith(message);
        NextClient.assertServed(server, "long-helo-" + caseName);
    }

    /** Command lines may end in a bare LF (as Postfix allows); the message itself uses CRLF. */
    @Test
    void bareLfCommandLinesAreAccepted() {
        Mailbox mailbox = Mailbox.create(server, "bare-lf-commands");
        String message = message(mailbox.address(), "bare LF commands");
        try (RawSmtpConnection client = HostileClient.connect(smtp)) {
            assertThat(client.write("EHLO mail.example.org\n").readReply().text()).isEqualTo(ehloReply("mail.example.org"));
            assertThat(client.write("MAIL FROM:<" + SENDER + ">\n").readReply().line()).isEqualTo("250 2.1.0 Sender <" + SENDER + "> OK");
            assertThat(client.write("RCPT TO:<" + mailbox.address() + ">\n").readReply().line())
                .isEqualTo("250 2.1.5 Recipient <" + mailbox.address() + "> OK");
            assertThat(client.write("DATA\n").readReply().line()).isEqualTo("354 Ok Send data ending with <CRLF>.<CRLF>");
            assertThat(client.write(message + ".\r\n").readReply().line()).isEqualTo("250 2.6.0 Message received");
            assertThat(client.write("QUIT\n").readReply().line()).isEqualTo("221 2.0.0 mail.example.test Service closing transmission channel");
        }
        assertThat(Octets.text(mailbox.awaitOnlyMessage())).endsWith(message);
        NextClient.assertServed(server, "bare-lf-commands");
    }

    /**
     * NUL octets in commands: addresses containing NUL are refused as syntax errors; a NUL at the end
     * of an address is trimmed away by James (the recipient is accepted without it); unknown commands
     * are echoed back NUL included.
     */
    @Test
    void nulInCommandsGetsDefinedReplies() {
        Mailbox mailbox = Mailbox.create(server, "nul-commands");
        String message = message(mailbox.address(), "NUL in commands");
        try (RawSmtpConnection client = HostileClient.connect(smtp)) {
            assertThat(client.command("EHLO mail.example.org").text()).isEqualTo(ehloReply("mail.example.org"));
            assertThat(client.command("MAIL FROM:<bob@exa\0mple.org>").line()).isEqualTo("501 5.1.7 Syntax error in sender address");
            assertThat(client.command("MAIL FROM:<" + SENDER + ">").line()).isEqualTo("250 2.1.0 Sender <" + SENDER + "> OK");
            assertThat(client.command("RCPT TO:<nul\0-commands@example.test>").line()).isEqualTo("553 5.1.3 Syntax error in recipient address");
            assertThat(client.command("RCPT TO:<" + mailbox.address() + "\0>").line())
                .isEqualTo("250 2.1.5 Recipient <" + mailbox.address() + "> OK");
            assertThat(client.command("NO\0OP").line()).isEqualTo("500 5.5.1 Command NO\0OP unrecognized.");
            assertThat(client.command("\0").line()).isEqualTo("500 5.5.1 Command  unrecognized.");
            assertThat(client.command("DATA").line()).isEqualTo("354 Ok Send data ending with <CRLF>.<CRLF>");
            assertThat(client.command(message + ".").line()).isEqualTo("250 2.6.0 Message received");
        }
        assertThat(Octets.text(mailbox.awaitOnlyMessage())).endsWith(message);
        NextClient.assertServed(server, "nul-commands");
    }

    /** SMTPUTF8 is not offered: 8-bit octets in envelope addresses are syntax errors. */
    @Test
    void eightBitAddressesAreRefused() {
        try (RawSmtpConnection client = HostileClient.connect(smtp)) {
            assertThat(client.command("EHLO mail.example.org").text()).isEqualTo(ehloReply("mail.example.org"));
            // b\u00f8b, once as UTF-8 (two octets), once as ISO-8859-1 (one octet)
            assertThat(client.command("MAIL FROM:<b\u00c3\u00b8b@example.org>").line()).isEqualTo("501 5.1.7 Syntax error in sender address");
            assertThat(client.command("MAIL FROM:<b\u00f8b@example.org>").line()).isEqualTo("501 5.1.7 Syntax error in sender address");
            assertThat(client.command("MAIL FROM:<" + SENDER + ">").line()).isEqualTo("250 2.1.0 Sender <" + SENDER + "> OK");
            assertThat(client.command("RCPT TO:<\u00c3\u00a4lice@example.test>").line()).isEqualTo("553 5.1.3 Syntax error in recipient address");
            assertThat(client.command("RCPT TO:<\u00e4lice@example.test>").line()).isEqualTo("553 5.1.3 Syntax error in recipient address");
        }
        NextClient.assertServed(server, "eight-bit-addresses");
    }

    /** EHLO offers PIPELINING; MAIL, RCPT, RCPT, DATA in one write are answered in order. */
    @Test
    void pipelinedCommandsAreAnsweredInOrder() {
        Mailbox first = Mailbox.create(server, "pipelined-1");
        Mailbox second = Mailbox.create(server, "pipelined-2");
        String message = message(first.address(), "pipelined");
        try (RawSmtpConnection client = HostileClient.connect(smtp)) {
            assertThat(client.command("EHLO mail.example.org").text()).contains("250-PIPELINING");
            client.write("MAIL FROM:<" + SENDER + ">\r\n"
                + "RCPT TO:<" + first.address() + ">\r\n"
                + "RCPT TO:<" + second.address() + ">\r\n"
                + "DATA\r\n");
            assertThat(client.readReplies(4)).extracting(SmtpReply::line).containsExactly(
                "250 2.1.0 Sender <" + SENDER + "> OK",
                "250 2.1.5 Recipient <" + first.address() + "> OK",
                "250 2.1.5 Recipient <" + second.address() + "> OK",
                "354 Ok Send data ending with <CRLF>.<CRLF>");
            client.write(message + ".\r\nQUIT\r\n");
            assertThat(client.readReplies(2)).extracting(SmtpReply::line).containsExactly(
                "250 2.6.0 Message received",
                "221 2.0.0 mail.example.test Service closing transmission channel");
        }
        assertThat(Octets.text(first.awaitOnlyMessage())).endsWith(message);
        assertThat(Octets.text(second.awaitOnlyMessage())).endsWith(message);
        NextClient.assertServed(server, "pipelined");
    }

    /**
     * A client that does not wait for anything (RFC 2920 wants it to wait for 354): the whole
     * session, message included, in one write. James reads it in order and delivers once.
     */
    @Test
    void wholeSessionInOneWriteIsAnsweredInOrder() {
        Mailbox mailbox = Mailbox.create(server, "one-write");
        String message = message(mailbox.address(), "one write");
        try (RawSmtpConnection client = HostileClient.connect(smtp)) {
            client.write("EHLO mail.example.org\r\n"
                + "MAIL FROM:<" + SENDER + ">\r\n"
                + "RCPT TO:<" + mailbox.address() + ">\r\n"
                + "DATA\r\n"
                + message + ".\r\n"
                + "QUIT\r\n");
            List<SmtpReply> replies = client.readReplies(6);
            assertThat(replies.get(0).text()).isEqualTo(ehloReply("mail.example.org"));
            assertThat(replies.subList(1, 6)).extracting(SmtpReply::line).containsExactly(
                "250 2.1.0 Sender <" + SENDER + "> OK",
                "250 2.1.5 Recipient <" + mailbox.address() + "> OK",
                "354 Ok Send data ending with <CRLF>.<CRLF>",
                "250 2.6.0 Message received",
                "221 2.0.0 mail.example.test Service closing transmission channel");
        }
        assertThat(Octets.text(mailbox.awaitOnlyMessage())).endsWith(message);
        NextClient.assertServed(server, "one-write");
    }

    /**
     * Pipelined, every recipient refused, content sent without waiting for 354: DATA is refused and
     * each content line is answered as a (bad) command. Nothing is delivered.
     */
    @Test
    void contentAfterARefusedDataIsAnsweredAsCommands() {
        Mailbox mailbox = Mailbox.create(server, "refused-data");
        try (RawSmtpConnection client = HostileClient.connect(smtp)) {
            assertThat(client.command("EHLO mail.example.org").text()).isEqualTo(ehloReply("mail.example.org"));
            client.write("MAIL FROM:<" + SENDER + ">\r\n"
                + "RCPT TO:<nosuchuser@example.test>\r\n"
                + "RCPT TO:<victim@other.test>\r\n"
                + "DATA\r\n"
                + "Subject: never delivered\r\n"
                + "\r\n"
                + "To " + mailbox.address() + "\r\n"
                + ".\r\n"
                + "NOOP\r\n");
            assertThat(client.readReplies(9)).extracting(SmtpReply::line).containsExactly(
                "250 2.1.0 Sender <" + SENDER + "> OK",
                "550 5.1.1 Unknown user: nosuchuser@example.test",
                "554 5.7.1 <victim@other.test>: Relay access denied",
                "503 5.5.0 No recipients specified",
                "500 5.5.1 Command SUBJECT: unrecognized.",
                "500 5.5.1 Command  unrecognized.",
                "500 5.5.1 Command TO unrecognized.",
                "500 5.5.1 Command . unrecognized.",
                "250 2.0.0 OK");
        }
        NextClient.assertServed(server, "refused-data");
        mailbox.assertEmpty();
    }

    /**
     * STARTTLS is not offered by the reference listener. Without our {@code StartTlsScanConnectHook}
     * James 3.8.1 treats a pipelined STARTTLS (and any command after a lone one) as an injection
     * attempt: {@code 451 Unable to process request}, connection closed, stack trace in the log.
     */
    @Test
    void startTlsWithoutTlsGetsOrdinaryReplies() {
        try (RawSmtpConnection client = HostileClient.connect(smtp)) {
            assertThat(client.command("EHLO mail.example.org").text()).isEqualTo(ehloReply("mail.example.org"));
            client.write("NOOP\r\nSTARTTLS\r\nNOOP\r\n");
            assertThat(client.readReplies(3)).extracting(SmtpReply::line).containsExactly(
                "250 2.0.0 OK", "500 5.5.1 Command STARTTLS unrecognized.", "250 2.0.0 OK");
            assertThat(client.command("STARTTLS").line()).isEqualTo("500 5.5.1 Command STARTTLS unrecognized.");
            assertThat(client.command("NOOP").line()).isEqualTo("250 2.0.0 OK");
        }
        NextClient.assertServed(server, "starttls");
    }

    /**
     * One MiB of pipelined NOOPs (174,762 commands in one write) is answered, in order, in linear
     * time. James 3.8.1 alone re-scans the receive buffer for STARTTLS at every line: about 150 s of
     * CPU for this input here, about 5 s with our {@code StartTlsScanConnectHook}. The bound is
     * generous; it fails only on the quadratic behaviour.
     */
    @Test
    void floodOfPipelinedCommandsIsAnsweredInLinearTime() throws Exception {
        byte[] noop = Octets.of("NOOP\r\n");
        int commands = 1024 * 1024 / noop.length;
        try (RawSmtpConnection client = HostileClient.connect(smtp)) {
            assertThat(client.command("EHLO mail.example.org").text()).isEqualTo(ehloReply("mail.example.org"));
            CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> client.write(new RepeatedLines(noop, commands)));
            CompletableFuture<Long> answered = CompletableFuture.supplyAsync(() -> {
                long ok = 0;
                for (int i = 0; i < commands; i++) {
                    if (client.readReply().line().equals("250 2.0.0 OK")) {
                        ok++;
                    }
                }
                return ok;
            });
            assertThat(answered.get(60, TimeUnit.SECONDS)).isEqualTo(commands);
            writer.get(10, TimeUnit.SECONDS);
            assertThat(client.command("QUIT").line()).isEqualTo("221 2.0.0 mail.example.test Service closing transmission channel");
        }
        NextClient.assertServed(server, "noop-flood");
    }

    /**
     * A client that connects and says nothing gets the greeting and nothing else; it keeps its
     * connection (until {@code <connectiontimeout>}, 360 s; see {@code IdleClientTest}) and does not
     * hold up other clients.
     */
    @Test
    void silentClientDoesNotHoldUpOthers() {
        try (RawSmtpConnection silent = HostileClient.connect(smtp)) {
            assertThat(silent.silentFor(Duration.ofSeconds(2))).isTrue();
            NextClient.assertServed(server, "silent-client");
            assertThat(silent.silentFor(Duration.ofSeconds(1))).isTrue();
            assertThat(silent.command("NOOP").line()).isEqualTo("250 2.0.0 OK");
        }
    }

    /** A client that vanishes in the middle of a command line leaves nothing behind. */
    @Test
    void clientVanishingMidCommandLeavesNothingBehind() {
        try (RawSmtpConnection client = HostileClient.connect(smtp)) {
            assertThat(client.command("EHLO mail.example.org").text()).isEqualTo(ehloReply("mail.example.org"));
            client.write("MAIL FROM:<bob@exam");
            client.abort();
        }
        NextClient.assertServed(server, "vanished-mid-command");
    }
}
