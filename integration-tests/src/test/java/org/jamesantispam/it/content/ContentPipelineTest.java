package org.jamesantispam.it.content;

import static org.assertj.core.api.Assertions.assertThat;
import static org.jamesantispam.it.james.AntispamJames.PASSWORD;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
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
 * Every action of the content tables where it lands, in a real James: the SMTP hook with one table
 * per scope (each refusing with its own name, so a reply tells which scope saw the line), the mailet
 * pipeline with a table of every other action, and the banned-attachment matcher instead of the hook.
 */
class ContentPipelineTest {
    private static final String INTERNET = "127.0.0.2";
    private static final String DOMAIN = "@example.test";

    private static final String ACTIONS = String.join("\n",
        "/^Subject: hold me/ HOLD held for review",
        "/^Subject: discard me/ DISCARD",
        "/^Subject: redirect me/ REDIRECT u-redirect-target@example.test",
        "/^Subject: bcc me/ BCC u-bcc-copy@example.test",
        "/^Subject: filter me/ FILTER content-review",
        "/^Subject: reject me later/ REJECT refused after acceptance",
        "/^Subject: (edit me)/ REPLACE Subject: [edited] $1",
        "/^X-Mailer: SpamBot/ IGNORE",
        "/^X-Tracking:/ STRIP tracking header removed",
        "/^To:.*u-edit/ PREPEND X-Content-Note: prepended",
        "/^Subject: warn me/ WARN suspicious subject",
        "/^Subject: info me/ INFO noted",
        "");

    @RegisterExtension
    static JamesServerExtension james = AntispamJames.extension(JamesConf.reference().withoutContentFilter()
        .file("header_checks", "/SCOPE-MARK/ REJECT header_checks\n")
        .file("mime_header_checks", "/SCOPE-MARK/ REJECT mime_header_checks\n")
        .file("nested_header_checks", "/SCOPE-MARK/ REJECT nested_header_checks\n")
        .file("body_checks", "/SCOPE-MARK/ REJECT body_checks\n/^DROP-AT-SMTP$/ DISCARD dropped in the dialogue\n"
            + "/^TEMP-FAIL$/ REJECT 4.7.1 try again later\n")
        .file("actions_header_checks", ACTIONS)
        .file("actions_body_checks", "/^secret code [0-9]+$/ REPLACE secret code [removed]\n")
        .replace("smtpserver.xml", lines(
            "                <bodyChecks>file://conf/body_checks</bodyChecks>",
            "            </handler>",
            "            <handler class=\"org.jamesantispam.smtp.BannedAttachmentHook\">",
            "                <extensions>bat com dll exe hta pif vbs</extensions>",
            "                <onLimit>unchecked</onLimit>",
            "            </handler>"), lines(
            "                <nestedHeaderChecks>file://conf/nested_header_checks</nestedHeaderChecks>",
            "                <bodyChecks>file://conf/body_checks</bodyChecks>",
            "            </handler>"))
        .replace("mailetcontainer.xml", lines(
            "                <headerChecks>file://conf/header_checks</headerChecks>",
            "                <mimeHeaderChecks>file://conf/mime_header_checks</mimeHeaderChecks>",
            "                <bodyChecks>file://conf/body_checks</bodyChecks>"), lines(
            "                <headerChecks>file://conf/actions_header_checks</headerChecks>",
            "                <bodyChecks>file://conf/actions_body_checks</bodyChecks>"))
        .replace("mailetcontainer.xml", "            <!-- Archives BannedAttachmentHook could not fully open", lines(
            "            <mailet match=\"org.jamesantispam.matchers.HasBannedAttachment=onLimit=unchecked\" class=\"ToProcessor\">",
            "                <processor>banned</processor>",
            "            </mailet>",
            "            <!-- Archives BannedAttachmentHook could not fully open"))
        .replace("mailetcontainer.xml", "        <processor state=\"content-hold\" enableJmx=\"false\">", lines(
            "        <processor state=\"content-review\" enableJmx=\"false\">",
            "            <mailet match=\"All\" class=\"ToRepository\">",
            "                <repositoryPath>memory://var/mail/content-review/</repositoryPath>",
            "            </mailet>",
            "        </processor>",
            "        <processor state=\"banned\" enableJmx=\"false\">",
            "            <mailet match=\"All\" class=\"ToRepository\">",
            "                <repositoryPath>memory://var/mail/banned/</repositoryPath>",
            "            </mailet>",
            "        </processor>",
            "        <processor state=\"content-hold\" enableJmx=\"false\">")));

