package org.jamesantispam.mailets;

import java.util.Map;

import org.jamesantispam.core.dryrun.DryRun;
import org.jamesantispam.core.dryrun.DryRunCheck;
import org.jamesantispam.core.dryrun.DryRunPhase;
import org.jamesantispam.core.dryrun.FiredCheck;
import org.jamesantispam.core.spam.ScanResult;
import org.jamesantispam.core.spam.SpamFilterSettings;
import org.jamesantispam.core.spam.SpamPolicy;
import org.jamesantispam.core.spam.mail.SpamCheck;
import org.jamesantispam.core.spamd.Deadline;

/**
 * {@link ScoreWithSpamd} for a dry run: a {@link SpamCheck} of its own over the same settings and
 * policy (spamd, scan slots, levels, sender lists, run-time lists, spam lovers, size limit), so no
 * metric or statistic of the mailet's check moves; it reuses a scan the end-of-DATA hook made, and
 * writes no header and no log line. A spamd that cannot be reached gives UNCHECKED, as in the real
 * flow.
 */
final class SpamScoringDryRun implements DryRunCheck {
    private final String component;
    private final SpamFilterSettings settings;
    private final SpamCheck check;

    SpamScoringDryRun(String component, SpamFilterSettings settings, SpamPolicy policy) {
        this.component = component;
        this.settings = settings;
        this.check = new SpamCheck(settings, policy, settings.scanner());
    }

    @Override
    public DryRunPhase phase() {
        return DryRunPhase.PIPELINE;
    }

    @Override
    public void evaluate(DryRun run) throws Exception {
        SpamCheck.Outcome outcome = check.check(run.mail(), Deadline.in(settings.timeout()));
        run.storeScans(outcome.scans());
        run.storeVerdicts(outcome.verdicts());
        for (Map.Entry<String, ScanResult> scan : outcome.scans().entrySet()) {
            ScanResult result = scan.getValue();
            String detail = result.score().isPresent()
                ? "score=" + result.score().getAsDouble() + " required=" + result.threshold().orElse(Double.NaN) + " tests=" + result.testsText()
                : result.reason() + ": " + result.detail();
            String check = scan.getKey().isEmpty() ? "spamd" : "spamd user " + scan.getKey();
            run.fire(new FiredCheck(DryRunPhase.PIPELINE.label(), component, null, check, null, result.status().name(), null,
                outcome.reused().contains(scan.getKey()) ? detail + " (scan of the end-of-DATA hook reused)" : detail));
        }
    }
}
