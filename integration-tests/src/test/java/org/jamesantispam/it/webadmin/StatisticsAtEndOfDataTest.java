package org.jamesantispam.it.webadmin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.jamesantispam.it.james.AntispamJames.ALICE;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Base64;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import org.apache.james.GuiceJamesServer;
import org.apache.james.JamesServerExtension;
import org.jamesantispam.it.clients.SmtpClient;
import org.jamesantispam.it.clients.SmtpReply;
import org.jamesantispam.it.clients.WebAdminClient;
import org.jamesantispam.it.james.AntispamJames;
import org.jamesantispam.it.james.JamesConf;
import org.jamesantispam.it.services.RbldnsdExtension;
import org.jamesantispam.it.services.SpamdExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The end-of-DATA refusals in {@code GET /antispam/stats}: the reference gateway with
 * {@code DataSpamHook} enabled ({@code D_REJECT}, {@code tempFailOnError}), real James, real spamd:
 * a GTUBE refused with 554 (spam, destiny reject), a banned attachment inside a zip (554), and,
 * spamd stopped, a 451 (a temporary refusal).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class StatisticsAtEndOfDataTest {
    private static final String INTERNET = "127.0.0.3";
    private static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    @Order(1)
    static RbldnsdExtension blocklist = RbldnsdExtension.builder().ip4set("bl.example.test", ":127.0.0.2:Listed", "127.0.0.2").build();

    @RegisterExtension
    @Order(2)
    static SpamdExtension spamd = SpamdExtension.builder().extraConfig("score ALL_TRUSTED 0").build();

    @RegisterExtension
    @Order(3)
    static JamesServerExtension james = AntispamJames.extension(JamesConf.reference()
        .dnsblResolver(blocklist::port)
        .replace("smtpserver.xml", "127.0.0.1:7830", () -> "127.0.0.1:" + spamd.port())
        .replace("smtpserver.xml", "<!-- DataSpamHook: BEGIN (disabled)", "<!-- DataSpamHook: enabled -->")
        .replace("smtpserver.xml", "DataSpamHook: END (disabled) -->", "")
        .replace("smtpserver.xml", "<tempFailOnError>false</tempFailOnError>", "<tempFailOnError>true</tempFailOnError>")
        .spamd(spamd::port)
        .replace("mailetcontainer.xml", "<destiny>D_DISCARD</destiny>", "<destiny>D_REJECT</destiny>"));

    private static int smtp;
    private static WebAdminClient webAdmin;

    @BeforeAll
    static void setUp(GuiceJamesServer server) throws Exception {
        AntispamJames.addDemoUsers(server);
        smtp = AntispamJames.smtpPort(server);
        webAdmin = new WebAdminClient(AntispamJames.webAdminPort(server));
    }

    private static JsonNode stats() throws IOException {
        return JSON.readTree(webAdmin.get("/antispam/stats").body());
    }

    private static SmtpReply send(String message) {
        try (SmtpClient client = SmtpClient.connect(INTERNET, smtp)) {
            return client.send("mail.example.org", "bob@example.org", message, ALICE);
        }
    }

    @Test
    @Order(1)
    void spamRefusedAtDataIsCountedAsRejectedSpam() throws IOException {
        SmtpReply reply = send(SampleMessages.gtube("stats gtube at data"));
        assertThat(reply.line()).startsWith("554 5.7.0 Reject, id=");

        JsonNode stats = stats();
        assertThat(stats.at("/verdicts/spam/reject").asLong()).isEqualTo(1);
        assertThat(stats.at("/verdicts/spam/discard").asLong()).isZero();
        assertThat(stats.at("/rejections/byStage/data").asLong()).isEqualTo(1);
        assertThat(stats.at("/rejections/byKind/spam").asLong()).isEqualTo(1);
        assertThat(stats.at("/rejections/byCheck").get("spam").asLong()).isEqualTo(1);
        assertThat(stats.at("/spamdScanTime/count").asLong()).isEqualTo(1);
    }

    @Test
    @Order(2)
    void bannedAttachmentIsCountedByKind() throws IOException {
        SmtpReply reply = send(withZippedAttachment("setup.exe"));
        assertThat(reply.line()).startsWith("554 5.7.0 Message rejected: banned attachment setup.exe");

        JsonNode stats = stats();
        assertThat(stats.at("/rejections/byKind/bannedAttachments").asLong()).isEqualTo(1);
        assertThat(stats.at("/rejections/byCheck").get("banned attachment").asLong()).isEqualTo(1);
        assertThat(stats.at("/rejections/byStage/data").asLong()).isEqualTo(2);
    }

    @Test
    @Order(3)
    void spamdDownIsCountedAsATemporaryRefusal() throws IOException {
        spamd.stop();
        try {
            SmtpReply reply = send(SampleMessages.ham("stats ham while spamd is down"));
            assertThat(reply.line()).startsWith("451 4.3.0 Content filter unavailable");

            JsonNode stats = stats();
            assertThat(stats.at("/rejections/total").asLong()).isEqualTo(3);
            assertThat(stats.at("/rejections/temporary").asLong()).isEqualTo(1);
            assertThat(stats.at("/rejections/byCheck").get("content filter unavailable").asLong()).isEqualTo(1);
            // the failed scan is timed too
            assertThat(stats.at("/spamdScanTime/count").asLong()).isEqualTo(2);
        } finally {
            spamd.start();
        }
    }

    private static String withZippedAttachment(String name) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            zip.putNextEntry(new ZipEntry(name));
            zip.write(new byte[] {'M', 'Z', 0, 0});
            zip.closeEntry();
        }
        return "From: bob@example.org\r\nTo: alice@example.test\r\nSubject: the installer\r\nMIME-Version: 1.0\r\n"
            + "Content-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\nContent-Type: text/plain\r\n\r\nsee attached\r\n"
            + "--b\r\nContent-Type: application/zip; name=\"installer.zip\"\r\nContent-Transfer-Encoding: base64\r\n\r\n"
            + Base64.getMimeEncoder().encodeToString(bytes.toByteArray()) + "\r\n--b--\r\n";
    }
}
