package org.jamesantispam.matchers;

import java.util.Collection;
import java.util.Map;

import javax.mail.MessagingException;

import org.apache.james.core.MailAddress;
import org.apache.mailet.Mail;
import org.apache.mailet.base.GenericMatcher;
import org.jamesantispam.core.spam.RecipientVerdict;
import org.jamesantispam.core.spam.mail.SpamAttributes;

/**
 * Matches the recipients for whom the message is spam to block: at or above their kill level (or
 * from a block-listed sender), not allow-listed, and not spam lovers. These are the recipients
 * amavis applies {@code $final_spam_destiny} to, after quarantine and the spam-admin notice; spam
 * lovers ({@code spam_lovers}) are left out and get their spam delivered, tagged.
 *
 * <p>No condition.
 *
 * <pre>{@code
 * <mailet match="org.jamesantispam.matchers.IsBlockedSpam" class="ToProcessor">
 *     <processor>spam</processor>
 * </mailet>
 * }</pre>
 */
public class IsBlockedSpam extends GenericMatcher {
    @Override
    public void init() throws MessagingException {
        if (getCondition() != null && !getCondition().isBlank()) {
            throw new MessagingException("IsBlockedSpam: condition is '" + getCondition() + "'; expected none");
        }
    }

    @Override
    public Collection<MailAddress> match(Mail mail) {
        Map<String, RecipientVerdict> verdicts = SpamAttributes.verdicts(mail);
        return mail.getRecipients().stream()
            .filter(recipient -> {
                RecipientVerdict verdict = verdicts.get(recipient.asString());
                return verdict != null && verdict.isBlocked();
            })
            .toList();
    }

    @Override
    public String getMatcherInfo() {
        return "Recipients for whom the message is spam to block";
    }
}
