package org.jamesantispam.it.webadmin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.jamesantispam.it.james.AntispamJames.PASSWORD;

import java.net.http.HttpResponse;

import org.apache.james.GuiceJamesServer;
import org.apache.james.JamesServerExtension;
import org.jamesantispam.it.clients.ImapReader;
import org.jamesantispam.it.clients.SmtpClient;
import org.jamesantispam.it.clients.SmtpReply;
import org.jamesantispam.it.clients.WebAdminClient;
import org.jamesantispam.it.contentfilter.Samples;
import org.jamesantispam.it.james.AntispamJames;
import org.jamesantispam.it.james.JamesConf;
import org.jamesantispam.it.services.SpamdExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The run-time lists at end of DATA: with {@code DataSpamHook} enabled and D_REJECT (as
 * smtpserver.xml's comment explains), a list edit over webadmin changes the SMTP answer to the
 * next message. Real James, real spamd.
 */
class SpamListsAtEndOfDataTest {
    private static final String INTERNET = "127.0.0.2";

    @RegisterExtension
    @Order(1)
    static SpamdExtension spamd = SpamdExtension.builder().extraConfig("score ALL_TRUSTED 0").build();

    @RegisterExtension
    @Order(2)
    static JamesServerExtension james = AntispamJames.extension(JamesConf.reference()
        .replace("smtpserver.xml", "127.0.0.1:7830", () -> "127.0.0.1:" + spamd.port())
        .replace("smtpserver.xml", "<!-- DataSpamHook: BEGIN (disabled)", "<!-- DataSpamHook: enabled -->")
        .replace("smtpserver.xml", "DataSpamHook: END (disabled) -->", "")
        .spamd(spamd::port)
        .replace("mailetcontainer.xml", "<destiny>D_DISCARD</destiny>", "<destiny>D_REJECT</destiny>"));

    private static int smtp;
    private static int imap;
    private static WebAdminClient webAdmin;

    @BeforeAll
    static void setUp(GuiceJamesServer server) throws Exception {
        AntispamJames.addDemoUsers(server);
        smtp = AntispamJames.smtpPort(server);
        imap = AntispamJames.imapPort(server);
        webAdmin = new WebAdminClient(AntispamJames.webAdminPort(server));
    }

    private static SmtpReply send(String sender, String message) {
        try (SmtpClient client = SmtpClient.connect(INTERNET, smtp)) {
            return client.send("mail.example.org", sender, message, AntispamJames.ALICE);
        }
    }

    private static void put(String path) {
        HttpResponse<String> response = webAdmin.put(path, "");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(204);
    }

    @Test
    void anEditChangesTheSmtpAnswerToTheNextMessage() {
        String gtube = Samples.gtube("gtube at end of data");
        assertThat(send("bob@example.org", gtube).line()).startsWith("554 5.7.0 Reject, id=").endsWith(" - SPAM");

        put("/antispam/lists/allow-senders/bob@example.org");
        assertThat(send("bob@example.org", gtube).code()).isEqualTo(250);
        try (ImapReader reader = ImapReader.login(imap, AntispamJames.ALICE, PASSWORD)) {
            assertThat(reader.awaitMessageContaining("INBOX", "gtube at end of data")).containsPattern("listed=allow");
        }

        String ham = Samples.ham("ham at end of data");
        put("/antispam/lists/block-senders/carol@example.org");
        assertThat(send("carol@example.org", ham).line()).startsWith("554 5.7.0 Reject, id=");
        assertThat(webAdmin.delete("/antispam/lists/block-senders/carol@example.org").statusCode()).isEqualTo(204);
        assertThat(send("carol@example.org", ham).code()).isEqualTo(250);
    }
}
