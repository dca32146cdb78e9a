package org.jamesantispam.it.webadmin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.jamesantispam.it.james.AntispamJames.PASSWORD;

import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

import org.apache.james.GuiceJamesServer;
import org.apache.james.JamesServerExtension;
import org.apache.james.utils.DataProbeImpl;
import org.jamesantispam.it.clients.ImapReader;
import org.jamesantispam.it.clients.SmtpClient;
import org.jamesantispam.it.clients.SmtpReply;
import org.jamesantispam.it.clients.WebAdminClient;
import org.jamesantispam.it.contentfilter.Samples;
import org.jamesantispam.it.james.AntispamJames;
import org.jamesantispam.it.james.JamesConf;
import org.jamesantispam.it.services.SpamdExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The run-time lists over webadmin ({@code /antispam/lists}) in a real James (the reference
 * configuration: ScoreWithSpamd, kill level 5, D_DISCARD with quarantine copies to
 * spam-quarantine@) with a real spamd: each edit changes the outcome of the next message, without
 * a restart, and the entries survive a restart of the same server (same working directory).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SpamListRoutesTest {
    private static final String INTERNET = "127.0.0.2";
    private static final String QUARANTINE = "spam-quarantine@example.test";
    private static final String BOB = "bob@example.org";
    private static final String CAROL = "carol@example.org";
    private static final String[] USERS = {"allowed@example.test", "blocked@example.test", "lover@example.test", "scoped@example.test",
        "unscoped@example.test", "restarted@example.test"};

    @RegisterExtension
    @Order(1)
    static SpamdExtension spamd = SpamdExtension.builder().extraConfig("score ALL_TRUSTED 0").build();

    @RegisterExtension
    @Order(2)
    static JamesServerExtension james = AntispamJames.extension(JamesConf.reference()
        .spamd(spamd::port));

    private static int smtp;
    private static int imap;
    private static WebAdminClient webAdmin;

    @BeforeAll
    static void setUp(GuiceJamesServer server) throws Exception {
        connect(server);
    }

    private static void connect(GuiceJamesServer server) throws Exception {
        AntispamJames.addDemoUsers(server);
        DataProbeImpl probe = server.getProbe(DataProbeImpl.class);
        for (String user : USERS) {
            probe.addUser(user, PASSWORD);
        }
        smtp = AntispamJames.smtpPort(server);
        imap = AntispamJames.imapPort(server);
        webAdmin = new WebAdminClient(AntispamJames.webAdminPort(server));
    }

    private static void send(String sender, String message, String... recipients) {
        try (SmtpClient client = SmtpClient.connect(INTERNET, smtp)) {
            SmtpReply reply = client.send("mail.example.org", sender, message, recipients);
            assertThat(reply.code()).as(reply.line()).isEqualTo(250);
        }
    }

    private static String delivered(String user, String subject) {
        try (ImapReader reader = ImapReader.login(imap, user, PASSWORD)) {
            return reader.awaitMessageContaining("INBOX", subject).replaceAll("\r\n[ \t]+", " ");
        }
    }

    /** Waits for the quarantine copy of {@code subject}, then checks {@code user} got nothing with it. */
    private static String quarantinedNotDelivered(String user, String subject) {
        String copy = delivered(QUARANTINE, subject);
        try (ImapReader reader = ImapReader.login(imap, user, PASSWORD)) {
            assertThat(reader.messagesContaining("INBOX", subject)).as("%s must not get '%s'", user, subject).isEmpty();
        }
        return copy;
    }

    private static String path(String list, String entry) {
        return "/antispam/lists/" + list + "/" + URLEncoder.encode(entry, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static void put(String list, String entry) {
        HttpResponse<String> response = webAdmin.put(path(list, entry), "");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(204);
    }

    @Test
    @Order(1)
    void allowListingASenderDeliversItsNextGtube() {
        String gtube = Samples.gtube("gtube from bob");
        send(BOB, gtube, "allowed@example.test");
        assertThat(quarantinedNotDelivered("allowed@example.test", "gtube from bob")).contains("X-Spam-Flag: YES");

        put("allow-senders", BOB);
        assertThat(webAdmin.get("/antispam/lists/allow-senders").body()).isEqualTo("[{\"entry\":\"bob@example.org\"}]");

        send(BOB, gtube, "allowed@example.test");
        assertThat(delivered("allowed@example.test", "gtube from bob")).contains("Subject: gtube from bob\r\n")
            .contains("X-Spam-Flag: NO")
            .containsPattern("X-Spam-Status: No,[^\r]*listed=allow")
            .contains("GTUBE-STANDARD-ANTI-UBE-TEST-EMAIL");
    }

    @Test
    @Order(2)
    void blockListingASenderTurnsItsHamIntoSpam() {
        send(CAROL, Samples.ham("ham from carol, before"), "blocked@example.test");
        assertThat(delivered("blocked@example.test", "ham from carol, before")).contains("X-Spam-Flag: NO");

        put("block-senders", ".example.org");
        send(CAROL, Samples.ham("ham from carol, after"), "blocked@example.test");
        assertThat(quarantinedNotDelivered("blocked@example.test", "ham from carol, after")).contains("listed=block");

        send(BOB, Samples.ham("ham from bob, allowed and blocked"), "blocked@example.test");
        assertThat(delivered("blocked@example.test", "ham from bob, allowed and blocked"))
            .as("allow wins over block").containsPattern("X-Spam-Status: No,[^\r]*listed=allow");
    }

    @Test
    @Order(3)
    void aSpamLoverGetsSpamDeliveredTagged() {
        send("dave@spam.test", Samples.spam("spam for a lover, before"), "lover@example.test");
        quarantinedNotDelivered("lover@example.test", "spam for a lover, before");

        put("spam-lovers", "lover@example.test");
        send("dave@spam.test", Samples.spam("spam for a lover, after"), "lover@example.test");
        assertThat(delivered("lover@example.test", "spam for a lover, after"))
            .contains("Subject: ***Posible SPAM*** spam for a lover, after")
            .contains("X-Spam-Flag: YES");
    }

    @Test
    @Order(4)
    void aRecipientScopedEntryAppliesToThatRecipientOnly() {
        HttpResponse<String> response = webAdmin.put(path("allow-senders", "erin@partner.test") + "?recipient=scoped@example.test", "");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(204);
        assertThat(webAdmin.get("/antispam/lists/allow-senders").body())
            .contains("{\"entry\":\"erin@partner.test\",\"recipient\":\"scoped@example.test\"}");

        send("erin@partner.test", Samples.gtube("gtube from erin"), "scoped@example.test", "unscoped@example.test");
        assertThat(delivered("scoped@example.test", "gtube from erin")).containsPattern("listed=allow");
        assertThat(quarantinedNotDelivered("unscoped@example.test", "gtube from erin")).contains("X-Envelope-To: <unscoped@example.test>");
    }

    @Test
    @Order(5)
    void entriesAreOnePercentEncodedPathSegment() {
        put("block-senders", "/^news-[0-9]+@shop\\.example$/");
        put("block-senders", "Promo+Tag@Shop.Example");
        assertThat(webAdmin.get("/antispam/lists/block-senders").body()).isEqualTo("[{\"entry\":\".example.org\"},"
            + "{\"entry\":\"/^news-[0-9]+@shop\\\\.example$/\"},{\"entry\":\"promo+tag@shop.example\"}]");
        assertThat(webAdmin.put("/antispam/lists/block-senders/promo+tag@shop.example", "").statusCode()).as("idempotent").isEqualTo(204);
        assertThat(webAdmin.get("/antispam/lists/block-senders").body()).containsOnlyOnce("promo+tag");

        assertThat(webAdmin.delete("/antispam/lists/block-senders/promo+tag@shop.example").statusCode()).isEqualTo(204);
        assertThat(webAdmin.get("/antispam/lists/block-senders").body()).doesNotContain("promo+tag");
    }

    @Test
    @Order(6)
    void badRequestsGetJsonErrorsNamingWhatIsWrong() {
        HttpResponse<String> bad = webAdmin.put(path("allow-senders", "bob smith@example.org"), "");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.body()).contains("\"statusCode\":400").contains("\"type\":\"InvalidArgument\"")
            .contains("entry 'bob smith@example.org'").contains("expected an address (user@example.org)");

        HttpResponse<String> regexp = webAdmin.put(path("block-senders", "/a(b/"), "");
        assertThat(regexp.statusCode()).isEqualTo(400);
        assertThat(regexp.body()).contains("bad regular expression");

        HttpResponse<String> scope = webAdmin.put(path("spam-lovers", "x@example.test") + "?recipient=alice@example.test", "");
        assertThat(scope.statusCode()).isEqualTo(400);
        assertThat(scope.body()).contains("expected no recipient");

        HttpResponse<String> unknown = webAdmin.get("/antispam/lists/whitelist");
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(unknown.body()).contains("\"type\":\"notFound\"").contains("unknown list 'whitelist'")
            .contains("allow-senders, block-senders, spam-lovers");
        assertThat(webAdmin.put("/antispam/lists/whitelist/bob@example.org", "").statusCode()).isEqualTo(404);

        HttpResponse<String> absent = webAdmin.delete(path("allow-senders", "nobody@example.org"));
        assertThat(absent.statusCode()).isEqualTo(404);
        assertThat(absent.body()).contains("list allow-senders has no entry nobody@example.org");

        assertThat(webAdmin.get("/antispam/lists").body()).isEqualTo("[\"allow-senders\",\"block-senders\",\"spam-lovers\"]");
    }

    @Test
    @Order(7)
    void entriesSurviveARestartOfTheSameServerAndStillApply() throws Exception {
        String before = webAdmin.get("/antispam/lists/allow-senders").body();
        GuiceJamesServer server = james.getGuiceJamesServer();
        server.stop();
        server.start();
        connect(server);

        assertThat(webAdmin.get("/antispam/lists/allow-senders").body()).isEqualTo(before)
            .contains("bob@example.org").contains("scoped@example.test");
        assertThat(webAdmin.get("/antispam/lists/spam-lovers").body()).isEqualTo("[{\"entry\":\"lover@example.test\"}]");

        send(BOB, Samples.gtube("gtube from bob after restart"), "restarted@example.test");
        assertThat(delivered("restarted@example.test", "gtube from bob after restart")).containsPattern("listed=allow");
        send(CAROL, Samples.ham("ham from carol after restart"), "restarted@example.test");
        assertThat(quarantinedNotDelivered("restarted@example.test", "ham from carol after restart")).contains("listed=block");
    }
}
