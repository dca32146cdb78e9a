package org.jamesantispam.it.content;

import static org.assertj.core.api.Assertions.assertThat;
import static org.jamesantispam.it.james.AntispamJames.ALICE;
import static org.jamesantispam.it.james.AntispamJames.PASSWORD;

import java.nio.file.Files;
import java.util.List;

import org.apache.james.GuiceJamesServer;
import org.apache.james.JamesServerExtension;
import org.jamesantispam.it.clients.ImapReader;
import org.jamesantispam.it.clients.SmtpClient;
import org.jamesantispam.it.clients.SmtpReply;
import org.jamesantispam.it.james.AntispamJames;
import org.jamesantispam.it.james.JamesConf;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The guide's content checks as the reference configuration ({@code james-conf/}) wires them, in a
 * real James, over SMTP from an internet client: Postfix's replies for the guide's rules, the seven
 * banned extensions, archives, and what is not refused.
 */
class ContentChecksGuideTest {
    private static final String INTERNET = "127.0.0.2";
    private static final String REJECTED = "550 5.7.1 message content rejected";

    @RegisterExtension
    static JamesServerExtension james = AntispamJames.extension(JamesConf.reference().withoutContentFilter());

    private static int smtp;
    private static int imap;
    private static LogCapture logs;

    @BeforeAll
    static void setUp(GuiceJamesServer server) throws Exception {
        AntispamJames.addDemoUsers(server);
        smtp = AntispamJames.smtpPort(server);
        imap = AntispamJames.imapPort(server);
        logs = new LogCapture();
    }

    @AfterAll
    static void tearDown() {
        logs.close();
    }

    @BeforeEach
    void clearLogs() {
        logs.clear();
    }

    private static SmtpReply send(String message, String recipient) {
        try (SmtpClient client = SmtpClient.connect(INTERNET, smtp)) {
            return client.send("mail.example.org", "bob@example.org", message, recipient);
        }
    }

    private static int lineOf(String table, String rule) throws Exception {
        List<String> lines = Files.readAllLines(JamesConf.referenceDirectory().resolve(table));
        return lines.indexOf(rule) + 1;
    }

    @ParameterizedTest
    @ValueSource(strings = {"Make Money fast", "cheap VIAGRA here", "Marketing opportunity", "you can make money at home"})
    void eachGuideHeaderRuleGivesPostfixsReply(String subject) {
        SmtpReply reply = send(Messages.plain("guide" + subject.hashCode(), subject, "Hello\r\n"), ALICE);
        assertThat(reply.line()).isEqualTo(REJECTED);
    }

    @Test
    void eachRefusalIsLoggedWithTableLineScopeAndText() throws Exception {
        send(Messages.plain("logged", "Make Money fast", "Hello\r\n"), ALICE);
        int line = lineOf("header_checks", "/Make Money/ REJECT");
        assertThat(logs.lines()).anySatisfy(entry -> assertThat(entry)
            .startsWith("INFO content reject: ")
            .containsPattern("/conf/header_checks:" + line + " line=\"Subject: Make Money fast\" scope=header_checks ")
            .contains("client=127.0.0.2 helo=<mail.example.org> from=<bob@example.org> to=<alice@example.test>: " + REJECTED));
    }

    @ParameterizedTest
    @ValueSource(strings = {"bat", "com", "dll", "exe", "hta", "pif", "vbs"})
    void eachOfTheSevenExtensionsIsRefused(String extension) {
        SmtpReply reply = send(Messages.withAttachment("ext" + extension, "files", "tool." + extension, new byte[] {77, 90, 0, 1}), ALICE);
        assertThat(reply.line()).isEqualTo(REJECTED);
    }

    @Test
    void exeInsideZipIsRefusedByTheArchiveCheck() {
        SmtpReply reply = send(Messages.withAttachment("zip", "invoice", "invoice.zip", Messages.zip("readme.txt", "setup.exe")), ALICE);
        assertThat(reply.line()).isEqualTo("554 5.7.0 Message rejected: banned attachment setup.exe in invoice.zip");
        assertThat(logs.lines()).anyMatch(entry -> entry.startsWith("INFO banned attachment reject: setup.exe in invoice.zip"));
    }

    @Test
    void whatTheRulesDoNotCoverIsDelivered() {
        // header_checks sees only headers: the same words in the body pass (the guide gives body_checks no rules)
        assertThat(send(Messages.plain("body", "lunch", "Make Money with our Marketing, VIAGRA\r\n"), "postmaster@example.test").code()).isEqualTo(250);
        // the attachment rule is in mime_header_checks: a primary non-MIME header is not a MIME header
        assertThat(send(Messages.plain("xnote", "note", "Hi\r\n", "X-Note: name=\"tool.exe\"\r\n"), "postmaster@example.test").code()).isEqualTo(250);
        // a clean zip
        assertThat(send(Messages.withAttachment("cleanzip", "report", "report.zip", Messages.zip("report.pdf")), "postmaster@example.test").code())
            .isEqualTo(250);
        try (ImapReader reader = ImapReader.login(imap, "postmaster@example.test", PASSWORD)) {
            reader.awaitMessages("INBOX", 3);
        }
    }

    @Test
    void archiveBeyondTheLimitsIsDeliveredTaggedUnchecked() {
        String[] names = new String[1001];
        for (int i = 0; i < names.length; i++) {
            names[i] = "page" + i + ".txt";
        }
        SmtpReply reply = send(Messages.withAttachment("many", "scans", "scans.zip", Messages.zip(names)), "spamalert@example.test");
        assertThat(reply.code()).isEqualTo(250);
        try (ImapReader reader = ImapReader.login(imap, "spamalert@example.test", PASSWORD)) {
            String delivered = reader.awaitMessages("INBOX", 1).firstMessage();
            assertThat(delivered).contains("Subject: ***UNCHECKED*** scans");
        }
    }
}
