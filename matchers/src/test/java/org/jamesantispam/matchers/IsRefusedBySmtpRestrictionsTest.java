package org.jamesantispam.matchers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import javax.mail.MessagingException;

import org.apache.james.core.MailAddress;
import org.apache.mailet.Attribute;
import org.apache.mailet.AttributeName;
import org.apache.mailet.AttributeValue;
import org.apache.mailet.Mail;
import org.apache.mailet.base.test.FakeMail;
import org.apache.mailet.base.test.FakeMatcherConfig;
import org.jamesantispam.core.restrictions.HostResolver;
import org.junit.jupiter.api.Test;

class IsRefusedBySmtpRestrictionsTest {
    private static IsRefusedBySmtpRestrictions matcher(String condition) throws MessagingException {
        IsRefusedBySmtpRestrictions matcher = new IsRefusedBySmtpRestrictions(name -> HostResolver.Lookup.NOT_FOUND,
            domain -> domain.equals("example.test"));
        matcher.init(FakeMatcherConfig.builder().matcherName("IsRefusedBySmtpRestrictions").condition(condition).build());
        return matcher;
    }

    private static FakeMail mail(String remoteAddr, String helo, String sender, boolean trusted, String... recipients) throws Exception {
        FakeMail.Builder builder = FakeMail.builder().name("m").remoteAddr(remoteAddr).sender(sender)
            .attribute(new Attribute(Mail.SMTP_HELO, AttributeValue.of(helo)));
        for (String recipient : recipients) {
            builder.recipient(new MailAddress(recipient));
        }
        if (trusted) {
            builder.attribute(new Attribute(AttributeName.of("org.apache.james.SMTPIsAuthNetwork"), AttributeValue.of(true)));
        }
        return builder.build();
    }

    @Test
    void matchesTheRecipientsTheListRefuses() throws Exception {
        IsRefusedBySmtpRestrictions matcher = matcher("permit_mynetworks, reject_unauth_destination");
        assertThat(matcher.match(mail("192.0.2.1", "mail.example.org", "bob@example.org", false, "alice@example.test", "x@other.test")))
            .containsExactly(new MailAddress("x@other.test"));
    }

    @Test
    void usesHeloSenderAndTrustFromTheMail() throws Exception {
        IsRefusedBySmtpRestrictions matcher = matcher("permit_mynetworks, reject_invalid_helo_hostname, reject_unknown_sender_domain");
        assertThat(matcher.match(mail("192.0.2.1", "bad..helo", "bob@example.org", false, "alice@example.test"))).hasSize(1);
        assertThat(matcher.match(mail("192.0.2.1", "bad..helo", "bob@example.org", true, "alice@example.test"))).isEmpty();
        assertThat(matcher.match(mail("192.0.2.1", "mail.example.org", "bob@nx.example", false, "alice@example.test"))).hasSize(1);
    }

    @Test
    void refusesAnEmptyOrUnknownCondition() {
        assertThatThrownBy(() -> matcher("")).hasMessageContaining("condition is empty");
        assertThatThrownBy(() -> matcher("reject_everything")).hasMessageContaining("'reject_everything'");
    }
}