    private static String lines(String... lines) {
        return String.join("\n", lines);
    }

    private static int smtp;
    private static int imap;
    private static WebAdminClient webAdmin;
    private static LogCapture logs;

    @BeforeAll
    static void setUp(GuiceJamesServer server) throws Exception {
        AntispamJames.addDemoUsers(server);
        DataProbeImpl probe = server.getProbe(DataProbeImpl.class);
        for (String user : new String[] {"u-hold", "u-discard", "u-redirect", "u-redirect-target", "u-bcc", "u-bcc-copy", "u-edit",
            "u-matcher", "u-scope", "u-scope-drop", "u-plain"}) {
            probe.addUser(user + DOMAIN, PASSWORD);
        }
        smtp = AntispamJames.smtpPort(server);
        imap = AntispamJames.imapPort(server);
        webAdmin = new WebAdminClient(AntispamJames.webAdminPort(server));
        logs = new LogCapture();
    }

    @AfterAll
    static void tearDown() {
        logs.close();
    }

    private static SmtpReply send(String message, String user) {
        try (SmtpClient client = SmtpClient.connect(INTERNET, smtp)) {
            return client.send("mail.example.org", "bob@example.org", message, user + DOMAIN);
        }
    }

    private static String deliveredTo(String user) {
        try (ImapReader reader = ImapReader.login(imap, user + DOMAIN, PASSWORD)) {
            return reader.awaitMessages("INBOX", 1).firstMessage();
        }
    }

    private static long countOf(String user) {
        try (ImapReader reader = ImapReader.login(imap, user + DOMAIN, PASSWORD)) {
            return reader.count("INBOX");
        }
    }

    private static List<String> awaitRepository(String repository, int count) {
        List<String> keys = new ArrayList<>();
        ImapReader.DELIVERY.until(() -> {
            keys.clear();
            keys.addAll(keysOf(repository));
            return keys.size() == count;
        });
        return keys;
    }

    private static List<String> keysOf(String repository) {
        HttpResponse<String> response = webAdmin.get("/mailRepositories/" + repository + "/mails");
        List<String> keys = new ArrayList<>();
        if (response.statusCode() != 200) {
            return keys;
        }
        Matcher matcher = Pattern.compile("\"([^\"]+)\"").matcher(response.body());
        while (matcher.find()) {
            keys.add(matcher.group(1));
        }
        return keys;
    }

    private static String awaitLog(String fragment) {
        String[] found = new String[1];
        ImapReader.DELIVERY.until(() -> {
            found[0] = logs.lines().stream().filter(line -> line.contains(fragment)).findFirst().orElse(null);
            return found[0] != null;
        });
        return found[0];
    }

    // ------------------------------------------------------------------ scopes (SMTP hook)

    @Test
    void eachScopeIsHitOnlyByItsOwnLines() {
        assertThat(send(Messages.plain("s1", "SCOPE-MARK here", "plain body\r\n"), "u-scope").line())
            .isEqualTo("550 5.7.1 header_checks");
        assertThat(send(multipart("s2", "Content-Description: SCOPE-MARK\r\n", "plain text\r\n"), "u-scope").line())
            .isEqualTo("550 5.7.1 mime_header_checks");
        assertThat(send(withNested("s3", "Subject: SCOPE-MARK inside\r\n", "inner body\r\n"), "u-scope").line())
            .isEqualTo("550 5.7.1 nested_header_checks");
        assertThat(send(withNested("s4", "Subject: inner\r\nContent-Type: text/plain; name=\"SCOPE-MARK.txt\"\r\n", "inner body\r\n"), "u-scope").line())
            .isEqualTo("550 5.7.1 mime_header_checks");
        assertThat(send(withNested("s5", "Subject: inner\r\n", "SCOPE-MARK in the attached message's body\r\n"), "u-scope").line())
            .isEqualTo("550 5.7.1 body_checks");
        assertThat(send(Messages.plain("s6", "clean", "a line with SCOPE-MARK\r\n"), "u-scope").line())
            .isEqualTo("550 5.7.1 body_checks");
        assertThat(send(Messages.plain("s7", "clean", "nothing to see\r\n"), "u-scope").code()).isEqualTo(250);
        assertThat(deliveredTo("u-scope")).contains("Subject: clean");
    }

