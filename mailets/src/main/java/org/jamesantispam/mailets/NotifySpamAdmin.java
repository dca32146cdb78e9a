package org.jamesantispam.mailets;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Properties;
import java.util.stream.Collectors;

import javax.mail.Message;
import javax.mail.MessagingException;
import javax.mail.Session;
import javax.mail.internet.InternetAddress;
import javax.mail.internet.MimeMessage;

import org.apache.james.core.MailAddress;
import org.apache.mailet.Mail;
import org.apache.mailet.base.GenericMailet;
import org.jamesantispam.core.spam.RecipientVerdict;
import org.jamesantispam.core.spam.ScanResult;
import org.jamesantispam.core.spam.mail.SpamAttributes;
import org.jamesantispam.core.spamd.ScoreFormat;

/**
 * Sends the spam administrator a short notice about a mail (amavis {@code $spam_admin}, sent from
 * {@code $mailfrom_notify_spamadmin}): client IP and HELO, envelope sender and recipients,
 * Subject, Message-ID, score with the recipient's kill level, the rules that hit and the
 * quarantine id (when {@code Quarantine} ran before). The notice is a new plain-text message
 * ({@code Auto-Submitted: auto-generated}) that starts in {@code processor}, so it is not filtered
 * itself; the original mail goes on unchanged.
 * <pre>
 * Subject: SPAM from [203.0.113.7] &lt;bob@example.org&gt;
 *
 * A message was blocked as spam.
 *
 * Client:        [203.0.113.7] (helo mail.example.org)
 * Sender:        &lt;bob@example.org&gt;
 * Recipients:    &lt;alice@example.test&gt;
 * Subject:       Test spam mail (GTUBE)
 * Message-ID:    &lt;GTUBE1.1010101@example.net&gt;
 * Score:         1000.0 (kill level 5.0)
 * Tests:         GTUBE, NO_RELAYS
 * Quarantine ID: spam-3fK9q2LmXw0a
 * </pre>
 *
 * <p>Parameters:
 * <ul>
 *   <li>{@code to} (required): one or more addresses;</li>
 *   <li>{@code from}: the notice's sender, envelope and header; default James' postmaster;</li>
 *   <li>{@code processor}: where the notice starts, default {@code transport}.</li>
 * </ul>
 *
 * <pre>{@code
 * <mailet match="All" class="org.jamesantispam.mailets.NotifySpamAdmin">
 *     <to>spamalert@example.test</to>
 *     <from>postmaster@example.test</from>
 * </mailet>
 * }</pre>
 */
public class NotifySpamAdmin extends GenericMailet {
    private List<MailAddress> to;
    /** null: James' postmaster. */
    private MailAddress from;
    private String processor;

    @Override
    public void init() throws MessagingException {
        MailetParameters parameters = MailetParameters.of(this, "to", "from", "processor");
        to = parameters.addresses("to");
        if (to.isEmpty()) {
            throw new MessagingException(getMailetName() + ": parameter <to> is required (the spam administrator's address)");
        }
        List<MailAddress> fromList = parameters.addresses("from");
        if (fromList.size() > 1) {
            throw new MessagingException(getMailetName() + ": <from> has " + fromList.size() + " addresses; expected one");
        }
        from = fromList.isEmpty() ? null : fromList.get(0);
        processor = parameters.optional("processor").map(String::strip).filter(p -> !p.isEmpty()).orElse("transport");
    }

    @Override
    public void service(Mail mail) throws MessagingException {
        // James' postmaster is only known once the mailet container is up, not at init().
        MailAddress from = this.from != null ? this.from : getMailetContext().getPostmaster();
        if (from == null) {
            throw new MessagingException(getMailetName() + ": <from> is not set and James has no postmaster");
        }
        getMailetContext().sendMail(from, to, notice(mail, from), processor);
    }

    private MimeMessage notice(Mail mail, MailAddress from) throws MessagingException {
        List<RecipientVerdict> verdicts = MailFacts.verdicts(mail);
        ScanResult scan = MailFacts.representativeScan(verdicts);
        String client = "[" + MailFacts.clientIp(mail) + "]";
        String envelopeFrom = "<" + MailFacts.sender(mail) + ">";
        StringBuilder body = new StringBuilder()
            .append("A message was ").append(MailFacts.worst(verdicts).name().equals("SPAM") ? "blocked as spam" : "reported by the spam filter")
            .append(".\r\n\r\n")
            .append(line("Client", client + (MailFacts.helo(mail).isEmpty() ? "" : " (helo " + MailFacts.helo(mail) + ")")))
            .append(line("Sender", envelopeFrom))
            .append(line("Recipients", mail.getRecipients().stream().map(r -> "<" + r.asString() + ">").collect(Collectors.joining(", "))))
            .append(line("Subject", MailFacts.subject(mail)))
            .append(line("Message-ID", MailFacts.messageId(mail)))
            .append(line("Score", scoreText(scan, verdicts)))
            .append(line("Tests", scan.testsText().isEmpty() ? "-" : scan.testsText()));
        verdicts.stream().filter(v -> v.listing() != org.jamesantispam.core.spam.Listing.NONE).findFirst()
            .ifPresent(v -> body.append(line("Sender list", v.listing() == org.jamesantispam.core.spam.Listing.BLOCKED ? "block list" : "allow list")));
        body.append(line("Quarantine ID", SpamAttributes.quarantineId(mail).orElse("-")));
        body.append(line("Mail name", mail.getName()));

        MimeMessage notice = new MimeMessage(Session.getInstance(new Properties()));
        notice.setFrom(new InternetAddress(from.asString()));
        for (MailAddress recipient : to) {
            notice.addRecipient(Message.RecipientType.TO, new InternetAddress(recipient.asString()));
        }
        notice.setSubject("SPAM from " + client + " " + envelopeFrom, StandardCharsets.UTF_8.name());
        notice.setHeader("Auto-Submitted", "auto-generated");
        notice.setText(body.toString(), StandardCharsets.UTF_8.name());
        notice.saveChanges();
        return notice;
    }

    private static String scoreText(ScanResult scan, List<RecipientVerdict> verdicts) {
        if (scan.score().isEmpty()) {
            return "- (" + (scan.reason().isEmpty() ? "not scanned" : scan.reason()) + ")";
        }
        double kill = verdicts.stream().mapToDouble(v -> v.levels().kill()).min().orElse(Double.NaN);
        return ScoreFormat.format(scan.score().getAsDouble()) + (Double.isNaN(kill) ? "" : " (kill level " + ScoreFormat.format(kill) + ")");
    }

    private static String line(String label, String value) {
        return String.format("%-15s%s\r\n", label + ":", value.replaceAll("[\\r\\n]+", " "));
    }

    @Override
    public String getMailetInfo() {
        return "Sends the spam administrator a notice";
    }
}
