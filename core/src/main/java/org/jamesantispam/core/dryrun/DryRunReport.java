package org.jamesantispam.core.dryrun;

import java.util.List;
import java.util.Optional;

import org.jamesantispam.core.spam.RecipientVerdict;
import org.jamesantispam.core.spam.ScanResult;

/**
 * The answer of a dry run: what happens to each recipient, every check that fired, the spam scan.
 *
 * @param recipients one per recipient, envelope order (recipients added by rules last)
 * @param checks every check that had an opinion, in evaluation order
 * @param scan the spam scan, when the message got as far as the scorer
 * @param components the hooks and mailets evaluated, in order
 */
public record DryRunReport(List<Recipient> recipients, List<FiredCheck> checks, Optional<ScanResult> scan, List<String> components) {
    /**
     * @param outcome the final action and what decided it
     * @param verdict the spam verdict, when scored
     * @param quarantine where the message is quarantined for this recipient, when it is
     */
    public record Recipient(RecipientOutcome outcome, Optional<RecipientVerdict> verdict, Optional<String> quarantine) {
    }

    public DryRunReport {
        recipients = List.copyOf(recipients);
        checks = List.copyOf(checks);
        components = List.copyOf(components);
    }
}
