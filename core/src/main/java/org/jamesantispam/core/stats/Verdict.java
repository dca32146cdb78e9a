package org.jamesantispam.core.stats;

import java.util.Locale;

import org.jamesantispam.core.spam.Category;

/**
 * What the content filter made of one recipient of a message, counted once per recipient when the
 * mail leaves the filter: delivered clean, delivered tagged (at or above tag2, below kill),
 * delivered unchecked (the scan failed), or spam handled by its destiny (amavis'
 * {@code $final_spam_destiny}): passed (tagged, or a spam lover), discarded, bounced, rejected in
 * the SMTP dialogue.
 */
public enum Verdict {
    CLEAN, TAGGED, UNCHECKED, SPAM_PASS, SPAM_DISCARD, SPAM_BOUNCE, SPAM_REJECT;

    /** The verdict of a recipient whose mail goes on to delivery ({@code SPAM}: a spam lover, passed). */
    public static Verdict delivered(Category category) {
        return switch (category) {
            case CLEAN -> CLEAN;
            case SPAMMY -> TAGGED;
            case SPAM -> SPAM_PASS;
            case UNCHECKED -> UNCHECKED;
        };
    }

    /** Whether this is spam (then {@link #destiny()} says what happened to it). */
    public boolean isSpam() {
        return name().startsWith("SPAM_");
    }

    /** {@code pass}, {@code discard}, {@code bounce}, {@code reject} for spam; the verdict's name otherwise. */
    public String destiny() {
        return (isSpam() ? name().substring("SPAM_".length()) : name()).toLowerCase(Locale.ROOT);
    }

    /** The metric-name suffix: {@code clean}, {@code tagged}, {@code unchecked}, {@code spam.discard}. */
    public String key() {
        return isSpam() ? "spam." + destiny() : destiny();
    }
}
