package org.jamesantispam.it.restrictions;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.james.GuiceJamesServer;
import org.apache.james.JamesServerExtension;
import org.jamesantispam.it.clients.SmtpClient;
import org.jamesantispam.it.james.AntispamJames;
import org.jamesantispam.it.james.JamesConf;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code smtpd_delay_reject = no}: each list answers at its own command (client and HELO lists at
 * HELO/EHLO, sender list at MAIL FROM), as Postfix does without delay.
 */
class RestrictionStagesTest {
    @RegisterExtension
    static JamesServerExtension james = AntispamJames.extension(JamesConf.reference().withoutContentFilter().restrictions("""
        <smtpd_delay_reject>no</smtpd_delay_reject>
        <mynetworks>127.0.0.1/32</mynetworks>
        <smtpd_client_restrictions>permit_mynetworks, dunno</smtpd_client_restrictions>
        <smtpd_helo_restrictions>permit_mynetworks, reject_invalid_helo_hostname</smtpd_helo_restrictions>
        <smtpd_sender_restrictions>permit_mynetworks, reject_non_fqdn_sender</smtpd_sender_restrictions>
        <smtpd_recipient_restrictions>permit_mynetworks, reject_unauth_destination</smtpd_recipient_restrictions>
        """));

    private static int smtp;

    @BeforeAll
    static void setUp(GuiceJamesServer server) throws Exception {
        AntispamJames.addDemoUsers(server);
        smtp = AntispamJames.smtpPort(server);
    }

    @Test
    void invalidHeloIsRefusedAtHelo() {
        try (SmtpClient client = SmtpClient.connect("127.0.0.2", smtp)) {
            assertThat(client.command("HELO bad..helo").line()).isEqualTo("501 5.5.2 <bad..helo>: Helo command rejected: Invalid name");
            assertThat(client.command("HELO mail.example.org").code()).isEqualTo(250);
        }
    }

    @Test
    void nonFqdnSenderIsRefusedAtMail() {
        try (SmtpClient client = SmtpClient.connect("127.0.0.2", smtp)) {
            client.command("EHLO mail.example.org");
            assertThat(client.command("MAIL FROM:<bob@localhost>").line())
                .isEqualTo("504 5.5.2 <bob@localhost>: Sender address rejected: need fully-qualified address");
            assertThat(client.command("MAIL FROM:<bob@example.org>").code()).isEqualTo(250);
        }
    }

    @Test
    void theTrustedHostPassesEveryStage() {
        try (SmtpClient client = SmtpClient.connect("127.0.0.1", smtp)) {
            assertThat(client.command("HELO bad..helo").code()).isEqualTo(250);
            assertThat(client.command("MAIL FROM:<bob@localhost>").code()).isEqualTo(250);
            assertThat(client.command("RCPT TO:<x@other.test>").code()).isEqualTo(250);
            client.command("RSET");
        }
    }
}
