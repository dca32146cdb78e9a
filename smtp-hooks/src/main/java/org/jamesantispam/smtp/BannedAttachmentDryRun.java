package org.jamesantispam.smtp;

import org.jamesantispam.core.attachments.BannedAttachmentParameters;
import org.jamesantispam.core.attachments.Inspection;
import org.jamesantispam.core.content.Text;
import org.jamesantispam.core.dryrun.DryRun;
import org.jamesantispam.core.dryrun.DryRunCheck;
import org.jamesantispam.core.dryrun.DryRunPhase;
import org.jamesantispam.core.dryrun.FinalAction;
import org.jamesantispam.core.dryrun.FiredCheck;
import org.jamesantispam.core.dryrun.RecipientOutcome;

/**
 * {@link BannedAttachmentHook}'s inspection for a dry run: a banned name refuses the message for
 * every open recipient with the hook's {@code 554 5.7.0} reply; a message that could not be fully
 * inspected is reported {@code UNCHECKED} (or refused, with {@code onLimit = banned}).
 */
final class BannedAttachmentDryRun implements DryRunCheck {
    private final String component;
    private final BannedAttachmentParameters settings;

    BannedAttachmentDryRun(String component, BannedAttachmentParameters settings) {
        this.component = component;
        this.settings = settings;
    }

    @Override
    public DryRunPhase phase() {
        return DryRunPhase.DATA;
    }

    @Override
    public void evaluate(DryRun run) {
        Inspection inspection;
        try {
            inspection = settings.inspector().inspect(run.mail().getMessage());
        } catch (Exception e) {
            inspection = Inspection.unchecked("message unreadable: " + e);
        }
        String detail = Text.forLog(inspection.detail(), 300);
        String stage = DryRunPhase.DATA.label();
        switch (inspection.verdict(settings.onLimit())) {
            case BANNED -> {
                String reply = inspection.outcome() == Inspection.Outcome.BANNED
                    ? "554 5.7.0 Message rejected: banned attachment " + detail
                    : "554 5.7.0 Message rejected: attachment could not be checked: " + detail;
                run.fire(new FiredCheck(stage, component, null, "banned attachment", null, "REJECT", reply, detail));
                run.openRecipients().forEach(recipient -> run.decide(new RecipientOutcome(recipient, FinalAction.REJECT, stage,
                    component, "banned attachment", reply, detail)));
            }
            case UNCHECKED -> run.fire(new FiredCheck(stage, component, null, "banned attachment", null, "UNCHECKED", null,
                detail + " (subject tagged ***UNCHECKED*** in the pipeline)"));
            default -> {
            }
        }
    }
}
