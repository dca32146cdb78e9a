package org.jamesantispam.mailets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.jamesantispam.mailets.JudgedMails.judged;
import static org.jamesantispam.mailets.JudgedMails.scanned;
import static org.jamesantispam.mailets.JudgedMails.spamMessage;

import javax.mail.MessagingException;
import javax.mail.internet.MimeMultipart;

import org.apache.james.core.MailAddress;
import org.apache.mailet.Mail;
import org.apache.mailet.base.test.FakeMail;
import org.apache.mailet.base.test.FakeMailContext;
import org.apache.mailet.base.test.FakeMailetConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ApplySpamDestinyTest {
    private final FakeMailContext context = postmasterContext();

    private static FakeMailContext postmasterContext() {
        try {
            return FakeMailContext.builder().postmaster(new MailAddress("postmaster@example.test")).build();
        } catch (javax.mail.internet.AddressException e) {
            throw new IllegalStateException(e);
        }
    }

    private ApplySpamDestiny mailet(String destiny, String... keyValues) throws MessagingException {
        FakeMailetConfig.Builder config = FakeMailetConfig.builder().mailetName("ApplySpamDestiny").mailetContext(context)
            .setProperty("destiny", destiny);
        for (int i = 0; i < keyValues.length; i += 2) {
            config.setProperty(keyValues[i], keyValues[i + 1]);
        }
        ApplySpamDestiny mailet = new ApplySpamDestiny();
        mailet.init(config.build());
        return mailet;
    }

    private static FakeMail spam(double score, String... headers) throws MessagingException {
        return judged("bob@x.test", scanned(score, "ANTISPAM_TEST_SPAM"), spamMessage(headers), "alice@example.test");
    }

    @Test
    void passMovesTheMailOn() throws Exception {
        FakeMail mail = spam(6);
        mailet("D_PASS").service(mail);
        assertThat(mail.getState()).isEqualTo("transport");
        assertThat(context.getSentMails()).isEmpty();
    }

    @Test
    void discardDropsSilently() throws Exception {
        FakeMail mail = spam(6);
        mailet("discard").service(mail);
        assertThat(mail.getState()).isEqualTo(Mail.GHOST);
        assertThat(context.getSentMails()).isEmpty();
    }

    @Test
    void bounceSendsADeliveryStatusNotificationFromThePostmasterWithNullSender() throws Exception {
        FakeMail mail = spam(6);
        mailet("D_BOUNCE", "bounceFrom", "mailer-daemon@example.test").service(mail);

        assertThat(mail.getState()).isEqualTo(Mail.GHOST);
        assertThat(context.getSentMails()).hasSize(1);
        FakeMailContext.SentMail dsn = context.getSentMails().get(0);
        assertThat(dsn.getSender()).isNull();
        assertThat(dsn.getRecipients()).containsExactly(new MailAddress("bob@x.test"));
        assertThat(dsn.getMsg().getContentType()).startsWith("multipart/report").contains("report-type=delivery-status");
        MimeMultipart report = (MimeMultipart) dsn.getMsg().getContent();
        assertThat(report.getCount()).isEqualTo(3);
        assertThat((String) report.getBodyPart(0).getContent()).contains("<alice@example.test>").contains("classified as spam");
        assertThat(report.getBodyPart(1).getContentType()).isEqualTo("message/delivery-status");
        String status = new String(report.getBodyPart(1).getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.US_ASCII);
        assertThat(status).contains("Final-Recipient: rfc822; alice@example.test").contains("Action: failed").contains("Status: 5.7.0")
            .contains("Diagnostic-Code: smtp; 554 5.7.0 Reject, id=mail-1 - SPAM");
        assertThat(report.getBodyPart(2).getContentType()).isEqualTo("text/rfc822-headers");
        assertThat(new String(report.getBodyPart(2).getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8))
            .contains("Subject: Cheap pills").doesNotContain("buy now");
    }

    @ParameterizedTest
    @CsvSource({
        "Precedence, bulk", "Precedence, Junk", "Precedence, list",
        "List-Id, <users.lists.x.test>", "List-Unsubscribe, <mailto:leave@x.test>", "Auto-Submitted, auto-replied"})
    void noBounceForBulkListOrAutomaticMail(String header, String value) throws Exception {
        FakeMail mail = spam(6, header, value);
        mailet("D_BOUNCE").service(mail);
        assertThat(mail.getState()).isEqualTo(Mail.GHOST);
        assertThat(context.getSentMails()).isEmpty();
    }

    @Test
    void noBounceForTheNullSenderAboveTheCutoffOrForBlockListedSenders() throws Exception {
        FakeMail nullSender = judged(null, scanned(6), spamMessage(), "alice@example.test");
        mailet("D_BOUNCE").service(nullSender);
        FakeMail aboveCutoff = spam(10);
        mailet("D_BOUNCE").service(aboveCutoff);
        FakeMail blockListed = judged("spammer@bad.test", scanned(0), spamMessage(), "alice@example.test");
        mailet("D_BOUNCE").service(blockListed);
        assertThat(context.getSentMails()).isEmpty();
        assertThat(nullSender.getState()).isEqualTo(Mail.GHOST);
        assertThat(aboveCutoff.getState()).isEqualTo(Mail.GHOST);
        assertThat(blockListed.getState()).isEqualTo(Mail.GHOST);
    }

    @Test
    void rejectThatGotPastTheDialogueBouncesLikeAmavis() throws Exception {
        FakeMail mail = spam(6);
        mailet("D_REJECT").service(mail);
        assertThat(mail.getState()).isEqualTo(Mail.GHOST);
        assertThat(context.getSentMails()).hasSize(1);
    }

    @Test
    void refusesUnknownDestinies() {
        assertThatThrownBy(() -> mailet("D_QUARANTINE")).hasMessageContaining("ApplySpamDestiny: <destiny> is 'D_QUARANTINE'")
            .hasMessageContaining("D_PASS, D_DISCARD, D_BOUNCE or D_REJECT");
    }
}
