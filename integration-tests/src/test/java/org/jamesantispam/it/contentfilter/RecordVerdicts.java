package org.jamesantispam.it.contentfilter;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.apache.mailet.Mail;
import org.apache.mailet.base.GenericMailet;
import org.jamesantispam.core.spam.RecipientVerdict;
import org.jamesantispam.core.spam.mail.SpamAttributes;

/**
 * Test-only mailet: remembers, in arrival order, the verdict ScoreWithSpamd recorded on each mail
 * (the in-process James loads it from the test class path), so a test can compare it with what
 * {@code spamc} says about the same message.
 */
public class RecordVerdicts extends GenericMailet {
    /** One mail's name, envelope sender, Message-ID and its first recipient's verdict. */
    public record Recorded(String mailName, String sender, String messageId, RecipientVerdict verdict) {
    }

    static final List<Recorded> RECORDED = new CopyOnWriteArrayList<>();

    @Override
    public void service(Mail mail) {
        RecipientVerdict verdict = SpamAttributes.verdicts(mail).values().iterator().next();
        String messageId;
        try {
            messageId = String.valueOf(mail.getMessage().getMessageID());
        } catch (javax.mail.MessagingException e) {
            messageId = "?";
        }
        RECORDED.add(new Recorded(mail.getName(), mail.getMaybeSender().asString(""), messageId, verdict));
    }
}
