package org.jamesantispam.it.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.jamesantispam.it.clients.ImapReader;
import org.jamesantispam.it.clients.WebAdminClient;
import org.jamesantispam.it.services.SpamdExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Proof that the jar drops in: the standalone James 3.8.1 installation, with
 * {@code james-antispam-*.jar} only in {@code extensions-jars/}, boots as its own JVM from the
 * reference configuration; a message sent with the real {@code swaks} is read back over IMAP; and
 * our SMTP hook, which exists nowhere but in that jar, answers in the dialogue.
 */
class StandaloneDropInTest {
    private static final Path SWAKS = Path.of("/usr/bin/swaks");

    @RegisterExtension
    static SpamdExtension spamd = new SpamdExtension();

    @TempDir
    static Path workDir;
    private static StandaloneJames james;

    @BeforeAll
    static void start() throws Exception {
        if (!Files.isExecutable(SWAKS)) {
            throw new IllegalStateException("swaks not found at " + SWAKS + ": install Debian package swaks (./test.sh does)");
        }
        james = StandaloneJames.start(workDir, spamd.port());
        WebAdminClient webAdmin = new WebAdminClient(james.webAdminPort);
        assertThat(webAdmin.put("/users/alice@example.test", "{\"password\":\"secret\"}").statusCode()).isEqualTo(204);
    }

    @AfterAll
    static void stop() throws Exception {
        if (james != null) {
            james.close();
        }
    }

