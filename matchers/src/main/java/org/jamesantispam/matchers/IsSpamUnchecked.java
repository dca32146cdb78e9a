package org.jamesantispam.matchers;

import java.util.Collection;
import java.util.Map;

import javax.mail.MessagingException;

import org.apache.james.core.MailAddress;
import org.apache.mailet.Mail;
import org.apache.mailet.base.GenericMatcher;
import org.jamesantispam.core.spam.Category;
import org.jamesantispam.core.spam.RecipientVerdict;
import org.jamesantispam.core.spam.mail.SpamAttributes;

/**
 * Matches the recipients for whom the spam check failed: spamd unreachable, too slow (timeout),
 * all scan slots busy, or an unreadable reply. amavis delivers such mail with
 * {@code $undecipherable_subject_tag = '***UNCHECKED*** '}; so does the reference configuration.
 * (A message only too big for spamd, {@code maxSize}, is not unchecked: amavis passes it as clean.)
 *
 * <p>Condition: empty, or {@code local} for local recipients only.
 *
 * <pre>{@code
 * <mailet match="org.jamesantispam.matchers.IsSpamUnchecked=local" class="org.jamesantispam.mailets.TagSubject">
 *     <tag>"***UNCHECKED*** "</tag>
 * </mailet>
 * }</pre>
 */
public class IsSpamUnchecked extends GenericMatcher {
    private boolean localOnly;

    @Override
    public void init() throws MessagingException {
        SpamConditions.refuseOtherWords("IsSpamUnchecked", getCondition());
        localOnly = SpamConditions.localOnly(getCondition());
    }

    @Override
    public Collection<MailAddress> match(Mail mail) {
        Map<String, RecipientVerdict> verdicts = SpamAttributes.verdicts(mail);
        return mail.getRecipients().stream()
            .filter(recipient -> {
                RecipientVerdict verdict = verdicts.get(recipient.asString());
                return verdict != null && verdict.category() == Category.UNCHECKED && (!localOnly || verdict.local());
            })
            .toList();
    }

    @Override
    public String getMatcherInfo() {
        return "Recipients for whom the spam check failed";
    }
}
