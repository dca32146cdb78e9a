package org.jamesantispam.core.spam.mail;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

import org.apache.james.core.MailAddress;
import org.apache.mailet.Attribute;
import org.apache.mailet.AttributeName;
import org.apache.mailet.AttributeValue;
import org.apache.mailet.Mail;
import org.jamesantispam.core.spam.Category;
import org.jamesantispam.core.spam.RecipientVerdict;
import org.jamesantispam.core.spam.ScanResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The mail attributes through which the content filter's parts talk. Written by
 * {@code ScoreWithSpamd} (and the end-of-DATA hook), read by the matchers and mailets after it.
 * Senders cannot set attributes, so they can be trusted. All values are plain strings, numbers and
 * maps of strings: readable in webadmin and storable in any mail repository.
 * <table>
 *   <caption>attributes</caption>
 *   <tr><td>{@code org.jamesantispam.spam.verdicts}</td><td>map recipient -&gt; encoded {@link RecipientVerdict}</td></tr>
 *   <tr><td>{@code org.jamesantispam.spam.scans}</td><td>map spamd user ({@code ""}: none) -&gt; encoded {@link ScanResult}</td></tr>
 *   <tr><td>{@code org.jamesantispam.spam.status}</td><td>{@code CLEAN}, {@code SPAMMY}, {@code SPAM} or {@code UNCHECKED}: the worst over the recipients</td></tr>
 *   <tr><td>{@code org.jamesantispam.spam.score}</td><td>the highest score (Double), when scanned</td></tr>
 *   <tr><td>{@code org.jamesantispam.spam.tests}</td><td>the rules that hit, {@code GTUBE, NO_RELAYS}</td></tr>
 *   <tr><td>{@code org.jamesantispam.spam.started}</td><td>when the filter started on this mail (Long, epoch ms)</td></tr>
 *   <tr><td>{@code org.jamesantispam.spam.quarantineId}</td><td>set by {@code Quarantine}</td></tr>
 * </table>
 * The status can drive James' stock matchers too:
 * {@code HasMailAttributeWithValue=org.jamesantispam.spam.status, UNCHECKED}.
 */
public final class SpamAttributes {
    public static final AttributeName VERDICTS = AttributeName.of("org.jamesantispam.spam.verdicts");
    public static final AttributeName SCANS = AttributeName.of("org.jamesantispam.spam.scans");
    public static final AttributeName STATUS = AttributeName.of("org.jamesantispam.spam.status");
    public static final AttributeName SCORE = AttributeName.of("org.jamesantispam.spam.score");
    public static final AttributeName TESTS = AttributeName.of("org.jamesantispam.spam.tests");
    public static final AttributeName STARTED = AttributeName.of("org.jamesantispam.spam.started");
    public static final AttributeName QUARANTINE_ID = AttributeName.of("org.jamesantispam.spam.quarantineId");

    private static final Logger LOGGER = LoggerFactory.getLogger(SpamAttributes.class);

    private SpamAttributes() {
    }

    /** Whether the filter already judged this mail. */
    public static boolean isJudged(Mail mail) {
        return mail.getAttribute(VERDICTS).isPresent();
    }

    /** Stores the scan results (the hook does this, so the mailet need not scan again). */
    public static void storeScans(Mail mail, Map<String, ScanResult> scans) {
        Map<String, AttributeValue<?>> values = new LinkedHashMap<>();
        scans.forEach((user, scan) -> values.put(user, AttributeValue.of(scan.encode())));
        mail.setAttribute(new Attribute(SCANS, AttributeValue.of(values)));
    }

    /** The stored scan results; unreadable entries are dropped (and logged). */
    public static Map<String, ScanResult> scans(Mail mail) {
        Map<String, ScanResult> scans = new LinkedHashMap<>();
        stringMap(mail, SCANS).forEach((user, text) -> {
            try {
                scans.put(user, ScanResult.decode(text));
            } catch (RuntimeException e) {
                LOGGER.warn("mail {}: ignoring unreadable stored scan result for user '{}': {}", mail.getName(), user, text);
            }
        });
        return scans;
    }

