package org.jamesantispam.matchers;

import java.util.Collection;
import java.util.List;
import java.util.Map;

import javax.mail.MessagingException;

import org.apache.james.core.MailAddress;
import org.apache.mailet.Mail;
import org.apache.mailet.base.GenericMatcher;
import org.jamesantispam.core.spam.RecipientVerdict;
import org.jamesantispam.core.spam.Threshold;
import org.jamesantispam.core.spam.mail.SpamAttributes;

/**
 * Matches the recipients for whom the message's spam score is at least a threshold, per recipient,
 * from the verdicts {@code ScoreWithSpamd} recorded (amavis' level comparisons: {@code spam_level >=
 * tag2_level}, ...). A recipient whose sender is allow-listed never matches; a block-listed sender
 * always matches; an unscanned message (spamd failed, too big) never matches. Matching a subset of
 * the recipients splits the mail, so a per-recipient action (subject tag) reaches only them.
 *
 * <p>Condition: a score ({@code 3.0}) or the name of a level of each recipient ({@code tag},
 * {@code tag2}, {@code kill}, {@code dsn_cutoff}: ScoreWithSpamd's levels, with per-recipient
 * overrides from its {@code levelsTable}); then optionally {@code local} to match local recipients
 * only (amavis only edits mail for local recipients).
 *
 * <p>amavis: {@code $sa_tag2_level_deflt} (tag the subject), {@code $sa_kill_level_deflt}.
 *
 * <pre>{@code
 * <mailet match="org.jamesantispam.matchers.IsSpamScoreAtLeast=tag2, local" class="org.jamesantispam.mailets.TagSubject">
 *     <tag>"***Posible SPAM*** "</tag>
 * </mailet>
 * <mailet match="org.jamesantispam.matchers.IsSpamScoreAtLeast=15" class="Null"/>
 * }</pre>
 */
public class IsSpamScoreAtLeast extends GenericMatcher {
    private Threshold threshold;
    private boolean localOnly;
    /** James asks for it at every match (its MDC): built once. */
    private String info = "Recipients whose spam score is at least a threshold";

    @Override
    public void init() throws MessagingException {
        List<String> words = SpamConditions.words(getCondition());
        if (words.size() != 1) {
            throw new MessagingException("IsSpamScoreAtLeast: condition is '" + getCondition()
                + "'; expected a score or tag, tag2, kill, dsn_cutoff, optionally followed by ', local'");
        }
        try {
            threshold = Threshold.parse("IsSpamScoreAtLeast: condition", words.get(0));
        } catch (IllegalArgumentException e) {
            throw new MessagingException(e.getMessage());
        }
        localOnly = SpamConditions.localOnly(getCondition());
        info = "Recipients whose spam score is at least " + threshold;
    }

    @Override
    public Collection<MailAddress> match(Mail mail) {
        Map<String, RecipientVerdict> verdicts = SpamAttributes.verdicts(mail);
        return mail.getRecipients().stream()
            .filter(recipient -> {
                RecipientVerdict verdict = verdicts.get(recipient.asString());
                return verdict != null && (!localOnly || verdict.local()) && verdict.reaches(threshold.resolve(verdict.levels()));
            })
            .toList();
    }

    @Override
    public String getMatcherInfo() {
        return info;
    }
}
