package org.jamesantispam.core.spamd;

import java.util.Locale;

/**
 * What spamd is told a message is ({@code TELL}'s {@code Message-class} header, what
 * {@code spamc -L spam|ham} sends): spamd's Bayes database learns it.
 */
public enum MessageClass {
    SPAM,
    HAM;

    /** {@code spam} or {@code ham}, as the protocol spells it. */
    public String keyword() {
        return name().toLowerCase(Locale.ROOT);
    }
}
