package org.jamesantispam.it.faults;

import static org.apache.james.data.UsersRepositoryModuleChooser.Implementation.DEFAULT;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.apache.james.GuiceJamesServer;
import org.apache.james.MemoryJamesConfiguration;
import org.apache.james.MemoryJamesServerMain;
import org.apache.james.server.core.configuration.Configuration.ConfigurationPath;
import org.apache.james.utils.DataProbeImpl;
import org.awaitility.Awaitility;
import org.jamesantispam.it.clients.ImapReader;
import org.jamesantispam.it.clients.SmtpClient;
import org.jamesantispam.it.clients.SmtpReply;
import org.jamesantispam.it.clients.WebAdminClient;
import org.jamesantispam.it.james.AntispamJames;
import org.jamesantispam.it.james.JamesConf;
import org.jamesantispam.it.services.SpamdExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * James stopped and started again on the same working directory, with the reference configuration
 * and a real spamd: what our extension keeps on disk, the {@code file://var/mail/quarantine/}
 * repository, is all there afterwards, message for message, and still listed by webadmin
 * ({@code /mailRepositories}) and by our {@code /antispam/quarantine}; a quarantined message released
 * after the restart (amavisd-release: {@code POST /antispam/quarantine/{id}?action=release}, or
 * James' reprocessing to processor {@code transport}) is delivered exactly once and leaves the
 * quarantine (a second release answers 404), the third stays. The run-time lists ({@code /antispam/lists}, files in
 * {@code var/antispam/lists/}) are the same after the restart and still in force. The memory
 * server's users and mailboxes do not survive a restart (nothing of ours): the users are created
 * again.
 */
class JamesRestartTest {
    private static final String QUARANTINE = "/mailRepositories/" + URLEncoder.encode("var/mail/quarantine/", StandardCharsets.UTF_8);
    private static final String[] VICTIMS = {"victim1@example.test", "victim2@example.test", "victim3@example.test"};
    private static final String ALLOWED_RECIPIENT = "allowed@example.test";
    private static final String FRIEND = "friend@partner.test";
    private static final String GTUBE = "XJS*C4JDBQADN1.NSBN3*2IDNEN*GTUBE-STANDARD-ANTI-UBE-TEST-EMAIL*C.34X";

    @RegisterExtension
    static SpamdExtension spamd = new SpamdExtension();

    @TempDir
    static Path workingDirectory;

    private static GuiceJamesServer server;

    @AfterAll
    static void stopJames() {
        if (server != null) {
            server.stop();
        }
    }

    /** A James on {@link #workingDirectory}; the configuration folder is written the first time only. */
    private static GuiceJamesServer start() throws Exception {
        Path conf = workingDirectory.resolve("conf");
        if (!Files.isDirectory(conf)) {
            JamesConf.reference()
                .spamd(spamd::port)
                .writeTo(conf);
        }
        GuiceJamesServer james = MemoryJamesServerMain.createServer(MemoryJamesConfiguration.builder()
            .workingDirectory(workingDirectory.toFile())
            .configurationPath(new ConfigurationPath("file://conf/"))
            .usersRepository(DEFAULT)
            .build());
        james.start();
        AntispamJames.addDemoUsers(james);
        DataProbeImpl probe = james.getProbe(DataProbeImpl.class);
        for (String victim : VICTIMS) {
            probe.addUser(victim, AntispamJames.PASSWORD);
        }
        probe.addUser(ALLOWED_RECIPIENT, AntispamJames.PASSWORD);
        return james;
    }

    private static String gtube(int id, String recipient) {
        return gtube(id, "spammer@example.org", recipient);
    }

    private static String gtube(int id, String sender, String recipient) {
        return "From: <" + sender + ">\r\n"
            + "To: <" + recipient + ">\r\n"
            + "Subject: spam " + id + "\r\n"
            + "Message-ID: <restart-" + id + "@example.org>\r\n"
            + NumberedMessages.ID_HEADER + ": " + id + "\r\n"
            + "\r\n"
            + GTUBE + "\r\n";
    }

    @Test
    void theQuarantineSurvivesARestartAndAMessageReleasedAfterwardsIsDeliveredOnce() throws Exception {
        server = start();
        WebAdminClient webAdmin = new WebAdminClient(AntispamJames.webAdminPort(server));
        for (int id = 0; id < VICTIMS.length; id++) {
            try (SmtpClient client = SmtpClient.connect("127.0.0.3", AntispamJames.smtpPort(server))) {
                SmtpReply reply = client.send("mail.example.org", "spammer@example.org", gtube(id, VICTIMS[id]), VICTIMS[id]);
                assertThat(reply.code()).as(reply.line()).isEqualTo(250);
            }
        }
        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> keys(webAdmin).size() == VICTIMS.length);
        Map<String, String> before = new LinkedHashMap<>();
        for (String key : keys(webAdmin)) {
            before.put(key, rfc822(AntispamJames.webAdminPort(server), key));
        }
        assertThat(before.values()).allMatch(message -> message.contains(GTUBE) && message.contains("X-Quarantine-ID: <spam-"));
        // the run-time lists (/antispam/lists), kept in var/antispam/lists/
        assertThat(webAdmin.put("/antispam/lists/allow-senders/" + FRIEND, "").statusCode()).isEqualTo(204);
        assertThat(webAdmin.put("/antispam/lists/block-senders/.blocked.test", "").statusCode()).isEqualTo(204);
        String lists = webAdmin.get("/antispam/lists/allow-senders").body() + webAdmin.get("/antispam/lists/block-senders").body();

        server.stop();
        server = null;
        try (Stream<Path> files = Files.list(workingDirectory.resolve("var/mail/quarantine"))) {
            assertThat(files.map(file -> file.getFileName().toString()).filter(name -> name.endsWith(".eml")))
                .as("one message file per quarantined mail while James is stopped").hasSize(VICTIMS.length);
        }
        server = start();
        WebAdminClient restarted = new WebAdminClient(AntispamJames.webAdminPort(server));

        assertThat(keys(restarted)).as("listed by webadmin after the restart").containsExactlyInAnyOrderElementsOf(before.keySet());
        for (Map.Entry<String, String> entry : before.entrySet()) {
            assertThat(rfc822(AntispamJames.webAdminPort(server), entry.getKey())).as(entry.getKey()).isEqualTo(entry.getValue());
        }

        assertThat(restarted.get("/antispam/lists/allow-senders").body() + restarted.get("/antispam/lists/block-senders").body())
            .as("the lists after the restart").isEqualTo(lists).contains(FRIEND).contains(".blocked.test");
        try (SmtpClient client = SmtpClient.connect("127.0.0.3", AntispamJames.smtpPort(server))) {
            SmtpReply reply = client.send("mail.example.org", FRIEND, gtube(99, FRIEND, ALLOWED_RECIPIENT), ALLOWED_RECIPIENT);
            assertThat(reply.code()).as(reply.line()).isEqualTo(250);
        }
        try (ImapReader reader = ImapReader.login(AntispamJames.imapPort(server), ALLOWED_RECIPIENT, AntispamJames.PASSWORD)) {
            assertThat(reader.awaitMessages("INBOX", 1).firstMessage().replaceAll("\r\n[ \t]+", " "))
                .as("the allow list still in force: GTUBE from the friend delivered").contains(GTUBE).containsPattern("X-Spam-Status: No,[^\r]*listed=allow");
        }

        // Listed by our quarantine routes too (/antispam/quarantine)
        String listed = restarted.get("/antispam/quarantine").body();
        assertThat(before.keySet()).allMatch(id -> listed.contains("\"id\":\"" + id + "\""));

        // amavisd-release, twice over: the first victim's message with our route, the second one's
        // with James' own reprocessing to transport; neither goes through the filter again.
        String releasedByRoute = idOf(before, 0);
        String releasedByJames = idOf(before, 1);
        HttpResponse<String> release = restarted.post("/antispam/quarantine/" + releasedByRoute + "?action=release", "");
        assertThat(release.statusCode()).as(release.body()).isEqualTo(200);
        assertThat(release.body()).isEqualTo("{\"id\":\"" + releasedByRoute + "\",\"released\":[\"" + VICTIMS[0] + "\"],\"remaining\":[]}");
        HttpResponse<String> again = restarted.post("/antispam/quarantine/" + releasedByRoute + "?action=release", "");
        assertThat(again.statusCode()).as("released once only: " + again.body()).isEqualTo(404);

        HttpResponse<String> reprocess = restarted.patch(QUARANTINE + "/mails/" + URLEncoder.encode(releasedByJames, StandardCharsets.UTF_8)
            + "?action=reprocess&processor=transport");
        assertThat(reprocess.statusCode()).as(reprocess.body()).isEqualTo(201);
        Matcher task = Pattern.compile("\"taskId\":\"([^\"]+)\"").matcher(reprocess.body());
        assertThat(task.find()).isTrue();
        assertThat(restarted.get("/tasks/" + task.group(1) + "/await").body()).contains("\"status\":\"completed\"");

        int imap = AntispamJames.imapPort(server);
        String[] released = {releasedByRoute, releasedByJames};
        for (int i = 0; i < 2; i++) {
            try (ImapReader reader = ImapReader.login(imap, VICTIMS[i], AntispamJames.PASSWORD)) {
                String delivered = reader.awaitMessages("INBOX", 1).firstMessage();
                assertThat(delivered).contains(GTUBE).contains(NumberedMessages.ID_HEADER + ": " + i).contains("X-Quarantine-ID: <" + released[i] + ">");
            }
        }
        Thread.sleep(3000);
        for (int i = 0; i < VICTIMS.length; i++) {
            try (ImapReader reader = ImapReader.login(imap, VICTIMS[i], AntispamJames.PASSWORD)) {
                assertThat(reader.count("INBOX")).as("delivered to %s", VICTIMS[i]).isEqualTo(i < 2 ? 1 : 0);
            }
        }
        assertThat(keys(restarted)).as("the released messages left the quarantine, the third stays").containsExactly(idOf(before, 2));
        assertThat(restarted.get("/mailRepositories/var%2Fmail%2Ferror%2F/mails").body()).isEqualTo("[]");
    }

    /** The quarantine id of the message numbered {@code id}. */
    private static String idOf(Map<String, String> quarantined, int id) {
        return quarantined.entrySet().stream().filter(entry -> entry.getValue().contains(NumberedMessages.ID_HEADER + ": " + id + "\r\n"))
            .findFirst().orElseThrow().getKey();
    }

    private static List<String> keys(WebAdminClient webAdmin) {
        String body = webAdmin.get(QUARANTINE + "/mails").body();
        Matcher key = Pattern.compile("\"([^\"]+)\"").matcher(body);
        List<String> keys = new java.util.ArrayList<>();
        while (key.find()) {
            keys.add(key.group(1));
        }
        return keys;
    }

    private static String rfc822(int webAdminPort, String key) {
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + webAdminPort + QUARANTINE + "/mails/"
                + URLEncoder.encode(key, StandardCharsets.UTF_8))).header("Accept", "message/rfc822").GET().build();
            HttpResponse<String> response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.ISO_8859_1));
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            return response.body();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
