package org.jamesantispam.it.dnsbl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.jamesantispam.it.james.AntispamJames.PASSWORD;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.apache.james.GuiceJamesServer;
import org.apache.james.JamesServerExtension;
import org.apache.james.mailrepository.api.MailKey;
import org.apache.james.mailrepository.api.MailRepositoryUrl;
import org.apache.james.utils.DataProbeImpl;
import org.apache.james.utils.MailRepositoryProbeImpl;
import org.apache.mailet.Mail;
import org.awaitility.Awaitility;
import org.jamesantispam.core.dnsbl.DnsblClient;
import org.jamesantispam.core.dnsbl.DnsblClientSettings;
import org.jamesantispam.core.dnsbl.DnsblClients;
import org.jamesantispam.core.dnsbl.DnsblStatistics;
import org.jamesantispam.it.clients.ImapReader;
import org.jamesantispam.it.clients.SmtpClient;
import org.jamesantispam.it.clients.SmtpReply;
import org.jamesantispam.it.james.AntispamJames;
import org.jamesantispam.it.james.JamesConf;
import org.jamesantispam.it.services.RbldnsdExtension;
import org.jamesantispam.it.services.SilentUdpServer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The {@code IsListedInDnsbl} matcher in a real James (reference configuration plus one mailet in
 * the root processor) against a real rbldnsd: mail from a listed client (127.0.0.2) goes to the
 * repository {@code var/mail/dnsbl/}; mail from a client not listed (127.0.0.3), from a client whose
 * answer the return-code filter drops (127.0.0.4), and from the trusted host (127.0.0.1, listed
 * too) is delivered. A second matcher asks a DNS server that never answers (1 s timeout): its
 * failed lookups never match, so mail is delivered. A second mail from the same client is
 * checked from the cache: the matcher's client sends no query.
 */
class IsListedInDnsblJamesTest {
    /** Negative answers may be cached for 60 s. */
    private static final String SOA = "$SOA 0 ns.example.test hostmaster.example.test 1 3600 600 86400 60";
    private static final MailRepositoryUrl DNSBL_REPOSITORY = MailRepositoryUrl.from("memory://var/mail/dnsbl/");
    private static final MailRepositoryUrl SILENT_REPOSITORY = MailRepositoryUrl.from("memory://var/mail/dnsbl-silent/");

    @RegisterExtension
    static RbldnsdExtension rbldnsd = RbldnsdExtension.builder()
        .ip4set("bl.example.test", SOA, ":127.0.0.2:Listed for testing", "127.0.0.2", "127.0.0.1")
        .ip4set("codes.example.test", SOA, ":127.0.0.10:Policy listing", "127.0.0.4")
        .ttl(Duration.ofSeconds(60))
        .build();

    /** A DNS server that never answers, for a second matcher: its lookups fail, which is never a listing. */
    @RegisterExtension
    static SilentUdpServer silent = new SilentUdpServer();

    static {
        // James' configuration names the DNS servers' ports, so they run before the server is built
        rbldnsd.start();
        silent.start();
    }

    @RegisterExtension
    static JamesServerExtension james = AntispamJames.extension(JamesConf.reference().withoutContentFilter()
        .replace("mailetcontainer.xml", "<mailet match=\"RelayLimit=30\" class=\"Null\"/>",
            "<mailet match=\"RelayLimit=30\" class=\"Null\"/>\n"
                + "            <mailet match=\"org.jamesantispam.matchers.IsListedInDnsbl=resolver=" + silent.host() + ":" + silent.port()
                + "; timeout=1s | bl.example.test\" class=\"ToRepository\">\n"
                + "                <repositoryPath>memory://var/mail/dnsbl-silent/</repositoryPath>\n"
                + "            </mailet>\n"
                + "            <mailet match=\"org.jamesantispam.matchers.IsListedInDnsbl=resolver=" + rbldnsd.host() + ":" + rbldnsd.port()
                + "; timeout=2s | bl.example.test, codes.example.test=127.0.0.[2..9]\" class=\"ToRepository\">\n"
                + "                <repositoryPath>memory://var/mail/dnsbl/</repositoryPath>\n"
                + "            </mailet>"));

    private static int smtp;
    private static int imap;

    @BeforeAll
    static void setUp(GuiceJamesServer server) throws Exception {
        AntispamJames.addDemoUsers(server);
        smtp = AntispamJames.smtpPort(server);
        imap = AntispamJames.imapPort(server);
    }

    private static String message(String subject, String to) {
        return "From: Bob <bob@example.org>\r\n"
            + "To: " + to + "\r\n"
            + "Subject: " + subject + "\r\n"
            + "Message-ID: <" + subject.hashCode() + "@example.org>\r\n"
            + "\r\n"
            + "Hello,\r\nlunch on Friday?\r\n";
    }