    private static String multipart(String id, String partHeader, String partBody) {
        return "From: bob@example.org\r\nSubject: parts\r\nMessage-ID: <" + id + "@example.org>\r\nMIME-Version: 1.0\r\n"
            + "Content-Type: multipart/mixed; boundary=\"o\"\r\n\r\n--o\r\nContent-Type: text/plain\r\n" + partHeader + "\r\n"
            + partBody + "--o--\r\n";
    }

    private static String withNested(String id, String innerHeaders, String innerBody) {
        return "From: bob@example.org\r\nSubject: forwarded\r\nMessage-ID: <" + id + "@example.org>\r\nMIME-Version: 1.0\r\n"
            + "Content-Type: multipart/mixed; boundary=\"o\"\r\n\r\n--o\r\nContent-Type: text/plain\r\n\r\nsee below\r\n"
            + "--o\r\nContent-Type: message/rfc822\r\n\r\n" + innerHeaders + "\r\n" + innerBody + "--o--\r\n";
    }

    @Test
    void discardInTheDialogueAnswersLikeADeliveryAndDrops() {
        assertThat(send(Messages.plain("drop", "drop", "DROP-AT-SMTP\r\n"), "u-scope-drop").line()).isEqualTo("250 2.6.0 Message received");
        assertThat(awaitLog("line=\"DROP-AT-SMTP\"")).startsWith("INFO content discard: ").contains("body_checks:2 line=\"DROP-AT-SMTP\" scope=body_checks")
            .endsWith(": 250 2.6.0 Message received");
        assertThat(send(Messages.plain("drop-marker", "marker", "fine\r\n"), "u-scope-drop").code()).isEqualTo(250);
        assertThat(deliveredTo("u-scope-drop")).contains("Subject: marker");
        assertThat(countOf("u-scope-drop")).isEqualTo(1);
    }

    @Test
    void rejectWithA4xxStatusIsATemporaryRefusal() {
        assertThat(send(Messages.plain("temp", "temp", "TEMP-FAIL\r\n"), "u-scope").line()).isEqualTo("450 4.7.1 try again later");
    }

    // ------------------------------------------------------------------ actions (mailet pipeline)

    @Test
    void holdKeepsTheMailInTheRepositoryUntilReleasedThroughWebadmin() {
        assertThat(send(Messages.plain("hold", "hold me please", "body\r\n"), "u-hold").code()).isEqualTo(250);
        String key = awaitRepository("var%2Fmail%2Fquarantine%2F", 1).get(0);
        assertThat(key).startsWith("held-");
        assertThat(countOf("u-hold")).isZero();
        assertThat(awaitLog("line=\"Subject: hold me please\"")).startsWith("INFO content hold: ").contains("actions_header_checks:1 line=\"Subject: hold me please\" scope=header_checks")
            .endsWith(": held for review");
        HttpResponse<String> listed = webAdmin.get("/antispam/quarantine/" + key);
        assertThat(listed.statusCode()).as(listed.body()).isEqualTo(200);
        assertThat(listed.body()).contains("\"reason\":\"held\"").contains("hold me please");
        HttpResponse<String> release = webAdmin.post("/antispam/quarantine/" + key + "?action=release", "");
        assertThat(release.statusCode()).as(release.body()).isEqualTo(200);
        assertThat(deliveredTo("u-hold")).contains("Subject: hold me please");
        assertThat(keysOf("var%2Fmail%2Fquarantine%2F")).isEmpty();
    }

    @Test
    void discardDropsTheMailAfterA250() {
        assertThat(send(Messages.plain("discard", "discard me", "body\r\n"), "u-discard").line()).startsWith("250");
        awaitLog("line=\"Subject: discard me\"");
        assertThat(send(Messages.plain("marker", "marker", "body\r\n"), "u-discard").code()).isEqualTo(250);
        assertThat(deliveredTo("u-discard")).contains("Subject: marker");
        assertThat(countOf("u-discard")).isEqualTo(1);
    }

