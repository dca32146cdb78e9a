package org.jamesantispam.matchers;

import java.util.Collection;
import java.util.List;

import javax.mail.MessagingException;

import org.apache.james.core.MailAddress;
import org.apache.mailet.AttributeName;
import org.apache.mailet.AttributeUtils;
import org.apache.mailet.Mail;
import org.apache.mailet.base.GenericMatcher;
import org.jamesantispam.core.helo.HeloName;

/**
 * Matches mail whose SMTP client gave a syntactically invalid HELO/EHLO name: the after-acceptance
 * form of Postfix {@code reject_invalid_helo_hostname} (same rules, {@link HeloName}), for operators
 * who prefer to tag or quarantine rather than refuse in the dialogue
 * ({@link org.jamesantispam.matchers} sibling of the SMTP hook {@code HeloInvalidNameHook}).
 *
 * <p>Condition: empty (default) skips mail from trusted clients (attribute
 * {@code org.apache.james.SMTPIsAuthNetwork}, James' {@code authorizedAddresses}), like
 * {@code permit_mynetworks} placed first; {@code includeTrusted} checks every client. Mail without a
 * HELO attribute (not received over SMTP) never matches.
 *
 * <pre>{@code
 * <mailet match="org.jamesantispam.matchers.HasInvalidHeloName" class="ToRepository">
 *     <repositoryPath>memory://var/mail/invalid-helo/</repositoryPath>
 * </mailet>
 * }</pre>
 */
public class HasInvalidHeloName extends GenericMatcher {
    private static final AttributeName AUTH_NETWORK = AttributeName.of("org.apache.james.SMTPIsAuthNetwork");
    private static final String INCLUDE_TRUSTED = "includeTrusted";

    private boolean includeTrusted;

    @Override
    public void init() throws MessagingException {
        String condition = getCondition() == null ? "" : getCondition().trim();
        if (!condition.isEmpty() && !condition.equals(INCLUDE_TRUSTED)) {
            throw new MessagingException("HasInvalidHeloName: condition is '" + condition
                + "'; expected nothing or '" + INCLUDE_TRUSTED + "'");
        }
        includeTrusted = condition.equals(INCLUDE_TRUSTED);
    }

    @Override
    public Collection<MailAddress> match(Mail mail) {
        if (!includeTrusted && isTrusted(mail)) {
            return List.of();
        }
        return AttributeUtils.getValueAndCastFromMail(mail, Mail.SMTP_HELO, String.class)
            .filter(helo -> !HeloName.isValid(helo))
            .map(any -> mail.getRecipients())
            .orElse(List.of());
    }

    private static boolean isTrusted(Mail mail) {
        return AttributeUtils.getValueAndCastFromMail(mail, AUTH_NETWORK, Boolean.class).orElse(false);
    }
}
