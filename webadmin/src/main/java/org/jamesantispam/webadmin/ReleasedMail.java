package org.jamesantispam.webadmin;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import javax.mail.MessagingException;
import javax.mail.internet.MimeMessage;

import org.apache.james.core.MailAddress;
import org.apache.james.server.core.MailImpl;
import org.apache.mailet.Attribute;
import org.apache.mailet.Mail;
import org.apache.mailet.PerRecipientHeaders;
import org.jamesantispam.core.spam.SpamHeaders;
import org.jamesantispam.core.spam.mail.QuarantineAttributes;

/**
 * The mails a release puts back on James' spool: copies of the quarantined mail for the released
 * recipients, starting in processor {@code transport} (after the content filter, like the
 * quarantine's own forwarded copies), marked released ({@code org.jamesantispam.spam.released}).
 * They keep the verdict attributes (so {@code ScoreWithSpamd} would leave them alone even in
 * {@code root}), the envelope sender, the client address and the Message-ID. The quarantine's
 * envelope headers ({@code X-Envelope-From}, {@code X-Envelope-To}: they would show every
 * recipient, Bcc included) are removed; {@code X-Quarantine-ID} stays, so the mailbox shows where
 * the mail came from.
 *
 * <p>Each recipient's own {@code X-Spam-*} headers (per-recipient headers, which James adds at
 * delivery) are written into the message instead of the quarantine copy's, one copy per distinct
 * set of headers (usually one copy for all). The copies carry no per-recipient headers: James
 * 3.8.1's memory mail queue doubles those when it enqueues a mail (its {@code cloneMail} duplicates
 * the mail, headers included, then adds them again).
 */
final class ReleasedMail {
    static final String PROCESSOR = "transport";

    private ReleasedMail() {
    }

    static List<Mail> of(Mail stored, List<MailAddress> recipients, long nowMillis) throws MessagingException {
        Map<List<PerRecipientHeaders.Header>, List<MailAddress>> byHeaders = new LinkedHashMap<>();
        for (MailAddress recipient : recipients) {
            List<PerRecipientHeaders.Header> own = List.copyOf(stored.getPerRecipientSpecificHeaders().getHeadersForRecipient(recipient));
            byHeaders.computeIfAbsent(own, any -> new ArrayList<>()).add(recipient);
        }
        List<Mail> copies = new ArrayList<>();
        for (Map.Entry<List<PerRecipientHeaders.Header>, List<MailAddress>> group : byHeaders.entrySet()) {
            copies.add(copy(stored, group.getValue(), message(stored.getMessage(), group.getKey()), nowMillis));
        }
        return copies;
    }

    private static MimeMessage message(MimeMessage source, List<PerRecipientHeaders.Header> own) throws MessagingException {
        MimeMessage message = new KeptIdMessage(source);
        message.removeHeader("X-Envelope-From");
        message.removeHeader("X-Envelope-To");
        if (own.stream().anyMatch(header -> header.getName().toLowerCase(Locale.ROOT).startsWith("x-spam-"))) {
            for (String name : SpamHeaders.NAMES) {
                message.removeHeader(name);
            }
            for (PerRecipientHeaders.Header header : own) {
                message.removeHeader(header.getName());
            }
        }
        for (PerRecipientHeaders.Header header : own) {
            message.addHeader(header.getName(), header.getValue());
        }
        message.saveChanges();
        return message;
    }

    private static Mail copy(Mail stored, List<MailAddress> recipients, MimeMessage message, long nowMillis) throws MessagingException {
        List<Attribute> attributes = new ArrayList<>();
        stored.attributes().map(Attribute::duplicate).forEach(attributes::add);
        Mail copy = MailImpl.builder()
            .name(stored.getName() + "-released-" + UUID.randomUUID())
            .sender(stored.getMaybeSender())
            .addRecipients(recipients)
            .remoteHost(stored.getRemoteHost())
            .remoteAddr(stored.getRemoteAddr())
            .lastUpdated(new java.util.Date(nowMillis))
            .addAttributes(attributes)
            .state(PROCESSOR)
            .mimeMessage(message)
            .build();
        QuarantineAttributes.markReleased(copy, nowMillis);
        return copy;
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
