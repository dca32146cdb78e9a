package org.jamesantispam.core.restrictions;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;

import org.jamesantispam.core.restrictions.Decision.Action;
import org.jamesantispam.core.restrictions.HostResolver.Lookup;
import org.junit.jupiter.api.Test;

class StandardRestrictionsTest {
    private static SmtpRequest request(String helo, String sender, String recipient) throws Exception {
        return SmtpRequest.connect(InetAddress.getByName("192.0.2.1"), false).withHelo(helo).withSender(sender).withRecipient(recipient);
    }

    private static String reply(Restriction restriction, SmtpRequest request) {
        return restriction.evaluate(request).reply().map(Reply::line).orElse("DUNNO");
    }

    @Test
    void nonFqdnHelo() throws Exception {
        Restriction check = new RejectNonFqdnHeloHostname();
        assertThat(reply(check, request("localhost", null, null))).isEqualTo("504 5.5.2 <localhost>: Helo command rejected: need fully-qualified hostname");
        assertThat(reply(check, request("mail.example.org", null, null))).isEqualTo("DUNNO");
        assertThat(reply(check, request("[192.0.2.1]", null, null))).isEqualTo("DUNNO");
    }

    @Test
    void nonFqdnSenderAndRecipient() throws Exception {
        assertThat(reply(new RejectNonFqdnAddress(Stage.SENDER), request("h.example", "bob@localhost", null)))
            .isEqualTo("504 5.5.2 <bob@localhost>: Sender address rejected: need fully-qualified address");
        assertThat(reply(new RejectNonFqdnAddress(Stage.SENDER), request("h.example", "", null))).isEqualTo("DUNNO");
        assertThat(reply(new RejectNonFqdnAddress(Stage.RECIPIENT), request("h.example", "", "alice")))
            .isEqualTo("504 5.5.2 <alice>: Recipient address rejected: need fully-qualified address");
        assertThat(reply(new RejectNonFqdnAddress(Stage.RECIPIENT), request("h.example", "", "alice@example.test"))).isEqualTo("DUNNO");
    }

    @Test
    void unknownHeloHostnameIsTemporaryByDefaultAndAlwaysOnDnsFailure() throws Exception {
        assertThat(reply(new RejectUnknownHeloHostname(name -> Lookup.NOT_FOUND, 450), request("nx.example", null, null)))
            .isEqualTo("450 4.7.1 <nx.example>: Helo command rejected: Host not found");
        assertThat(reply(new RejectUnknownHeloHostname(name -> Lookup.NOT_FOUND, 550), request("nx.example", null, null)))
            .isEqualTo("550 5.7.1 <nx.example>: Helo command rejected: Host not found");
        assertThat(reply(new RejectUnknownHeloHostname(name -> Lookup.FAILED, 550), request("slow.example", null, null)))
            .startsWith("450 4.7.1 <slow.example>: Helo command rejected");
        assertThat(reply(new RejectUnknownHeloHostname(name -> Lookup.FOUND, 550), request("mail.example", null, null))).isEqualTo("DUNNO");
        assertThat(reply(new RejectUnknownHeloHostname(name -> Lookup.NOT_FOUND, 550), request("[192.0.2.1]", null, null))).isEqualTo("DUNNO");
    }

    @Test
    void unknownSenderDomainIsNeverPermanentOnDnsFailure() throws Exception {
        assertThat(reply(new RejectUnknownSenderDomain(name -> Lookup.NOT_FOUND, 450), request("h.example", "bob@nx.example", null)))
            .isEqualTo("450 4.1.8 <bob@nx.example>: Sender address rejected: Domain not found");
        assertThat(reply(new RejectUnknownSenderDomain(name -> Lookup.NOT_FOUND, 550), request("h.example", "bob@nx.example", null)))
            .isEqualTo("550 5.1.8 <bob@nx.example>: Sender address rejected: Domain not found");
        assertThat(reply(new RejectUnknownSenderDomain(name -> Lookup.FAILED, 550), request("h.example", "bob@slow.example", null)))
            .startsWith("450 4.1.8");
        assertThat(reply(new RejectUnknownSenderDomain(name -> Lookup.NOT_FOUND, 550), request("h.example", "", null))).isEqualTo("DUNNO");
    }

    @Test
    void unauthDestination() throws Exception {
        LocalDomains local = domain -> domain.equals("example.test");
        assertThat(reply(new RejectUnauthDestination(local, false), request("h.example", "a@b.test", "x@other.test")))
            .isEqualTo("554 5.7.1 <x@other.test>: Relay access denied");
        assertThat(reply(new RejectUnauthDestination(local, true), request("h.example", "a@b.test", "x@other.test")))
            .isEqualTo("454 4.7.1 <x@other.test>: Relay access denied");
        assertThat(reply(new RejectUnauthDestination(local, false), request("h.example", "a@b.test", "alice@example.test"))).isEqualTo("DUNNO");
    }

    @Test
    void permitMynetworks() throws Exception {
        SmtpRequest trusted = SmtpRequest.connect(InetAddress.getByName("127.0.0.1"), true);
        assertThat(new PermitMynetworks().evaluate(trusted).action()).isEqualTo(Action.PERMIT);
        assertThat(new PermitMynetworks().evaluate(request("h", null, null)).action()).isEqualTo(Action.DUNNO);
    }
}
