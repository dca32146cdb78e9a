package org.jamesantispam.mailets;

import java.util.Locale;

/**
 * amavis {@code $final_spam_destiny}: what happens to spam at the kill level for recipients who
 * are not spam lovers.
 */
enum SpamDestiny {
    /** Delivered anyway (tagged). */
    D_PASS,
    /** Dropped silently (after quarantine and notice). */
    D_DISCARD,
    /** Dropped, with a non-delivery notice to the sender unless that would be backscatter. */
    D_BOUNCE,
    /**
     * Refused in the SMTP dialogue by the end-of-DATA hook ({@code DataSpamHook}); mail that got
     * past it (hook not configured, timed out, recipients with different verdicts) is handled as
     * {@link #D_BOUNCE}, as amavis does after the dialogue.
     */
    D_REJECT;

    static SpamDestiny parse(String parameter, String text) {
        String value = text.strip().toUpperCase(Locale.ROOT);
        for (SpamDestiny destiny : values()) {
            if (destiny.name().equals(value) || destiny.name().equals("D_" + value)) {
                return destiny;
            }
        }
        throw new IllegalArgumentException(parameter + " is '" + text + "'; expected D_PASS, D_DISCARD, D_BOUNCE or D_REJECT");
    }
}
