package org.jamesantispam.mailets;

import java.util.List;

import org.jamesantispam.core.dryrun.DryRun;
import org.jamesantispam.core.dryrun.DryRunCheck;
import org.jamesantispam.core.dryrun.DryRunPhase;
import org.jamesantispam.core.dryrun.FiredCheck;

/**
 * {@link Quarantine} for a dry run: marks the blocked recipients (spam at their kill level, not
 * spam lovers: what {@code IsBlockedSpam} sends to the spam processor) as quarantined where the
 * mailet would store or forward the message. Nothing is stored.
 */
final class QuarantineDryRun implements DryRunCheck {
    private final String component;
    private final String where;

    QuarantineDryRun(String component, String where) {
        this.component = component;
        this.where = where;
    }

    @Override
    public DryRunPhase phase() {
        return DryRunPhase.SPAM;
    }

    @Override
    public void evaluate(DryRun run) {
        List<String> blocked = run.blockedRecipients();
        if (blocked.isEmpty()) {
            return;
        }
        blocked.forEach(recipient -> run.markQuarantined(recipient, where));
        run.fire(new FiredCheck(DryRunPhase.SPAM.label(), component, null, "quarantine", null, "QUARANTINED", null,
            where + " for " + String.join(", ", blocked)));
    }
}
