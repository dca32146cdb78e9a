package org.jamesantispam.it.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.jamesantispam.it.james.AntispamJames.ALICE;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.apache.james.GuiceJamesServer;
import org.apache.james.JamesServerExtension;
import org.jamesantispam.it.clients.SmtpReply;
import org.jamesantispam.it.clients.WebAdminClient;
import org.jamesantispam.it.james.AntispamJames;
import org.jamesantispam.it.james.JamesConf;
import org.jamesantispam.it.services.RbldnsdExtension;
import org.jamesantispam.it.services.SilentUdpServer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The DNS blocklist server goes silent in the middle of a run: the reference restriction lists
 * ({@code reject_rbl_client bl.example.test}, {@code dnsbl_timeout} 2 s, {@code dnsbl_failure}
 * dunno) against a real rbldnsd, which is then killed and replaced, on the same port, by a server
 * that reads every query and never answers, and finally started again. During the outage every
 * client that is not listed is accepted and its message delivered; each transaction (connect to
 * the reply to the end of data) is bounded by the timeout, measured against a generous bound
 * ({@value #BOUND_SECONDS} s for a 2 s timeout on a loaded machine). Before and after, a listed
 * client is refused, so the blocklist really was in force.
 */
class DnsblOutageTest {
    static final long BOUND_SECONDS = 10;
    private static final String LISTED_BEFORE = "127.0.0.2";
    private static final String LISTED_AFTER = "127.0.0.4";

    @RegisterExtension
    @Order(1)
    static RbldnsdExtension blocklist = RbldnsdExtension.builder()
        .ip4set("bl.example.test", ":127.0.0.2:Listed by bl.example.test, see http://bl.example.test/query?ip=$", LISTED_BEFORE, LISTED_AFTER)
        .build();

    @RegisterExtension
    @Order(2)
    static JamesServerExtension james = AntispamJames.extension(JamesConf.reference().withoutContentFilter()
        .dnsblResolver(blocklist::port));

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

    private static String refusal(String client) {
        return "554 5.7.1 Service unavailable; Client host [" + client + "] blocked using bl.example.test; "
            + "Listed by bl.example.test, see http://bl.example.test/query?ip=" + client;
    }

    @Test
    void aSilentBlocklistDelaysByTheTimeoutAtMostAndRejectsNothing() {
        int id = 0;
        // rbldnsd answering
        assertThat(NumberedMessages.send(LISTED_BEFORE, smtp, -2, ALICE).line()).isEqualTo(refusal(LISTED_BEFORE));
        for (; id < 5; id++) {
            NumberedMessages.sendAccepted("127.3.0." + (id + 1), smtp, id, ALICE);
        }

        // silent: every query is read, none answered
        blocklist.stop();
        SilentUdpServer silent = new SilentUdpServer(blocklist.host(), blocklist.port());
        silent.start();
        List<Duration> delays = new ArrayList<>();
        try {
            for (; id < 15; id++) {
                long start = System.nanoTime();
                SmtpReply reply = NumberedMessages.send("127.3.1." + (id + 1), smtp, id, ALICE);
                Duration delay = Duration.ofNanos(System.nanoTime() - start);
                assertThat(reply.code()).as("message %d from an unlisted client while the blocklist is silent: %s", id, reply.line())
                    .isEqualTo(250);
                delays.add(delay);
            }
            assertThat(silent.receivedDatagrams()).as("queries that went unanswered").isGreaterThanOrEqualTo(10);
        } finally {
            silent.stop();
            blocklist.start();
        }
        System.out.println("DnsblOutageTest: transaction times while the blocklist was silent (timeout 2 s): " + delays);
        assertThat(delays).as("each transaction bounded by the 2 s timeout (generous bound %d s)", BOUND_SECONDS)
            .allMatch(delay -> delay.compareTo(Duration.ofSeconds(BOUND_SECONDS)) < 0);
        assertThat(delays.stream().mapToLong(Duration::toMillis).max().orElseThrow())
            .as("the lookups did wait for the silent server (one timeout, about 2 s)").isGreaterThanOrEqualTo(1500);

        // answering again: a listed client never looked up before is refused again
        assertThat(NumberedMessages.send(LISTED_AFTER, smtp, -4, ALICE).line()).isEqualTo(refusal(LISTED_AFTER));
        for (; id < 20; id++) {
            NumberedMessages.sendAccepted("127.3.2." + (id + 1), smtp, id, ALICE);
        }

        NumberedMessages.assertEachExactlyOnce(NumberedMessages.awaitDelivered(imap, ALICE, 20), NumberedMessages.range(0, 20));
        assertThat(webAdmin.get("/mailRepositories/var%2Fmail%2Ferror%2F/mails").body()).isEqualTo("[]");
    }
}