    private static void send(String client, String subject, String recipient) {
        try (SmtpClient smtpClient = SmtpClient.connect(client, smtp)) {
            SmtpReply reply = smtpClient.send("mail.example.org", "bob@example.org", message(subject, recipient), recipient);
            assertThat(reply.code()).as(reply.line()).isEqualTo(250);
        }
    }

    @Test
    void mailFromAListedClientGoesToTheDnsblRepository(GuiceJamesServer server) throws Exception {
        String recipient = "spam-quarantine@example.test";
        send("127.0.0.2", "from a listed client", recipient);

        MailRepositoryProbeImpl repositories = server.getProbe(MailRepositoryProbeImpl.class);
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> repositories.getRepositoryMailCount(DNSBL_REPOSITORY) == 1);
        List<MailKey> keys = repositories.listMailKeys(DNSBL_REPOSITORY);
        Mail stored = repositories.getMail(DNSBL_REPOSITORY, keys.get(0));
        assertThat(stored.getRemoteAddr()).isEqualTo("127.0.0.2");
        assertThat(stored.getMessage().getSubject()).isEqualTo("from a listed client");
        try (ImapReader reader = ImapReader.login(imap, recipient, PASSWORD)) {
            assertThat(reader.count("INBOX")).isZero();
        }
    }

    @Test
    void mailFromAClientNotListedIsDelivered(GuiceJamesServer server) throws Exception {
        silent.resetCount();
        send("127.0.0.3", "from a clean client", "alice@example.test");
        try (ImapReader reader = ImapReader.login(imap, "alice@example.test", PASSWORD)) {
            assertThat(reader.awaitMessages("INBOX", 1).firstMessage()).contains("Subject: from a clean client");
        }
        // the matcher on the silent DNS server asked, got no answer, and did not match
        assertThat(silent.receivedDatagrams()).isPositive();
        assertThat(server.getProbe(MailRepositoryProbeImpl.class).getRepositoryMailCount(SILENT_REPOSITORY)).isZero();
    }

    @Test
    void aSecondConnectionFromTheSameClientSendsNoQuery(GuiceJamesServer server) throws Exception {
        server.getProbe(DataProbeImpl.class).addUser("carol@example.test", PASSWORD);
        // the matcher's client: matchers and hooks with equal settings share one
        DnsblClient client = DnsblClients.shared(DnsblClientSettings.parse(
            Map.of("resolver", rbldnsd.host() + ":" + rbldnsd.port(), "timeout", "2s")));
        DnsblStatistics statistics = client.statistics();
        long lookups = statistics.lookups("bl.example.test");
        long sent = statistics.queriesSent();
        long hits = statistics.cacheHits();

        send("127.0.0.6", "first visit", "carol@example.test");
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> statistics.lookups("bl.example.test") == lookups + 1);
        // A in both zones: NXDOMAIN with SOA. The two zones are asked in parallel: the second query
        // may be counted a moment after the first lookup (seen once in a full run)
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> statistics.queriesSent() >= sent + 2);
        assertThat(statistics.queriesSent()).isEqualTo(sent + 2);
        send("127.0.0.6", "second visit", "carol@example.test");
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> statistics.lookups("bl.example.test") == lookups + 2);
        assertThat(statistics.queriesSent()).isEqualTo(sent + 2);
        assertThat(statistics.cacheHits()).isEqualTo(hits + 2);
        try (ImapReader reader = ImapReader.login(imap, "carol@example.test", PASSWORD)) {
            reader.awaitMessages("INBOX", 2);
        }
    }

    @Test
    void anAnswerOutsideTheReturnCodeFilterIsNotAListing() {
        // codes.example.test answers 127.0.0.10 for 127.0.0.4; the filter accepts 127.0.0.2..9 only
        send("127.0.0.4", "filtered answer", "postmaster@example.test");
        try (ImapReader reader = ImapReader.login(imap, "postmaster@example.test", PASSWORD)) {
            assertThat(reader.awaitMessages("INBOX", 1).firstMessage()).contains("Subject: filtered answer");
        }
    }

    @Test
    void theTrustedHostIsNotChecked() {
        // 127.0.0.1 is listed in bl.example.test, but it is James' authorizedAddresses
        send("127.0.0.1", "from the trusted host", "spamalert@example.test");
        try (ImapReader reader = ImapReader.login(imap, "spamalert@example.test", PASSWORD)) {
            assertThat(reader.awaitMessages("INBOX", 1).firstMessage()).contains("Subject: from the trusted host");
        }
    }
}
