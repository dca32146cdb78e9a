package org.jamesantispam.smtp;

import java.util.Optional;

import org.jamesantispam.core.content.ContentChecks;
import org.jamesantispam.core.content.ContentHit;
import org.jamesantispam.core.content.ContentVerdict;
import org.jamesantispam.core.dryrun.DryRun;
import org.jamesantispam.core.dryrun.DryRunCheck;
import org.jamesantispam.core.dryrun.DryRunPhase;
import org.jamesantispam.core.dryrun.FinalAction;
import org.jamesantispam.core.dryrun.FiredCheck;
import org.jamesantispam.core.dryrun.RecipientOutcome;
import org.jamesantispam.core.restrictions.Reply;

/**
 * {@link ContentChecksHook}'s tables evaluated for a dry run: what the hook acts on at the end of DATA
 * (REJECT: refused with the rule's reply; DISCARD: {@code 250 2.6.0 Message received}, dropped) is
 * reported and decides every open recipient. The other actions are left to the pipeline mailet
 * {@code ApplyContentChecks}, which reports them.
 */
final class ContentChecksDryRun implements DryRunCheck {
    private final String component;
    private final ContentChecks checks;

    ContentChecksDryRun(String component, ContentChecks checks) {
        this.component = component;
        this.checks = checks;
    }

    @Override
    public DryRunPhase phase() {
        return DryRunPhase.DATA;
    }

    @Override
    public void evaluate(DryRun run) throws Exception {
        ContentVerdict verdict = checks.check(run.mail().getMessage());
        Optional<ContentHit> rejection = verdict.rejection();
        if (rejection.isPresent()) {
            Reply reply = rejection.get().action().reply();
            decide(run, rejection.get(), reply.isPermanent() ? FinalAction.REJECT : FinalAction.DEFER, reply.line());
            return;
        }
        verdict.discard().ifPresent(discard -> decide(run, discard, FinalAction.DISCARD, "250 2.6.0 Message received"));
    }

    private void decide(DryRun run, ContentHit hit, FinalAction action, String reply) {
        String scope = hit.scope().postfixName();
        String check = hit.table() + ":" + hit.tableLine();
        run.fire(new FiredCheck(DryRunPhase.DATA.label(), component, scope, check, null, hit.action().kind().name(), reply, hit.text()));
        run.openRecipients().forEach(recipient -> run.decide(new RecipientOutcome(recipient, action, DryRunPhase.DATA.label(),
            component, scope + " " + check, reply, hit.text())));
    }
}