    /** Records the verdicts and the message-level summary attributes. */
    public static void storeVerdicts(Mail mail, Collection<RecipientVerdict> verdicts) {
        Map<String, AttributeValue<?>> values = new LinkedHashMap<>();
        Category worst = Category.CLEAN;
        OptionalDouble highest = OptionalDouble.empty();
        String tests = "";
        for (RecipientVerdict verdict : verdicts) {
            values.put(verdict.recipient(), AttributeValue.of(verdict.encode()));
            if (verdict.category().compareTo(worst) > 0) {
                worst = verdict.category();
            }
            if (verdict.score().isPresent() && (highest.isEmpty() || verdict.score().getAsDouble() > highest.getAsDouble())) {
                highest = verdict.score();
                tests = verdict.scan().testsText();
            }
        }
        mail.setAttribute(new Attribute(VERDICTS, AttributeValue.of(values)));
        mail.setAttribute(new Attribute(STATUS, AttributeValue.of(worst.name())));
        if (highest.isPresent()) {
            mail.setAttribute(new Attribute(SCORE, AttributeValue.of(highest.getAsDouble())));
            mail.setAttribute(new Attribute(TESTS, AttributeValue.of(tests)));
        }
    }

    /** The verdict for {@code recipient}, if the filter judged it. */
    public static Optional<RecipientVerdict> verdict(Mail mail, MailAddress recipient) {
        return Optional.ofNullable(verdicts(mail).get(recipient.asString()));
    }

    /** All stored verdicts by recipient (the recipients the filter saw, which may be more than the mail's current ones). */
    public static Map<String, RecipientVerdict> verdicts(Mail mail) {
        Map<String, RecipientVerdict> verdicts = new LinkedHashMap<>();
        stringMap(mail, VERDICTS).forEach((recipient, text) -> {
            try {
                verdicts.put(recipient, RecipientVerdict.decode(recipient, text));
            } catch (IllegalArgumentException e) {
                LOGGER.warn("mail {}: ignoring unreadable stored spam verdict for {}", mail.getName(), recipient);
            }
        });
        return verdicts;
    }

    public static void markStarted(Mail mail, long epochMillis) {
        if (mail.getAttribute(STARTED).isEmpty()) {
            mail.setAttribute(new Attribute(STARTED, AttributeValue.of(epochMillis)));
        }
    }

    /** Milliseconds since the filter started on this mail, or -1. */
    public static long elapsedMillis(Mail mail) {
        return mail.getAttribute(STARTED)
            .map(attribute -> attribute.getValue().getValue())
            .filter(Long.class::isInstance)
            .map(started -> System.currentTimeMillis() - (Long) started)
            .orElse(-1L);
    }

    public static void setQuarantineId(Mail mail, String id) {
        mail.setAttribute(new Attribute(QUARANTINE_ID, AttributeValue.of(id)));
    }

    public static Optional<String> quarantineId(Mail mail) {
        return mail.getAttribute(QUARANTINE_ID)
            .map(attribute -> attribute.getValue().getValue())
            .filter(String.class::isInstance)
            .map(String.class::cast);
    }

    private static Map<String, String> stringMap(Mail mail, AttributeName name) {
        Map<String, String> result = new LinkedHashMap<>();
        mail.getAttribute(name)
            .map(attribute -> attribute.getValue().getValue())
            .filter(Map.class::isInstance)
            .map(map -> (Map<?, ?>) map)
            .ifPresent(map -> map.forEach((key, value) -> {
                Object raw = value instanceof AttributeValue<?> attributeValue ? attributeValue.getValue() : value;
                if (key instanceof String recipient && raw instanceof String text) {
                    result.put(recipient, text);
                }
            }));
        return result;
    }
}
