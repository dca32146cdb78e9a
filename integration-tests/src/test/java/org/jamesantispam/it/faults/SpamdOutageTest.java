package org.jamesantispam.it.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.jamesantispam.it.james.AntispamJames.ALICE;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.james.GuiceJamesServer;
import org.apache.james.JamesServerExtension;
import org.awaitility.Awaitility;
import org.jamesantispam.it.clients.MailboxCensus;
import org.jamesantispam.it.clients.WebAdminClient;
import org.jamesantispam.it.james.AntispamJames;
import org.jamesantispam.it.james.JamesConf;
import org.jamesantispam.it.services.SpamdExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * spamd killed in the middle of a run and started again, with the reference configuration (the
 * content filter in the mailet pipeline, amavis' {@code $undecipherable_subject_tag}): 30 messages
 * from an internet client, back to back; spamd (and its children) killed after the 10th, while
 * the first ones may still be in the pipeline; 10 more during the outage; spamd started again; 10
 * more. Every message is accepted and delivered exactly once; those scanned during the outage arrive
 * tagged {@code ***UNCHECKED*** } with {@code unchecked=} in X-Spam-Status, those after the restart
 * are scanned again. Nothing in the error repository.
 */
class SpamdOutageTest {
    static final String INTERNET = "127.0.0.3";
    static final String UNCHECKED = "***UNCHECKED*** ";

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
    void messagesDuringTheOutageAreDeliveredUncheckedAndNoneIsLostOrDuplicated() {
        for (int id = 0; id < 10; id++) {
            NumberedMessages.sendAccepted(INTERNET, smtp, id, ALICE);
        }
        spamd.stop();
        try {
            for (int id = 10; id < 20; id++) {
                NumberedMessages.sendAccepted(INTERNET, smtp, id, ALICE);
            }
            // every message so far through the pipeline before spamd is back
            NumberedMessages.awaitDelivered(imap, ALICE, 20);
        } finally {
            spamd.start();
        }
        for (int id = 20; id < 30; id++) {
            NumberedMessages.sendAccepted(INTERNET, smtp, id, ALICE);
        }

        Map<Integer, List<MailboxCensus.Entry>> delivered = NumberedMessages.awaitDelivered(imap, ALICE, 30);
        NumberedMessages.assertEachExactlyOnce(delivered, NumberedMessages.range(0, 30));
        List<Integer> unchecked = new ArrayList<>();
        delivered.forEach((id, copies) -> {
            MailboxCensus.Entry copy = copies.get(0);
            String subject = copy.value("Subject").orElseThrow();
            String status = copy.value("X-Spam-Status").orElseThrow();
            boolean tagged = subject.equals(UNCHECKED + "message " + id);
            assertThat(tagged).as("message %d: Subject %s, X-Spam-Status %s", id, subject, status)
                .isEqualTo(status.contains("unchecked="));
            if (tagged) {
                unchecked.add(id);
            } else {
                assertThat(subject).isEqualTo("message " + id);
                assertThat(status).startsWith("No, score=");
            }
        });
        assertThat(unchecked).as("UNCHECKED: all sent during the outage, maybe some in the pipeline when spamd was killed, none after")
            .containsAll(NumberedMessages.range(10, 20))
            .allMatch(id -> id < 20);
        assertThat(webAdmin.get("/mailRepositories/var%2Fmail%2Ferror%2F/mails").body()).isEqualTo("[]");
        Awaitility.await().until(spamd::ping);
    }
}
