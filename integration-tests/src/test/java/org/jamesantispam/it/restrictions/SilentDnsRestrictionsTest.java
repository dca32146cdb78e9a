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
 * A DNS server that never answers, as the resolver of the DNS checks ({@code dns_resolver}, timeout
 * 2 s): they answer with a temporary 450 within the timeout, never a permanent refusal, even when
 * the operator chose 550 for unknown names.
 */
class SilentDnsRestrictionsTest {
    @RegisterExtension
    @Order(1)
    static SilentUdpServer silentDns = new SilentUdpServer();

    @RegisterExtension
    @Order(2)
    static JamesServerExtension james = AntispamJames.extension(JamesConf.reference().withoutContentFilter()
        .restrictions(() -> """
            <mynetworks>127.0.0.1/32</mynetworks>
            <dns_resolver>127.0.0.1:%d</dns_resolver>
            <dns_timeout>2s</dns_timeout>
            <unknown_hostname_reject_code>550</unknown_hostname_reject_code>
            <unknown_address_reject_code>550</unknown_address_reject_code>
            <smtpd_helo_restrictions>permit_mynetworks, reject_unknown_helo_hostname</smtpd_helo_restrictions>
            <smtpd_sender_restrictions>permit_mynetworks, reject_unknown_sender_domain</smtpd_sender_restrictions>
            """.formatted(silentDns.port())));

    private static int smtp;

    @BeforeAll
    static void setUp(GuiceJamesServer server) throws Exception {
        AntispamJames.addDemoUsers(server);
        smtp = AntispamJames.smtpPort(server);
    }

    @Test
    void aSilentDnsGivesATemporaryRefusal() {
        long start = System.nanoTime();
        SmtpReply reply;
        try (SmtpClient client = SmtpClient.connect("127.0.0.2", smtp)) {
            client.command("EHLO mail.example.org");
            client.command("MAIL FROM:<bob@example.org>");
            reply = client.command("RCPT TO:<" + ALICE + ">");
        }
        Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
        assertThat(reply.code()).as(reply.line()).isEqualTo(450);
        assertThat(reply.line()).startsWith("450 4.7.1 <mail.example.org>: Helo command rejected");
        assertThat(silentDns.receivedDatagrams()).isPositive();
        System.out.println("silent DNS: RCPT answered in " + elapsed.toMillis() + " ms");
        // one query (MX) times out after 2 s; generous bound for a loaded machine
        assertThat(elapsed).isLessThan(Duration.ofSeconds(10));
    }
}
