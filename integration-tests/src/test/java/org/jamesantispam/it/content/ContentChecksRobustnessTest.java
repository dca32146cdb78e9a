package org.jamesantispam.it.content;

import static org.apache.james.data.UsersRepositoryModuleChooser.Implementation.DEFAULT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;

import org.apache.james.GuiceJamesServer;
import org.apache.james.JamesServerExtension;
import org.apache.james.MemoryJamesConfiguration;
import org.apache.james.MemoryJamesServerMain;
import org.apache.james.server.core.configuration.Configuration.ConfigurationPath;
import org.jamesantispam.it.clients.ImapReader;
import org.jamesantispam.it.clients.SmtpClient;
import org.jamesantispam.it.clients.SmtpReply;
import org.jamesantispam.it.james.AntispamJames;
import org.jamesantispam.it.james.JamesConf;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hostile input and table reloads in a real James: a catastrophic-backtracking pattern against a
 * 1 MB header, a 50 MB message, an edited table taking effect without restart, a broken edit kept
 * out, a broken table failing startup with {@code file:line}. Time bounds are generous upper limits.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ContentChecksRobustnessTest {
    private static final String INTERNET = "127.0.0.2";
    private static final Path TABLES = createTables();

    @RegisterExtension
    static JamesServerExtension james = AntispamJames.extension(JamesConf.reference().withoutContentFilter()
        .replace("smtpserver.xml", "<maxmessagesize>10240</maxmessagesize>", "<maxmessagesize>61440</maxmessagesize>")
        .replace("smtpserver.xml", "<headerChecks>file://conf/header_checks</headerChecks>",
            "<headerChecks>" + TABLES.resolve("header_checks") + "</headerChecks>")
        .replace("smtpserver.xml", "<bodyChecks>file://conf/body_checks</bodyChecks>",
            "<bodyChecks>" + TABLES.resolve("body_checks") + "</bodyChecks>"));

    private static int smtp;
    private static int imap;
    private static LogCapture logs;

    private static Path createTables() {
        try {
            Path dir = Files.createTempDirectory("content-tables");
            Files.writeString(dir.resolve("header_checks"), "/(a+)+$/ WARN hostile\n/^X-Hostile: (x+x+)+y/ REJECT hostile header\n/first-word/ REJECT first\n");
            Files.writeString(dir.resolve("body_checks"), "/(a+)+$/ WARN hostile\n/^BODY-TAIL-MARK$/ REJECT tail seen\n/^BODY-HEAD-MARK$/ REJECT head seen\n");
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

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

    private static SmtpReply send(String message, String recipient) {
        try (SmtpClient client = SmtpClient.connect(INTERNET, smtp)) {
            return client.send("mail.example.org", "bob@example.org", message, recipient);
        }
    }

    @Test
    @Order(1)
    void oneMegabyteHeaderAgainstBacktrackingPatternsIsHandledPromptly() {
        StringBuilder header = new StringBuilder("X-Hostile: ");
        for (int i = 0; i < 1050; i++) {
            header.append("x".repeat(999)).append("\r\n ");
        }
        header.append("x\r\n");
        String message = Messages.plain("big-header", "long header", "a".repeat(900) + "!\r\n", header.toString());
        long start = System.nanoTime();
        SmtpReply reply = send(message, "postmaster@example.test");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(60));
        // the 1 MB logical header is cut at header_size_limit (102400) and has no "y": accepted
        assertThat(reply.code()).as(reply.line()).isEqualTo(250);
        try (ImapReader reader = ImapReader.login(imap, "postmaster@example.test", AntispamJames.PASSWORD)) {
            reader.awaitMessages("INBOX", 1);
        }
    }

    @Test
    @Order(2)
    void fiftyMegabyteMessageIsCheckedWithinTheLimits() throws Exception {
        // the forbidden line at the end lies past body_checks_size_limit: not seen, accepted
        assertThat(sendGenerated("BODY-MIDDLE", 50L * 1024 * 1024, "BODY-TAIL-MARK", "spamalert@example.test")).isEqualTo("250");
        // at the start it is seen: refused in the dialogue after the whole 50 MB were received
        assertThat(sendGenerated("BODY-HEAD-MARK", 50L * 1024 * 1024, "nothing", "spamalert@example.test")).isEqualTo("550 5.7.1 head seen");
        try (ImapReader reader = ImapReader.login(imap, "spamalert@example.test", AntispamJames.PASSWORD)) {
            reader.awaitMessages("INBOX", 1);
        }
    }

    /** Streams a message of about {@code size} bytes of 76-character lines over raw SMTP; returns the final reply's code and text. */
    private static String sendGenerated(String firstLine, long size, String lastLine, String recipient) throws IOException {
        try (Socket socket = new Socket()) {
            socket.bind(new InetSocketAddress(InetAddress.getByName(INTERNET), 0));
            socket.connect(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), smtp), 10_000);
            socket.setSoTimeout(120_000);
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
            OutputStream out = socket.getOutputStream();
            read(in);
            for (String command : new String[] {"EHLO mail.example.org", "MAIL FROM:<bob@example.org>", "RCPT TO:<" + recipient + ">", "DATA"}) {
                out.write((command + "\r\n").getBytes(StandardCharsets.US_ASCII));
                out.flush();
                read(in);
            }
            byte[] line = ("abcdefghij".repeat(7) + "klmnop\r\n").getBytes(StandardCharsets.US_ASCII);
            byte[] block = new byte[line.length * 1000];
            for (int i = 0; i < 1000; i++) {
                System.arraycopy(line, 0, block, i * line.length, line.length);
            }
            out.write(("From: bob@example.org\r\nSubject: big\r\nMessage-ID: <" + firstLine + "@example.org>\r\n\r\n" + firstLine + "\r\n")
                .getBytes(StandardCharsets.US_ASCII));
            for (long written = 0; written < size; written += block.length) {
                out.write(block);
            }
            out.write((lastLine + "\r\n.\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String reply = read(in);
            out.write("QUIT\r\n".getBytes(StandardCharsets.US_ASCII));
            return reply.startsWith("250") ? "250" : reply;
        }
    }

    private static String read(BufferedReader in) throws IOException {
        String line;
        do {
            line = in.readLine();
        } while (line != null && line.length() > 3 && line.charAt(3) == '-');
        return line;
    }

    @Test
    @Order(3)
    void anEditedTableTakesEffectWithoutRestartAndABrokenEditIsKeptOut() throws Exception {
        Path table = TABLES.resolve("header_checks");
        assertThat(send(Messages.plain("r1", "first-word", "x\r\n"), "alice@example.test").line()).isEqualTo("550 5.7.1 first");

        Files.writeString(table, "/second-word/ REJECT second\n");
        Files.setLastModifiedTime(table, FileTime.from(Instant.now().plusSeconds(5)));
        ImapReader.DELIVERY.until(() -> send(Messages.plain("r2", "second-word", "x\r\n"), "alice@example.test").line()
            .equals("550 5.7.1 second"));
        assertThat(send(Messages.plain("r3", "first-word", "x\r\n"), "alice@example.test").code()).isEqualTo(250);

        Files.writeString(table, "/second-word/ REJECT second\n/third-word/ REJECT third\n/(broken/ REJECT\n");
        Files.setLastModifiedTime(table, FileTime.from(Instant.now().plusSeconds(10)));
        ImapReader.DELIVERY.until(() -> {
            send(Messages.plain("r4", "second-word", "x\r\n"), "alice@example.test");
            return logs.lines().stream().anyMatch(line -> line.startsWith("ERROR content table " + table));
        });
        assertThat(logs.lines()).filteredOn(line -> line.startsWith("ERROR content table " + table)).singleElement().asString()
            .contains(table + ":3: bad pattern /(broken/: missing closing )").contains("keeping the 1 rules loaded before");
        assertThat(send(Messages.plain("r5", "second-word", "x\r\n"), "alice@example.test").line()).isEqualTo("550 5.7.1 second");
        assertThat(send(Messages.plain("r6", "third-word", "x\r\n"), "alice@example.test").code()).isEqualTo(250);
    }

    @Test
    @Order(4)
    void aBrokenTableFailsStartupWithFileAndLine(@TempDir Path workingDirectory) throws Exception {
        JamesConf.reference().withoutContentFilter().file("body_checks", "# comment\n/fine/ REJECT\n/bad(/ REJECT\n").writeTo(workingDirectory.resolve("conf"));
        MemoryJamesConfiguration configuration = MemoryJamesConfiguration.builder()
            .workingDirectory(workingDirectory.toFile())
            .configurationPath(new ConfigurationPath("file://conf/"))
            .usersRepository(DEFAULT)
            .build();
        GuiceJamesServer server = MemoryJamesServerMain.createServer(configuration);
        try {
            assertThatThrownBy(server::start).hasStackTraceContaining("/conf/body_checks:3: bad pattern /bad(/: missing closing )");
        } finally {
            try {
                server.stop();
            } catch (RuntimeException e) {
                // a server that did not start may not stop cleanly either
            }
        }
    }
}
