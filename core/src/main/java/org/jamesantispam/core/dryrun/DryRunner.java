package org.jamesantispam.core.dryrun;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the registered {@link DryRunCheck}s against a {@link DryRun} in the order of the real flow:
 * phase by phase ({@link DryRunPhase}), registration order within a phase (SMTP hooks in
 * {@code smtpserver.xml} order, mailets in {@code mailetcontainer.xml} order), and stops when every
 * recipient is decided, as the real flow does (a message refused at RCPT TO is never scanned). It
 * also applies what the real flow does between the checks:
 * <ul>
 *   <li>an SMTP restriction's DISCARD drops the accepted message at the end of DATA
 *       ({@code 250 2.0.0 Ok: queued}), before the DATA checks;</li>
 *   <li>an SMTP restriction's HOLD keeps the message aside at the start of the pipeline;</li>
 *   <li>only blocked spam enters the spam processor ({@code IsBlockedSpam}: spam at the kill level
 *       for recipients who are not spam lovers).</li>
 * </ul>
 * A check that throws is reported as {@code ERROR} and the run goes on (the real flow accepts the
 * message unchecked); recipients nothing decided are delivered.
 */
public final class DryRunner {
    private static final Logger LOGGER = LoggerFactory.getLogger(DryRunner.class);

    private DryRunner() {
    }

    /** @param checks by owner (hook or mailet name), in registration order */
    public static DryRunReport run(DryRun run, Map<String, DryRunCheck> checks) {
        List<String> evaluated = new ArrayList<>();
        for (DryRunPhase phase : DryRunPhase.values()) {
            enter(run, phase);
            for (Map.Entry<String, DryRunCheck> entry : checks.entrySet()) {
                if (entry.getValue().phase() != phase || !run.hasOpenRecipients()
                    || (phase == DryRunPhase.SPAM && run.blockedRecipients().isEmpty())) {
                    continue;
                }
                evaluated.add(entry.getKey());
                try {
                    entry.getValue().evaluate(run);
                } catch (Exception e) {
                    LOGGER.debug("dry run: {} failed", entry.getKey(), e);
                    run.fire(new FiredCheck(phase.label(), entry.getKey(), null, "error", null, "ERROR", null, e.toString()));
                }
            }
        }
        List<DryRunReport.Recipient> recipients = run.outcomes().stream()
            .map(outcome -> new DryRunReport.Recipient(outcome, run.verdict(outcome.recipient()), run.quarantine(outcome.recipient())))
            .toList();
        return new DryRunReport(recipients, run.fired(), run.firstScan(), evaluated);
    }

    private static void enter(DryRun run, DryRunPhase phase) {
        if (phase == DryRunPhase.DATA) {
            run.discardMark().ifPresent(mark -> run.openRecipients().forEach(recipient -> run.decide(new RecipientOutcome(recipient,
                FinalAction.DISCARD, phase.label(), mark.component(), mark.check(), "250 2.0.0 Ok: queued", "accepted, then dropped"))));
        }
        if (phase == DryRunPhase.PIPELINE) {
            run.holdMark().ifPresent(mark -> run.openRecipients().forEach(recipient -> run.decide(new RecipientOutcome(recipient,
                FinalAction.HOLD, phase.label(), mark.component(), mark.check(), null, "kept aside (mail attribute org.jamesantispam.smtp.hold)"))));
        }
    }
}
