package org.jamesantispam.it.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.jamesantispam.it.james.AntispamJames.ALICE;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.james.GuiceJamesServer;
import org.apache.james.JamesServerExtension;
import org.jamesantispam.it.clients.MailboxCensus;
import org.jamesantispam.it.clients.SmtpReply;
import org.jamesantispam.it.clients.WebAdminClient;
import org.jamesantispam.it.james.AntispamJames;
import org.jamesantispam.it.james.JamesConf;
import org.jamesantispam.it.services.SpamdExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * spamd killed in the middle of a run with the content filter in the SMTP dialogue
 * ({@code DataSpamHook} enabled as smtpserver.xml's comment says, {@code tempFailOnError} true):
 * messages arriving during the outage are refused with {@code 451 4.3.0} (the client keeps them and
 * retries, as every MTA does), never accepted unchecked. The client retries once spamd is back:
 * every message is delivered exactly once and scanned; none is tagged UNCHECKED.
 */
class SpamdOutageDeferTest {
    @RegisterExtension
    @Order(1)
    static SpamdExtension spamd = new SpamdExtension();

    @RegisterExtension
    @Order(2)
    static JamesServerExtension james = AntispamJames.extension(JamesConf.reference()
        .replace("smtpserver.xml", "127.0.0.1:7830", () -> "127.0.0.1:" + spamd.port())
        .replace("smtpserver.xml", "<!-- DataSpamHook: BEGIN (disabled)", "<!-- DataSpamHook: enabled -->")
        .replace("smtpserver.xml", "DataSpamHook: END (disabled) -->", "")
        .replace("smtpserver.xml", "<tempFailOnError>false</tempFailOnError>", "<tempFailOnError>true</tempFailOnError>")
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
    void messagesDuringTheOutageAreDeferredThenDeliveredOnceScanned() {
        for (int id = 0; id < 10; id++) {
            NumberedMessages.sendAccepted(SpamdOutageTest.INTERNET, smtp, id, ALICE);
        }
        List<Integer> deferred = new ArrayList<>();
        spamd.stop();
        try {
            for (int id = 10; id < 20; id++) {
                SmtpReply reply = NumberedMessages.send(SpamdOutageTest.INTERNET, smtp, id, ALICE);
                assertThat(reply.line()).as("message %d", id).matches("451 4\\.3\\.0 Content filter unavailable, try again later, id=Mail\\S+");
                deferred.add(id);
            }
        } finally {
            spamd.start();
        }
        for (int id : deferred) {
            NumberedMessages.sendAccepted(SpamdOutageTest.INTERNET, smtp, id, ALICE);
        }
        for (int id = 20; id < 30; id++) {
            NumberedMessages.sendAccepted(SpamdOutageTest.INTERNET, smtp, id, ALICE);
        }

        Map<Integer, List<MailboxCensus.Entry>> delivered = NumberedMessages.awaitDelivered(imap, ALICE, 30);
        NumberedMessages.assertEachExactlyOnce(delivered, NumberedMessages.range(0, 30));
        delivered.forEach((id, copies) -> {
            assertThat(copies.get(0).value("Subject")).as("message %d", id).hasValue("message " + id);
            assertThat(copies.get(0).value("X-Spam-Status").orElseThrow()).as("message %d", id).startsWith("No, score=")
                .doesNotContain("unchecked=");
        });
        assertThat(webAdmin.get("/mailRepositories/var%2Fmail%2Ferror%2F/mails").body()).isEqualTo("[]");
    }
}
