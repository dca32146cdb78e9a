package org.jamesantispam.webadmin;

import java.util.List;
import java.util.Locale;
import java.util.UUID;

import javax.mail.MessagingException;
import javax.mail.internet.MimeMessage;

import org.apache.james.core.MailAddress;
import org.apache.mailet.Mail;
import org.apache.mailet.PerRecipientHeaders;
import org.jamesantispam.core.spam.SpamHeaders;
import org.jamesantispam.core.spam.mail.QuarantineAttributes;

/**
 * The mail a release puts back on James' spool: a copy of the quarantined mail for the released
 * recipients, starting in processor {@code transport} (after the content filter, like the
 * quarantine's own forwarded copies), marked released ({@code org.jamesantispam.spam.released}).
 * It keeps the verdict attributes (so {@code ScoreWithSpamd} would leave it alone even in
 * {@code root}), the envelope sender, the client address and the Message-ID. The quarantine's
 * envelope headers ({@code X-Envelope-From}, {@code X-Envelope-To}: they would show every
 * recipient, Bcc included) are removed; so are the message's {@code X-Spam-*} headers when every
 * released recipient has its own per-recipient ones (James adds those at delivery), so they are not
 * written twice. {@code X-Quarantine-ID} stays: the mailbox shows where the mail came from.
 */
final class ReleasedMail {
    static final String PROCESSOR = "transport";

    private ReleasedMail() {
    }

    static Mail of(Mail stored, List<MailAddress> recipients, long nowMillis) throws MessagingException {
        Mail copy = stored.duplicate();
        copy.setName(stored.getName() + "-released-" + UUID.randomUUID());
        copy.setRecipients(recipients);
        copy.setState(PROCESSOR);
        QuarantineAttributes.markReleased(copy, nowMillis);
        MimeMessage message = new KeptIdMessage(stored.getMessage());
        message.removeHeader("X-Envelope-From");
        message.removeHeader("X-Envelope-To");
        if (recipients.stream().allMatch(recipient -> hasOwnSpamHeaders(stored, recipient))) {
            for (String name : SpamHeaders.NAMES) {
                message.removeHeader(name);
            }
        }
        message.saveChanges();
        copy.setMessage(message);
        return copy;
    }

    private static boolean hasOwnSpamHeaders(Mail mail, MailAddress recipient) {
        return mail.getPerRecipientSpecificHeaders().getHeadersForRecipient(recipient).stream()
            .map(PerRecipientHeaders.Header::getName)
            .anyMatch(name -> name.toLowerCase(Locale.ROOT).startsWith("x-spam-"));
    }

    /** A copy that keeps its Message-ID when saved (plain MimeMessage would invent one). */
    private static final class KeptIdMessage extends MimeMessage {
        KeptIdMessage(MimeMessage source) throws MessagingException {
            super(source);
        }

        @Override
        protected void updateMessageID() throws MessagingException {
            if (getMessageID() == null) {
                super.updateMessageID();
            }
        }
    }
}
