package org.jamesantispam.mailets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.jamesantispam.mailets.JudgedMails.judged;
import static org.jamesantispam.mailets.JudgedMails.scanned;
import static org.jamesantispam.mailets.JudgedMails.spamMessage;

import javax.mail.MessagingException;
import javax.mail.internet.InternetAddress;

import org.apache.james.core.MailAddress;
import org.apache.mailet.Attribute;
import org.apache.mailet.AttributeValue;
import org.apache.mailet.Mail;
import org.apache.mailet.base.test.FakeMail;
import org.apache.mailet.base.test.FakeMailContext;
import org.apache.mailet.base.test.FakeMailetConfig;
import org.jamesantispam.core.spam.mail.SpamAttributes;
import org.junit.jupiter.api.Test;

class NotifySpamAdminTest {
    private final FakeMailContext context = postmasterContext();

    private static FakeMailContext postmasterContext() {
        try {
            return FakeMailContext.builder().postmaster(new MailAddress("postmaster@example.test")).build();
        } catch (javax.mail.internet.AddressException e) {
            throw new IllegalStateException(e);
        }
    }

    private NotifySpamAdmin mailet(String... keyValues) throws MessagingException {
        FakeMailetConfig.Builder config = FakeMailetConfig.builder().mailetName("NotifySpamAdmin").mailetContext(context);
        for (int i = 0; i < keyValues.length; i += 2) {
            config.setProperty(keyValues[i], keyValues[i + 1]);
        }
        NotifySpamAdmin mailet = new NotifySpamAdmin();
        mailet.init(config.build());
        return mailet;
    }

    @Test
    void noticeNamesClientSenderRecipientsSubjectScoreRulesAndQuarantineId() throws Exception {
        FakeMail mail = judged("bob@x.test", scanned(1000, "GTUBE", "NO_RELAYS"), spamMessage(), "alice@example.test");
        mail.setAttribute(new Attribute(Mail.SMTP_HELO, AttributeValue.of("mail.x.test")));
        SpamAttributes.setQuarantineId(mail, "spam-ABCDEFabcdef");

        mailet("to", "spamalert@example.test", "from", "postmaster@example.test").service(mail);

        FakeMailContext.SentMail notice = context.getSentMails().get(0);
        assertThat(notice.getSender()).isEqualTo(new MailAddress("postmaster@example.test"));
        assertThat(notice.getRecipients()).containsExactly(new MailAddress("spamalert@example.test"));
        assertThat(notice.getState()).isEqualTo("transport");
        assertThat(notice.getMsg().getFrom()).containsExactly(new InternetAddress("postmaster@example.test"));
        assertThat(notice.getMsg().getSubject()).isEqualTo("SPAM from [203.0.113.7] <bob@x.test>");
        assertThat(notice.getMsg().getHeader("Auto-Submitted")).containsExactly("auto-generated");
        String body = (String) notice.getMsg().getContent();
        assertThat(body).contains("blocked as spam")
            .contains("Client:        [203.0.113.7] (helo mail.x.test)")
            .contains("Sender:        <bob@x.test>")
            .contains("Recipients:    <alice@example.test>")
            .contains("Subject:       Cheap pills")
            .contains("Message-ID:    <spam-1@bad.test>")
            .contains("Score:         1000.0 (kill level 5.0)")
            .contains("Tests:         GTUBE, NO_RELAYS")
            .contains("Quarantine ID: spam-ABCDEFabcdef");
        assertThat(mail.getState()).isNotEqualTo(Mail.GHOST);
    }

    @Test
    void defaultsToThePostmaster() throws Exception {
        FakeMail mail = judged("spammer@bad.test", scanned(0), spamMessage(), "alice@example.test");
        mailet("to", "spamalert@example.test").service(mail);
        FakeMailContext.SentMail notice = context.getSentMails().get(0);
        assertThat(notice.getSender()).isEqualTo(context.getPostmaster());
        assertThat((String) notice.getMsg().getContent()).contains("Sender list:   block list").contains("Quarantine ID: -");
    }

    @Test
    void refusesMissingOrBadAddresses() {
        assertThatThrownBy(() -> mailet()).hasMessageContaining("<to> is required");
        assertThatThrownBy(() -> mailet("to", "a@b.test", "from", "x@y.test, z@y.test")).hasMessageContaining("expected one");
    }
}
