package org.jamesantispam.core.dryrun;

import java.util.Locale;

/**
 * Where a {@link DryRunCheck} sits in a message's path through James, in the order a dry run
 * evaluates them: the SMTP dialogue up to RCPT TO, the end of DATA (still in the dialogue), the
 * mailet pipeline (processor {@code root}) and the spam processor blocked spam is sent to.
 */
public enum DryRunPhase {
    /** SMTP hooks at HELO, MAIL FROM and RCPT TO: refusals name the recipient. */
    RCPT,
    /** SMTP hooks at the end of DATA: a refusal refuses the message for every accepted recipient. */
    DATA,
    /** Mailets of the accepted mail: content actions, spam scoring. */
    PIPELINE,
    /** The spam processor: quarantine and final spam destiny of the blocked recipients. */
    SPAM;

    /** {@code rcpt}, {@code data}, {@code pipeline}, {@code spam}: the stage names of the dry-run answer. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
