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
import org.junit.jupiter.api.Test;

class HasInvalidHeloNameTest {
    private static final Attribute TRUSTED = new Attribute(AttributeName.of("org.apache.james.SMTPIsAuthNetwork"), AttributeValue.of(true));

    private static HasInvalidHeloName matcher(String condition) throws MessagingException {
        HasInvalidHeloName matcher = new HasInvalidHeloName();
        matcher.init(FakeMatcherConfig.builder().matcherName("HasInvalidHeloName").condition(condition).build());
        return matcher;
    }

    private static FakeMail mail(String helo, boolean trusted) throws MessagingException {
        FakeMail.Builder builder = FakeMail.builder().name("m").recipients(new MailAddress("alice@example.test"));
        if (helo != null) {
            builder.attribute(new Attribute(Mail.SMTP_HELO, AttributeValue.of(helo)));
        }
        if (trusted) {
            builder.attribute(TRUSTED);
        }
        return builder.build();
    }

    @Test
    void matchesAllRecipientsOfAnUntrustedClientWithInvalidHelo() throws Exception {
        assertThat(matcher(null).match(mail("bad..helo", false))).containsExactly(new MailAddress("alice@example.test"));
    }

    @Test
    void ignoresValidHeloAndMailWithoutHelo() throws Exception {
        assertThat(matcher(null).match(mail("mail.example.org", false))).isEmpty();
        assertThat(matcher(null).match(mail("[192.0.2.1]", false))).isEmpty();
        assertThat(matcher(null).match(mail(null, false))).isEmpty();
    }

    @Test
    void skipsTrustedClientsUnlessAskedTo() throws Exception {
        assertThat(matcher(null).match(mail("bad..helo", true))).isEmpty();
        assertThat(matcher("includeTrusted").match(mail("bad..helo", true))).hasSize(1);
    }

    @Test
    void refusesAnUnknownCondition() {
        assertThatThrownBy(() -> matcher("everyone"))
            .isInstanceOf(MessagingException.class)
            .hasMessageContaining("'everyone'")
            .hasMessageContaining("includeTrusted");
    }
}