    private static String swaks(String source, String helo, String subject) throws IOException, InterruptedException {
        Process swaks = new ProcessBuilder(SWAKS.toString(), "--server", "127.0.0.1:" + james.smtpPort,
            "--local-interface", source, "--ehlo", helo, "--from", "bob@example.org", "--to", "alice@example.test",
            "--header", "Subject: " + subject, "--body", "Sent by swaks to the standalone installation")
            .redirectErrorStream(true).start();
        String output = new String(swaks.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(swaks.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return output;
    }

    @Test
    void theDropInJarIsOnlyInExtensionsJars() throws IOException {
        try (var jars = Files.list(james.home().resolve("extensions-jars"))) {
            assertThat(jars.map(path -> path.getFileName().toString()).toList())
                .singleElement().asString().matches("james-antispam-.*\\.jar");
        }
        try (var libraries = Files.list(james.home().resolve("james-server-memory-app.lib"))) {
            assertThat(libraries.map(path -> path.getFileName().toString()).filter(name -> name.contains("antispam")).toList()).isEmpty();
        }
    }

    @Test
    void theDropInJarCarriesNoneOfJamesClasses() throws IOException {
        Path jar;
        try (var jars = Files.list(james.home().resolve("extensions-jars"))) {
            jar = jars.findFirst().orElseThrow();
        }
        try (java.util.jar.JarFile file = new java.util.jar.JarFile(jar.toFile())) {
            List<String> classes = file.stream().map(java.util.jar.JarEntry::getName).filter(name -> name.endsWith(".class")).toList();
            assertThat(classes).isNotEmpty().noneMatch(name -> name.startsWith("org/apache/james/") || name.startsWith("org/apache/mailet/"));
            assertThat(classes).contains("org/jamesantispam/mailets/ScoreWithSpamd.class",
                "org/jamesantispam/core/spamd/SpamdClient.class", "org/jamesantispam/smtp/DataSpamHook.class",
                "org/jamesantispam/smtp/SmtpdRestrictionsHook.class",
                "org/jamesantispam/matchers/HasInvalidHeloName.class", "org/jamesantispam/mailets/TagSubject.class");
        }
    }

    @Test
    void messageSentWithSwaksIsReadBackOverImap() throws Exception {
        String output = swaks("127.0.0.4", "mail.example.org", "drop-in proof");
        assertThat(output).contains("<-  250 2.6.0 Message received");
        try (ImapReader imap = ImapReader.login(james.imapPort, "alice@example.test", "secret")) {
            assertThat(imap.awaitMessages("INBOX", 1).firstMessage())
                .contains("Subject: drop-in proof")
                .contains("Sent by swaks to the standalone installation")
                .as("scored by the content filter of the drop-in jar").contains("X-Spam-Status: ");
        }
    }

    @Test
    void ourSmtpHookAnswersFromTheExtensionJar() throws Exception {
        String output = swaks("127.0.0.3", "bad..helo", "refused");
        assertThat(output).contains("<** 501 5.5.2 <bad..helo>: Helo command rejected: Invalid name");
    }

    @Test
    void theDryRunCheckAnswersFromTheExtensionJar() {
        var answer = new WebAdminClient(james.webAdminPort).post("/antispam/check?ip=127.0.0.3&helo=bad..helo&sender=bob@example.org"
            + "&recipient=alice@example.test", "Subject: dry run\r\n\r\nnot delivered\r\n");
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        assertThat(answer.body()).contains("\"reply\":\"501 5.5.2 <bad..helo>: Helo command rejected: Invalid name\"");
    }

    @Test
    void logsAreWrittenInsideTheInstallation() throws IOException {
        Path log = james.home().resolve("logs/james.log");
        assertThat(log).exists();
        List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
        assertThat(lines).anyMatch(line -> line.contains("JAMES server started"));
    }

    @Test
    void quarantinedSpamIsKeptInFilesAcrossARestart() throws Exception {
        String repository = "/mailRepositories/" + java.net.URLEncoder.encode("var/mail/quarantine/", StandardCharsets.UTF_8) + "/mails";
        try (org.jamesantispam.it.clients.SmtpClient client = org.jamesantispam.it.clients.SmtpClient.connect("127.0.0.2", james.smtpPort)) {
            assertThat(client.send("mail.example.org", "spammer@example.org",
                "Subject: gtube for the quarantine\r\nFrom: spammer@example.org\r\nTo: alice@example.test\r\n\r\n"
                    + "XJS*C4JDBQADN1.NSBN3*2IDNEN*GTUBE-STANDARD-ANTI-UBE-TEST-EMAIL*C.34X\r\n", "alice@example.test").code()).isEqualTo(250);
        }
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(60))
            .until(() -> new WebAdminClient(james.webAdminPort).get(repository).body().contains("spam-"));
        String listed = new WebAdminClient(james.webAdminPort).get(repository).body();
        try (var files = Files.list(james.home().resolve("var/mail/quarantine"))) {
            assertThat(files.map(path -> path.getFileName().toString()).toList()).anyMatch(name -> name.matches("spam-.*\\.json"))
                .anyMatch(name -> name.matches("spam-.*\\.eml"));
        }

        james = james.restart();

        WebAdminClient webAdmin = new WebAdminClient(james.webAdminPort);
        assertThat(webAdmin.get(repository).body()).isEqualTo(listed);
        // Our own quarantine route (QuarantineRoutes, from the drop-in jar) finds it after the restart too.
        assertThat(webAdmin.get("/antispam/quarantine?sender=spammer@example.org").body())
            .contains("gtube for the quarantine").contains("\"reason\":\"spam\"").contains("\"recipients\":[\"alice@example.test\"]");
        // Users and mailboxes of the memory server do not survive; recreate alice for the other tests.
        assertThat(webAdmin.put("/users/alice@example.test", "{\"password\":\"secret\"}").statusCode()).isEqualTo(204);
    }

    @Test
    void runTimeListsAreFilesUnderTheInstallationsVarDirectory() throws IOException {
        WebAdminClient webAdmin = new WebAdminClient(james.webAdminPort);
        assertThat(webAdmin.put("/antispam/lists/block-senders/.spammer.example", "").statusCode()).isEqualTo(204);
        assertThat(Files.readAllLines(james.home().resolve("var/antispam/lists/block-senders.list"), StandardCharsets.UTF_8))
            .contains(".spammer.example");
        assertThat(webAdmin.delete("/antispam/lists/block-senders/.spammer.example").statusCode()).isEqualTo(204);
    }

    @Test
    void statisticsRouteAndMetricsWorkInTheDropInInstallation() {
        WebAdminClient webAdmin = new WebAdminClient(james.webAdminPort);
        java.net.http.HttpResponse<String> stats = webAdmin.get("/antispam/stats");
        assertThat(stats.statusCode()).as(stats.body()).isEqualTo(200);
        assertThat(stats.body()).contains("\"verdicts\":{").contains("\"spamdScanTime\":{");
        assertThat(webAdmin.get("/metrics").body()).contains("antispam_rejection_total");
    }
}
