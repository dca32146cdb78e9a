package org.jamesantispam.it.restrictions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.jamesantispam.it.james.AntispamJames.ALICE;

import java.time.Duration;

import org.apache.james.GuiceJamesServer;
import org.apache.james.JamesServerExtension;
import org.jamesantispam.it.clients.SmtpClient;
import org.jamesantispam.it.clients.SmtpReply;
import org.jamesantispam.it.james.AntispamJames;
import org.jamesantispam.it.james.JamesConf;
import org.jamesantispam.it.services.SilentUdpServer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Three DNS blocklists whose server never answers (timeout 2 s): the message is accepted (a DNS
 * failure never rejects) and the three zones, written as three consecutive
 * {@code reject_rbl_client} entries, are queried in parallel: the delay is one timeout, not three.
 */
class SilentDnsblRestrictionsTest {
    @RegisterExtension
    @Order(1)
    static SilentUdpServer silentDns = new SilentUdpServer();

    @RegisterExtension
    @Order(2)
    static JamesServerExtension james = AntispamJames.extension(JamesConf.reference().withoutContentFilter()
        .restrictions(() -> """
            <mynetworks>127.0.0.1/32</mynetworks>
            <dnsbl_resolver>127.0.0.1:%d</dnsbl_resolver>
            <dnsbl_timeout>2s</dnsbl_timeout>
            <smtpd_client_restrictions>permit_mynetworks, reject_rbl_client a.bl.test, reject_rbl_client b.bl.test, reject_rbl_client c.bl.test</smtpd_client_restrictions>
            <smtpd_recipient_restrictions>permit_mynetworks, reject_unauth_destination</smtpd_recipient_restrictions>
            """.formatted(silentDns.port())));

    private static int smtp;

    @BeforeAll
    static void setUp(GuiceJamesServer server) throws Exception {
        AntispamJames.addDemoUsers(server);
        smtp = AntispamJames.smtpPort(server);
    }

    @Test
    void silentBlocklistsNeverRejectAndCostOneTimeout() {
        long start = System.nanoTime();
        SmtpReply reply;
        try (SmtpClient client = SmtpClient.connect("127.0.0.2", smtp)) {
            client.command("EHLO mail.example.org");
            client.command("MAIL FROM:<bob@example.org>");
            reply = client.command("RCPT TO:<" + ALICE + ">");
        }
        Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
        assertThat(reply.code()).as(reply.line()).isEqualTo(250);
        assertThat(silentDns.receivedDatagrams()).isGreaterThanOrEqualTo(3);
        System.out.println("three silent DNSBL zones: RCPT answered in " + elapsed.toMillis() + " ms");
        // sequential lookups would take 3 x 2 s
        assertThat(elapsed).isLessThan(Duration.ofMillis(5500));
    }
}
