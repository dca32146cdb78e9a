package org.jamesantispam.it.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.jamesantispam.it.james.AntispamJames.ALICE;
import static org.jamesantispam.it.james.AntispamJames.PASSWORD;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.james.GuiceJamesServer;
import org.apache.james.JamesServerExtension;
import org.apache.james.utils.DataProbeImpl;
import org.jamesantispam.it.clients.ImapReader;
import org.jamesantispam.it.clients.SmtpClient;
import org.jamesantispam.it.clients.SmtpReply;
import org.jamesantispam.it.clients.WebAdminClient;
import org.jamesantispam.it.james.AntispamJames;
import org.jamesantispam.it.james.JamesConf;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code IsRefusedByAccessTable} in a real James: Postfix access tables placed next to James'
 * configuration ({@code file://conf/...}), wired in {@code mailetcontainer.xml}, decide where
 * accepted mail goes. An internet client is 127.0.0.2; 127.0.0.1 is the trusted gateway host.
 */
class AccessTableMatcherTest {
    private static final String INTERNET = "127.0.0.2";
    private static final String TRUSTED = "127.0.0.1";
    private static final String SPAMALERT = "spamalert@example.test";
    private static final String QUARANTINE = "spam-quarantine@example.test";
    private static final String POSTMASTER = "postmaster@example.test";
    private static final String FRANK = "frank@example.test";
    private static final String ROOT_TO_TRANSPORT = "            <mailet match=\"All\" class=\"ToProcessor\">\n"
        + "                <processor>transport</processor>\n"
        + "            </mailet>";

    /** A table outside James' folders, by absolute path, edited while James runs. */
    private static final Path CLIENT_TABLE = clientTable();

    @RegisterExtension
    static JamesServerExtension james = AntispamJames.extension(JamesConf.reference().withoutContentFilter()
        .file("sender_access", """
            # senders refused after acceptance
            bob@spam.test      REJECT
            .spam.test         REJECT
            spam.test          DEFER try later
            """)
        .file("recipient_access", """
            /^postmaster@/     REJECT no bulk mail to the postmaster
            """)
        .replace("mailetcontainer.xml", ROOT_TO_TRANSPORT, """
            <mailet match="org.jamesantispam.matchers.IsRefusedByAccessTable=sender:hash:file://conf/sender_access" class="ToRepository">
                <repositoryPath>memory://var/mail/access-refused/</repositoryPath>
            </mailet>
            <mailet match="org.jamesantispam.matchers.IsRefusedByAccessTable=recipient:regexp:file://conf/recipient_access" class="ToRepository">
                <repositoryPath>memory://var/mail/access-recipient/</repositoryPath>
            </mailet>
            <mailet match="org.jamesantispam.matchers.IsRefusedByAccessTable=client:cidr:%s" class="ToRepository">
                <repositoryPath>memory://var/mail/access-client/</repositoryPath>
            </mailet>
            """.formatted(CLIENT_TABLE) + ROOT_TO_TRANSPORT));

    private static int smtp;
    private static int imap;
    private static WebAdminClient webadmin;

    private static Path clientTable() {
        try {
            Path dir = Files.createTempDirectory("access-tables");
            return Files.writeString(dir.resolve("clients.cidr"), "192.0.2.0/24 REJECT\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @AfterAll
    static void removeClientTable() throws IOException {
        Files.deleteIfExists(CLIENT_TABLE);
        Files.deleteIfExists(CLIENT_TABLE.getParent());
    }

    @BeforeAll
    static void setUp(GuiceJamesServer server) throws Exception {
        AntispamJames.addDemoUsers(server);
        server.getProbe(DataProbeImpl.class).addUser(FRANK, PASSWORD);
        smtp = AntispamJames.smtpPort(server);
        imap = AntispamJames.imapPort(server);
        webadmin = new WebAdminClient(AntispamJames.webAdminPort(server));
    }

    private static String message(String from, String subject) {
        return "From: <" + from + ">\r\nTo: <someone@example.test>\r\nSubject: " + subject + "\r\n"
            + "Message-ID: <" + subject.hashCode() + "@example.org>\r\n\r\nHello.\r\n";
    }

    private static void send(String source, String sender, String subject, String... recipients) {
        try (SmtpClient client = SmtpClient.connect(source, smtp)) {
            SmtpReply reply = client.send("mail.example.org", sender, message(sender, subject), recipients);
            assertThat(reply.code()).as(reply.line()).isEqualTo(250);
        }
    }

    /** Waits until the memory repository holds {@code count} mails; returns their listing. */
    private static String awaitRepository(String name, int count) {
        String[] listing = new String[1];
        ImapReader.DELIVERY.until(() -> {
            HttpResponse<String> response = webadmin.get("/mailRepositories/var%2Fmail%2F" + name + "%2F/mails");
            listing[0] = response.body();
            return response.statusCode() == 200 && countKeys(response.body()) == count;
        });
        return listing[0];
    }

    private static int countKeys(String jsonArray) {
        Matcher key = Pattern.compile("\"[^\"]+\"").matcher(jsonArray);
        int count = 0;
        while (key.find()) {
            count++;
        }
        return count;
    }

    @Test
    void mailFromAListedSenderGoesToTheRepositoryAndCleanMailIsDelivered() {
        send(INTERNET, "bob@spam.test", "listed sender", SPAMALERT);
        send(INTERNET, "carol@example.org", "clean sender", SPAMALERT);

        awaitRepository("access-refused", 1);
        try (ImapReader reader = ImapReader.login(imap, SPAMALERT, PASSWORD)) {
            assertThat(reader.awaitMessages("INBOX", 1).firstMessage()).contains("Subject: clean sender");
        }
    }

    @Test
    void mailFromTheTrustedHostIsNotChecked() {
        send(TRUSTED, "bob@spam.test", "trusted host", QUARANTINE);
        try (ImapReader reader = ImapReader.login(imap, QUARANTINE, PASSWORD)) {
            assertThat(reader.awaitMessages("INBOX", 1).firstMessage()).contains("Subject: trusted host");
        }
    }

    @Test
    void aRefusedRecipientIsSplitOffAndTheOthersAreDelivered() {
        send(INTERNET, "dave@example.org", "two recipients", ALICE, POSTMASTER);

        String listing = awaitRepository("access-recipient", 1);
        assertThat(listing).isNotBlank();
        try (ImapReader reader = ImapReader.login(imap, ALICE, PASSWORD)) {
            assertThat(reader.awaitMessages("INBOX", 1).firstMessage()).contains("Subject: two recipients");
        }
        try (ImapReader reader = ImapReader.login(imap, POSTMASTER, PASSWORD)) {
            assertThat(reader.count("INBOX")).isZero();
        }
    }

    @Test
    void anEditOfTheTableTakesEffectWhileJamesRuns() throws Exception {
        send("127.0.0.3", "erin@example.org", "before the edit", FRANK);
        try (ImapReader reader = ImapReader.login(imap, FRANK, PASSWORD)) {
            reader.awaitMessages("INBOX", 1);
        }

        Path edited = Files.writeString(CLIENT_TABLE.resolveSibling("clients.cidr.new"), "192.0.2.0/24 REJECT\n127.0.0.3 REJECT\n");
        Files.move(edited, CLIENT_TABLE, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        // The matcher looks at its file at most once a second: let that second pass.
        Thread.sleep(1500);
        send("127.0.0.3", "erin@example.org", "after the edit", FRANK);
        awaitRepository("access-client", 1);
        try (ImapReader reader = ImapReader.login(imap, FRANK, PASSWORD)) {
            assertThat(reader.count("INBOX")).isEqualTo(1);
        }
    }
}
