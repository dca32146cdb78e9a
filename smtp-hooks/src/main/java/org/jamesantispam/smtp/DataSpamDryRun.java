package org.jamesantispam.smtp;

import java.util.List;
import java.util.Optional;

import org.jamesantispam.core.dryrun.DryRun;
import org.jamesantispam.core.dryrun.DryRunCheck;
import org.jamesantispam.core.dryrun.DryRunPhase;
import org.jamesantispam.core.dryrun.FinalAction;
import org.jamesantispam.core.dryrun.FiredCheck;
import org.jamesantispam.core.dryrun.RecipientOutcome;
import org.jamesantispam.core.spam.RecipientVerdict;
import org.jamesantispam.core.spam.ScanResult;
import org.jamesantispam.core.spam.SpamFilterSettings;
import org.jamesantispam.core.spam.SpamPolicy;
import org.jamesantispam.core.spam.mail.SpamCheck;
import org.jamesantispam.core.spamd.Deadline;

/**
 * {@link DataSpamHook}'s scan for a dry run: a {@link SpamCheck} of its own over the same settings
 * and policy (spamd, scan slots, levels, lists), so no statistic of the hook's check moves, and the
 * same decision: spam to block for every recipient is refused with
 * {@code 554 5.7.0 Reject, id=... - SPAM}; a failed scan with {@code tempFailOnError} is deferred
 * ({@code 451}). The scan is kept for the scorer mailet, which reuses it as in the real flow.
 */
final class DataSpamDryRun implements DryRunCheck {
    private final String component;
    private final SpamFilterSettings settings;
    private final SpamCheck check;
    private final boolean checkTrusted;
    private final boolean tempFailOnError;

    DataSpamDryRun(String component, SpamFilterSettings settings, SpamPolicy policy, boolean checkTrusted, boolean tempFailOnError) {
        this.component = component;
        this.settings = settings;
        this.check = new SpamCheck(settings, policy, settings.scanner());
        this.checkTrusted = checkTrusted;
        this.tempFailOnError = tempFailOnError;
    }

    @Override
    public DryRunPhase phase() {
        return DryRunPhase.DATA;
    }

    @Override
    public void evaluate(DryRun run) throws Exception {
        if (!checkTrusted && run.relayingAllowed()) {
            return;
        }
        var mail = run.mail();
        SpamCheck.Outcome outcome = check.check(mail, Deadline.in(settings.timeout()));
        run.storeScans(outcome.scans());
        List<RecipientVerdict> verdicts = outcome.verdicts();
        String stage = DryRunPhase.DATA.label();
        if (!verdicts.isEmpty() && verdicts.stream().allMatch(RecipientVerdict::isBlocked)) {
            run.storeVerdicts(verdicts);
            String reply = "554 5.7.0 Reject, id=" + mail.getName() + " - SPAM";
            run.fire(new FiredCheck(stage, component, null, "spamd", null, "SPAM", reply, scoreText(verdicts)));
            run.openRecipients().forEach(recipient -> run.decide(new RecipientOutcome(recipient, FinalAction.REJECT, stage,
                component, "spamd", reply, "D_REJECT")));
            return;
        }
        Optional<ScanResult> failed = outcome.scans().values().stream().filter(s -> s.status() == ScanResult.Status.UNCHECKED).findFirst();
        if (failed.isPresent() && tempFailOnError) {
            String reply = "451 4.3.0 Content filter unavailable, try again later, id=" + mail.getName();
            run.fire(new FiredCheck(stage, component, null, "spamd", null, "UNCHECKED", reply, failed.get().reason() + ": " + failed.get().detail()));
            run.openRecipients().forEach(recipient -> run.decide(new RecipientOutcome(recipient, FinalAction.DEFER, stage,
                component, "spamd", reply, failed.get().reason())));
        }
    }

    private static String scoreText(List<RecipientVerdict> verdicts) {
        return verdicts.get(0).score().isPresent() ? "score=" + verdicts.get(0).score().getAsDouble() : verdicts.get(0).listing().name();
    }
}
