package org.jamesantispam.webadmin;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.apache.james.core.MailAddress;
import org.apache.james.core.builder.MimeMessageBuilder;
import org.apache.mailet.Mail;
import org.apache.mailet.PerRecipientHeaders;
import org.apache.mailet.base.test.FakeMail;
import org.jamesantispam.core.spam.mail.QuarantineAttributes;
import org.jamesantispam.core.spam.mail.SpamAttributes;
import org.junit.jupiter.api.Test;

class ReleasedMailTest {
    private static final MailAddress ALICE = address("alice@example.test");
    private static final MailAddress CAROL = address("carol@example.test");

    private static MailAddress address(String text) {
        try {
            return new MailAddress(text);
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static FakeMail quarantined() throws Exception {
        FakeMail mail = FakeMail.builder()
            .name("spam-ABCDEFabcdef")
            .sender("bob@example.org")
            .recipients(ALICE, CAROL)
            .mimeMessage(MimeMessageBuilder.mimeMessageBuilder()
                .addHeader("X-Quarantine-ID", "<spam-ABCDEFabcdef>")
                .addHeader("X-Envelope-From", "<bob@example.org>")
                .addHeader("X-Envelope-To", "<alice@example.test>, <carol@example.test>")
                .addHeader("X-Spam-Flag", "YES")
                .addHeader("X-Spam-Score", "1000.0")
                .addHeader("Message-ID", "<gtube@example.org>")
                .setSubject("GTUBE")
                .setText("XJS*C4JDBQADN1.NSBN3*2IDNEN*GTUBE-STANDARD-ANTI-UBE-TEST-EMAIL*C.34X"))
            .state(Mail.DEFAULT)
            .build();
        SpamAttributes.setQuarantineId(mail, "spam-ABCDEFabcdef");
        return mail;
    }

    private static PerRecipientHeaders.Header header(String name, String value) {
        return PerRecipientHeaders.Header.builder().name(name).value(value).build();
    }

    @Test
    void aCopyForTheReleasedRecipientsStartsInTransportMarkedReleased() throws Exception {
        FakeMail stored = quarantined();
        List<Mail> copies = ReleasedMail.of(stored, List.of(ALICE), 42L);

        assertThat(copies).hasSize(1);
        Mail released = copies.get(0);
        assertThat(released.getRecipients()).containsExactly(ALICE);
        assertThat(released.getState()).isEqualTo("transport");
        assertThat(released.getName()).startsWith("spam-ABCDEFabcdef-released-");
        assertThat(released.getMaybeSender().asString()).isEqualTo("bob@example.org");
        assertThat(QuarantineAttributes.isReleased(released)).isTrue();
        assertThat(SpamAttributes.quarantineId(released)).contains("spam-ABCDEFabcdef");
        assertThat(released.getMessage().getHeader("X-Envelope-To")).isNull();
        assertThat(released.getMessage().getHeader("X-Envelope-From")).isNull();
        assertThat(released.getMessage().getHeader("X-Quarantine-ID")).containsExactly("<spam-ABCDEFabcdef>");
        assertThat(released.getMessage().getMessageID()).isEqualTo("<gtube@example.org>");
        assertThat(released.getMessage().getHeader("X-Spam-Flag")).as("no per-recipient headers: the message keeps its own").containsExactly("YES");
        assertThat(stored.getRecipients()).as("the stored mail is unchanged").containsExactly(ALICE, CAROL);
        assertThat(stored.getMessage().getHeader("X-Envelope-To")).isNotNull();
    }

    @Test
    void eachRecipientsOwnSpamHeadersReplaceTheMessagesAndAreNotLeftPerRecipient() throws Exception {
        FakeMail stored = quarantined();
        stored.addSpecificHeaderForRecipient(header("X-Spam-Flag", "YES"), ALICE);
        stored.addSpecificHeaderForRecipient(header("X-Spam-Score", "1001.0"), ALICE);
        List<Mail> copies = ReleasedMail.of(stored, List.of(ALICE), 42L);

        assertThat(copies).hasSize(1);
        Mail released = copies.get(0);
        assertThat(released.getMessage().getHeader("X-Spam-Flag")).containsExactly("YES");
        assertThat(released.getMessage().getHeader("X-Spam-Score")).containsExactly("1001.0");
        assertThat(released.getPerRecipientSpecificHeaders().getHeadersForRecipient(ALICE))
            .as("James' memory queue would double them").isEmpty();
    }

    @Test
    void recipientsWithDifferentHeadersGetACopyEach() throws Exception {
        FakeMail stored = quarantined();
        stored.addSpecificHeaderForRecipient(header("X-Spam-Score", "7.0"), ALICE);
        stored.addSpecificHeaderForRecipient(header("X-Spam-Score", "7.5"), CAROL);
        List<Mail> copies = ReleasedMail.of(stored, List.of(ALICE, CAROL), 42L);

        assertThat(copies).hasSize(2);
        assertThat(copies.get(0).getRecipients()).containsExactly(ALICE);
        assertThat(copies.get(0).getMessage().getHeader("X-Spam-Score")).containsExactly("7.0");
        assertThat(copies.get(1).getRecipients()).containsExactly(CAROL);
        assertThat(copies.get(1).getMessage().getHeader("X-Spam-Score")).containsExactly("7.5");
        assertThat(copies.get(0).getName()).isNotEqualTo(copies.get(1).getName());
    }

    @Test
    void recipientsWithTheSameHeadersShareOneCopy() throws Exception {
        FakeMail stored = quarantined();
        stored.addSpecificHeaderForRecipient(header("X-Spam-Flag", "YES"), ALICE);
        stored.addSpecificHeaderForRecipient(header("X-Spam-Flag", "YES"), CAROL);
        List<Mail> copies = ReleasedMail.of(stored, List.of(ALICE, CAROL), 42L);

        assertThat(copies).hasSize(1);
        assertThat(copies.get(0).getRecipients()).containsExactly(ALICE, CAROL);
    }
}
