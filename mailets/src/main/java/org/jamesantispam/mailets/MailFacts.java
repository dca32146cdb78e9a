package org.jamesantispam.mailets;

import java.util.Collection;
import java.util.List;
import java.util.Optional;

import javax.mail.MessagingException;

import org.apache.james.core.MailAddress;
import org.apache.mailet.AttributeUtils;
import org.apache.mailet.Mail;
import org.jamesantispam.core.spam.Category;
import org.jamesantispam.core.spam.RecipientVerdict;
import org.jamesantispam.core.spam.ScanResult;
import org.jamesantispam.core.spam.SummaryLine;
import org.jamesantispam.core.spam.mail.SpamAttributes;

/**
 * What notices and log lines say about a mail, read without ever failing: a broken message gives
 * {@code ?}, not an exception, so reporting cannot lose mail.
 */
final class MailFacts {
    private MailFacts() {
    }

    static String sender(Mail mail) {
        return mail.getMaybeSender().asString("");
    }

    static List<String> recipients(Mail mail) {
        return mail.getRecipients().stream().map(MailAddress::asString).toList();
    }

    static String clientIp(Mail mail) {
        return mail.getRemoteAddr() == null ? "" : mail.getRemoteAddr();
    }

    static String helo(Mail mail) {
        return AttributeUtils.getValueAndCastFromMail(mail, Mail.SMTP_HELO, String.class).orElse("");
    }

    static String messageId(Mail mail) {
        try {
            return Optional.ofNullable(mail.getMessage().getMessageID()).orElse("");
        } catch (MessagingException | RuntimeException e) {
            return "?";
        }
    }

    static String subject(Mail mail) {
        try {
            return Optional.ofNullable(mail.getMessage().getSubject()).orElse("");
        } catch (MessagingException | RuntimeException e) {
            return "?";
        }
    }

    static long size(Mail mail) {
        try {
            return mail.getMessageSize();
        } catch (MessagingException | RuntimeException e) {
            return -1;
        }
    }

    /** The verdicts of the mail's current recipients. */
    static List<RecipientVerdict> verdicts(Mail mail) {
        java.util.Map<String, RecipientVerdict> all = SpamAttributes.verdicts(mail);
        return mail.getRecipients().stream().map(r -> all.get(r.asString())).filter(java.util.Objects::nonNull).toList();
    }

    /** The worst category among {@code verdicts} (amavis' order: CLEAN, SPAMMY, SPAM, UNCHECKED). */
    static Category worst(Collection<RecipientVerdict> verdicts) {
        return verdicts.stream().map(RecipientVerdict::category).max(Enum::compareTo).orElse(Category.CLEAN);
    }

    /** The scan of the verdict with the highest score (or the first), for reports. */
    static ScanResult representativeScan(Collection<RecipientVerdict> verdicts) {
        return verdicts.stream()
            .max(java.util.Comparator.comparingDouble(v -> v.score().orElse(Double.NEGATIVE_INFINITY)))
            .map(RecipientVerdict::scan)
            .orElse(ScanResult.notScanned());
    }

    /** Whether any recipient is local: amavis' "Inbound" as opposed to "Outbound". */
    static String direction(Collection<RecipientVerdict> verdicts) {
        return verdicts.stream().anyMatch(RecipientVerdict::local) ? "Inbound" : "Outbound";
    }

    /** A summary line with everything but the outcome and actions filled in. */
    static SummaryLine describe(SummaryLine line, Mail mail, Collection<RecipientVerdict> verdicts) {
        return line.client(clientIp(mail))
            .envelope(sender(mail), recipients(mail))
            .quarantine(SpamAttributes.quarantineId(mail))
            .message(messageId(mail), mail.getName(), size(mail))
            .scan(representativeScan(verdicts))
            .elapsed(SpamAttributes.elapsedMillis(mail));
    }
}
