package org.jamesantispam.core.dryrun;

import java.util.Objects;

/**
 * The final action for one recipient of a dry run and what decided it.
 *
 * @param recipient the recipient address
 * @param action what happens to it
 * @param stage where it was decided ({@code rcpt}, {@code data}, {@code pipeline}, {@code spam});
 *     null for a delivery nothing stopped
 * @param component the hook or mailet that decided; null when none
 * @param check the restriction or rule that decided; null when none
 * @param reply the SMTP reply of a refusal (or of an accepted-then-dropped message); null when none
 * @param detail more, e.g. the REDIRECT address, the FILTER processor, the spam destiny; null when none
 */
public record RecipientOutcome(String recipient, FinalAction action, String stage, String component, String check,
                               String reply, String detail) {
    public RecipientOutcome {
        Objects.requireNonNull(recipient, "recipient");
        Objects.requireNonNull(action, "action");
    }

    /** Delivered: nothing stopped it. */
    public static RecipientOutcome delivered(String recipient) {
        return new RecipientOutcome(recipient, FinalAction.DELIVER, null, null, null, null, null);
    }
}
