package org.jamesantispam.mailets;

import java.util.List;
import java.util.Optional;

import org.apache.mailet.Mail;
import org.jamesantispam.core.dryrun.DryRun;
import org.jamesantispam.core.dryrun.DryRunCheck;
import org.jamesantispam.core.dryrun.DryRunPhase;
import org.jamesantispam.core.dryrun.FinalAction;
import org.jamesantispam.core.dryrun.FiredCheck;
import org.jamesantispam.core.dryrun.RecipientOutcome;
import org.jamesantispam.core.spam.RecipientVerdict;

/**
 * {@link ApplySpamDestiny} for a dry run: decides the blocked recipients by the destiny:
 * {@code D_DISCARD} dropped, {@code D_PASS} delivered, {@code D_BOUNCE} / {@code D_REJECT} bounced,
 * or dropped when a notice would be backscatter (same rules as the mailet). Nothing is sent.
 */
final class SpamDestinyDryRun implements DryRunCheck {
    private static final String STAGE = DryRunPhase.SPAM.label();

    private final String component;
    private final SpamDestiny destiny;

    SpamDestinyDryRun(String component, SpamDestiny destiny) {
        this.component = component;
        this.destiny = destiny;
    }

    @Override
    public DryRunPhase phase() {
        return DryRunPhase.SPAM;
    }

    @Override
    public void evaluate(DryRun run) throws Exception {
        List<String> blocked = run.blockedRecipients();
        if (blocked.isEmpty()) {
            return;
        }
        FinalAction action;
        String detail = destiny.name();
        switch (destiny) {
            case D_PASS -> action = FinalAction.DELIVER;
            case D_DISCARD -> action = FinalAction.DISCARD;
            default -> {
                Mail mail = run.mail();
                List<RecipientVerdict> verdicts = run.verdictsOf(blocked);
                Optional<String> suppressed = ApplySpamDestiny.bounceSuppression(mail, verdicts);
                action = suppressed.isPresent() ? FinalAction.DISCARD : FinalAction.BOUNCE;
                detail = suppressed.map(reason -> destiny.name() + ", no notice: " + reason).orElse(destiny.name());
            }
        }
        run.fire(new FiredCheck(STAGE, component, null, "destiny", null, destiny.name(), null, detail + " for " + String.join(", ", blocked)));
        for (String recipient : blocked) {
            run.decide(new RecipientOutcome(recipient, action, STAGE, component, "IsBlockedSpam", null, detail));
        }
    }
}
