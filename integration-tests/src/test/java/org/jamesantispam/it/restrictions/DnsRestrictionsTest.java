package org.jamesantispam.it.restrictions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.jamesantispam.it.james.AntispamJames.ALICE;

import org.apache.james.GuiceJamesServer;
import org.apache.james.JamesServerExtension;
import org.jamesantispam.it.clients.SmtpClient;
import org.jamesantispam.it.clients.SmtpReply;
import org.jamesantispam.it.james.AntispamJames;
import org.jamesantispam.it.james.JamesConf;
import org.jamesantispam.it.services.RbldnsdExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code reject_unknown_helo_hostname} and {@code reject_unknown_sender_domain} against a real DNS
 * server: rbldnsd serving zones {@code example.org} (an A and an MX record) and {@code nx.test}
 * (empty), on 127.0.0.153:53, which James' resolver ({@code dnsservice.xml}) uses.
 */
class DnsRestrictionsTest {
    private static final String DNS_HOST = "127.0.0.153";

    @RegisterExtension
    @Order(1)
    static RbldnsdExtension dns = RbldnsdExtension.builder()
        .listenOn(DNS_HOST, 53)
        .generic("example.org", "mail A 127.0.0.10", "@ MX 10 mail.example.org", "@ A 127.0.0.11")
        .generic("nx.test", "something A 127.0.0.12")
        .build();

    @RegisterExtension
    @Order(2)
    static JamesServerExtension james = AntispamJames.extension(JamesConf.reference().withoutContentFilter()
        .replace("dnsservice.xml", "<server>127.0.0.1</server>", "<server>" + DNS_HOST + "</server>")
        .restrictions("""
            <mynetworks>127.0.0.1/32</mynetworks>
            <unknown_address_reject_code>550</unknown_address_reject_code>
            <smtpd_helo_restrictions>permit_mynetworks, reject_unknown_helo_hostname</smtpd_helo_restrictions>
            <smtpd_sender_restrictions>permit_mynetworks, reject_unknown_sender_domain</smtpd_sender_restrictions>
            <smtpd_recipient_restrictions>permit_mynetworks, reject_unauth_destination</smtpd_recipient_restrictions>
            """));

    private static int smtp;

    @BeforeAll
    static void setUp(GuiceJamesServer server) throws Exception {
        AntispamJames.addDemoUsers(server);
        smtp = AntispamJames.smtpPort(server);
    }

    private static SmtpReply rcpt(String helo, String sender) {
        try (SmtpClient client = SmtpClient.connect("127.0.0.2", smtp)) {
            client.command("EHLO " + helo);
            client.command("MAIL FROM:<" + sender + ">");
            return client.command("RCPT TO:<" + ALICE + ">");
        }
    }

    @Test
    void resolvableHeloAndSenderDomainPass() {
        assertThat(rcpt("mail.example.org", "bob@example.org").code()).isEqualTo(250);
    }

    @Test
    void unknownHeloHostnameGetsPostfixsTemporaryReply() {
        assertThat(rcpt("ghost.nx.test", "bob@example.org").line())
            .isEqualTo("450 4.7.1 <ghost.nx.test>: Helo command rejected: Host not found");
    }

    @Test
    void unknownSenderDomainIsRefusedWithTheConfiguredCode() {
        assertThat(rcpt("mail.example.org", "bob@ghost.nx.test").line())
            .isEqualTo("550 5.1.8 <bob@ghost.nx.test>: Sender address rejected: Domain not found");
    }

    @Test
    void theNullSenderIsNotLookedUp() {
        assertThat(rcpt("mail.example.org", "").code()).isEqualTo(250);
    }
}
