package org.jamesantispam.core.dryrun;

import java.util.Objects;

/**
 * One check that had an opinion during a dry run.
 *
 * @param stage {@code rcpt} (or {@code helo} / {@code mail} without {@code smtpd_delay_reject}),
 *     {@code data}, {@code pipeline}, {@code spam}
 * @param component the hook or mailet that holds the check, e.g. {@code SmtpdRestrictionsHook}
 * @param list the list or table scope, e.g. {@code smtpd_helo_restrictions}, {@code header_checks};
 *     null when none
 * @param check the restriction, rule or zone, e.g. {@code reject_rbl_client bl.example.test}
 * @param recipient the recipient it was evaluated for; null when for the whole message
 * @param result the outcome, e.g. {@code REJECT}, {@code PERMIT}, {@code HOLD}, {@code SPAM}
 * @param reply the SMTP reply a client would get; null when none
 * @param detail more, e.g. the matched line or the score; null when none
 */
public record FiredCheck(String stage, String component, String list, String check, String recipient, String result,
                         String reply, String detail) {
    public FiredCheck {
        Objects.requireNonNull(stage, "stage");
        Objects.requireNonNull(component, "component");
        Objects.requireNonNull(check, "check");
        Objects.requireNonNull(result, "result");
    }
}
