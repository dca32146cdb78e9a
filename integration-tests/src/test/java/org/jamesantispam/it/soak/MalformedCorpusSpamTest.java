package org.jamesantispam.it.soak;

import static org.assertj.core.api.Assertions.assertThat;
import static org.jamesantispam.it.james.AntispamJames.ALICE;
import static org.jamesantispam.it.james.AntispamJames.PASSWORD;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.james.GuiceJamesServer;
import org.apache.james.JamesServerExtension;
import org.awaitility.Awaitility;
import org.jamesantispam.it.clients.MailboxCensus;
import org.jamesantispam.it.clients.WebAdminClient;
import org.jamesantispam.it.corpus.CorpusMessage;
import org.jamesantispam.it.corpus.SmtpSubmission;
import org.jamesantispam.it.james.AntispamJames;
import org.jamesantispam.it.james.JamesConf;
import org.jamesantispam.it.james.LoggedExceptions;
import org.jamesantispam.it.services.SpamdExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What the whole-corpus soak ({@link CorpusSoak}) found, kept as a test: the corpus' four messages
 * whose Content-Type is a parameter list of semicolons ({@code text/html;;;;;;…}). The two that
 * spamd scores above the kill level used to fail in {@code Quarantine} (saving the quarantine copy
 * re-parsed the Content-Type), land in the error repository and be bounced to their senders.
 * Through the real pipeline with a real spamd, each is now delivered (tagged) or quarantined,
 * forwarded and notified; nothing reaches the error repository; James logs no stack trace.
 */
class MalformedCorpusSpamTest {
    private static final List<String> FILES = List.of(
        "spam-1__00193.c04ef77bc3dbaa5762760a6ea138df0e.eml",
        "spam-2__00571.55308502c471ca21f3ce1aa0782fdba6.eml",
        "spam-2__00880.f1a18307c9d2a5ccf7a7a2318bdb0509.eml",
        "spam-2__00959.016c91a5c76f15d7f67b01a24645b624.eml");

    @RegisterExtension
    @Order(1)
    static SpamdExtension spamd = new SpamdExtension();

    @RegisterExtension
    @Order(2)
    static JamesServerExtension james = AntispamJames.extension(JamesConf.reference()
        .spamd(spamd::port));

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

    @Test
    void everyMessageIsDeliveredOrQuarantinedNeverInTheErrorRepository() throws Exception {
        Path full = Path.of(System.getProperty("antispam.corpus.dir", "../target/corpus")).resolve("full");
        LoggedExceptions exceptions = LoggedExceptions.attach();
        Map<String, String> places = new HashMap<>();
        try {
            for (int i = 0; i < FILES.size(); i++) {
                Path file = full.resolve(FILES.get(i));
                assertThat(file).as("the corpus (./test.sh fetches it)").exists();
                assertThat(Files.readString(file, java.nio.charset.StandardCharsets.ISO_8859_1)).contains(";;;;;;;;;;;;;;;;;;;;");
                SmtpSubmission.Result outcome = SmtpSubmission.send("127.0.0.3", smtp, ALICE, CorpusMessage.tagged(file, CorpusSoak.ID_HEADER, Integer.toString(i)));
                assertThat(outcome.accepted()).as("%s: %s %s", file.getFileName(), outcome.command(), outcome.reply()).isTrue();
            }
            try (MailboxCensus alice = MailboxCensus.login(imap, ALICE, PASSWORD);
                 MailboxCensus quarantine = MailboxCensus.login(imap, "spam-quarantine@example.test", PASSWORD)) {
                Awaitility.await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500)).until(() -> {
                    alice.read("INBOX", CorpusSoak.ID_HEADER).forEach(entry -> places.put(entry.value(CorpusSoak.ID_HEADER).orElseThrow(), "alice@"));
                    quarantine.read("INBOX", CorpusSoak.ID_HEADER).forEach(entry -> places.put(entry.value(CorpusSoak.ID_HEADER).orElseThrow(), "quarantine"));
                    return places.size() == FILES.size() || !"[]".equals(errors());
                });
            }
        } finally {
            exceptions.detach();
        }
        assertThat(errors()).as("the error repository").isEqualTo("[]");
        assertThat(places).as("each message delivered or quarantined").containsOnlyKeys("0", "1", "2", "3");
        long quarantined = places.values().stream().filter("quarantine"::equals).count();
        assertThat(quarantined).as("some of them are spam at the kill level (the case that failed)").isPositive();
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> webAdmin.get("/mailRepositories/var%2Fmail%2Fquarantine%2F").body()
            .contains("\"size\":" + quarantined));
        try (MailboxCensus spamalert = MailboxCensus.login(imap, "spamalert@example.test", PASSWORD)) {
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> spamalert.read("INBOX", "X-Quarantine-ID").size() == quarantined);
        }
        assertThat(exceptions.first()).as("stack traces in James' log").isEmpty();
    }

    private static String errors() {
        return webAdmin.get("/mailRepositories/var%2Fmail%2Ferror%2F/mails").body();
    }
}