    @Test
    void redirectDeliversToTheRedirectAddressInstead() {
        assertThat(send(Messages.plain("redirect", "redirect me", "body\r\n"), "u-redirect").code()).isEqualTo(250);
        assertThat(deliveredTo("u-redirect-target")).contains("Subject: redirect me");
        assertThat(countOf("u-redirect")).isZero();
    }

    @Test
    void bccAddsARecipient() {
        assertThat(send(Messages.plain("bcc", "bcc me", "body\r\n"), "u-bcc").code()).isEqualTo(250);
        assertThat(deliveredTo("u-bcc")).contains("Subject: bcc me");
        assertThat(deliveredTo("u-bcc-copy")).contains("Subject: bcc me");
    }

    @Test
    void filterRoutesToTheNamedProcessor() {
        assertThat(send(Messages.plain("filter", "filter me", "body\r\n"), "u-plain").code()).isEqualTo(250);
        awaitRepository("var%2Fmail%2Fcontent-review%2F", 1);
    }

    @Test
    void rejectAfterAcceptanceGoesToTheRejectProcessorWithPostfixReply() {
        assertThat(send(Messages.plain("later", "reject me later", "body\r\n"), "u-plain").code()).isEqualTo(250);
        String key = awaitRepository("var%2Fmail%2Fcontent-rejected%2F", 1).get(0);
        HttpResponse<String> details = webAdmin.get("/mailRepositories/var%2Fmail%2Fcontent-rejected%2F/mails/" + key);
        assertThat(details.body()).contains("\"error\":\"550 5.7.1 refused after acceptance\"");
    }

    @Test
    void editsLandInTheDeliveredMessage() {
        String message = Messages.plain("edit", "edit me", "first line\r\nsecret code 1234\r\nlast line\r\n",
            "X-Mailer: SpamBot 9\r\n", "X-Tracking: abc123\r\n").replace("To: Alice <alice@example.test>", "To: <u-edit@example.test>");
        assertThat(send(message, "u-edit").code()).isEqualTo(250);
        String delivered = deliveredTo("u-edit");
        assertThat(delivered).contains("Subject: [edited] edit me")
            .contains("X-Content-Note: prepended\r\nTo: <u-edit@example.test>")
            .doesNotContain("X-Mailer").doesNotContain("X-Tracking")
            .contains("first line\r\nsecret code [removed]\r\nlast line");
        assertThat(awaitLog("line=\"X-Tracking: abc123\"")).startsWith("INFO content strip: ").endsWith(": tracking header removed");
    }

    @Test
    void warnAndInfoOnlyLog() {
        assertThat(send(Messages.plain("warn", "warn me", "body\r\n"), "u-plain").code()).isEqualTo(250);
        assertThat(send(Messages.plain("info", "info me", "body\r\n"), "u-plain").code()).isEqualTo(250);
        assertThat(awaitLog("line=\"Subject: warn me\"")).startsWith("WARN content warn: ").endsWith(": suspicious subject");
        assertThat(awaitLog("line=\"Subject: info me\"")).startsWith("INFO content info: ").endsWith(": noted");
    }

    // ------------------------------------------------------------------ banned attachments (matcher)

    @Test
    void exeInsideZipIsCaughtByTheArchiveMatcher() {
        SmtpReply reply = send(Messages.withAttachment("matcher", "invoice", "invoice.zip", Messages.zip("readme.txt", "setup.exe")), "u-matcher");
        assertThat(reply.code()).as("no BannedAttachmentHook in this configuration").isEqualTo(250);
        String key = awaitRepository("var%2Fmail%2Fbanned%2F", 1).get(0);
        assertThat(webAdmin.get("/mailRepositories/var%2Fmail%2Fbanned%2F/mails/" + key + "?additionalFields=attributes").body())
            .contains("setup.exe in invoice.zip");
        assertThat(awaitLog("banned attachment: setup.exe in invoice.zip")).contains("from=<bob@example.org>");
        assertThat(countOf("u-matcher")).isZero();
    }
}
