package org.jamesantispam.core.spam.mail;

import java.util.Optional;

import org.apache.mailet.Attribute;
import org.apache.mailet.AttributeName;
import org.apache.mailet.AttributeValue;
import org.apache.mailet.Mail;
import org.jamesantispam.core.spam.QuarantineReason;

/**
 * Mail attributes of quarantined and released mail (besides
 * {@link SpamAttributes#QUARANTINE_ID}):
 * <table>
 *   <caption>attributes</caption>
 *   <tr><td>{@code org.jamesantispam.spam.quarantineReason}</td><td>{@code spam}, {@code banned} or {@code held}, set by {@code Quarantine}</td></tr>
 *   <tr><td>{@code org.jamesantispam.spam.released}</td><td>when webadmin released it from the quarantine (Long, epoch ms)</td></tr>
 * </table>
 */
public final class QuarantineAttributes {
    public static final AttributeName REASON = AttributeName.of("org.jamesantispam.spam.quarantineReason");
    public static final AttributeName RELEASED = AttributeName.of("org.jamesantispam.spam.released");

    private QuarantineAttributes() {
    }

    public static void setReason(Mail mail, QuarantineReason reason) {
        mail.setAttribute(new Attribute(REASON, AttributeValue.of(reason.keyword())));
    }

    /** The stored reason; {@code spam} for mail quarantined before reasons existed (or unreadable). */
    public static QuarantineReason reason(Mail mail) {
        return mail.getAttribute(REASON)
            .map(attribute -> attribute.getValue().getValue())
            .filter(String.class::isInstance)
            .map(String.class::cast)
            .flatMap(text -> {
                try {
                    return Optional.of(QuarantineReason.parse("reason", text));
                } catch (IllegalArgumentException e) {
                    return Optional.empty();
                }
            })
            .orElse(QuarantineReason.SPAM);
    }

    public static void markReleased(Mail mail, long epochMillis) {
        mail.setAttribute(new Attribute(RELEASED, AttributeValue.of(epochMillis)));
    }

    public static boolean isReleased(Mail mail) {
        return mail.getAttribute(RELEASED).isPresent();
    }
}
