package org.jamesantispam.mailets;

import java.util.ArrayList;
import java.util.List;
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

/**
 * {@link ApplyContentChecks} for a dry run: every table hit is reported, and the actions decide the
 * open recipients as the mailet would: REJECT (kept in {@code rejectProcessor} with the reply as
 * error message), DISCARD, REDIRECT (the recipients replaced; the new address goes on), BCC (a
 * recipient added), HOLD ({@code holdProcessor}), FILTER (another processor). Edits (PREPEND,
 * REPLACE, IGNORE, STRIP) are reported, not applied.
 */
final class ContentActionsDryRun implements DryRunCheck {
    private static final String STAGE = DryRunPhase.PIPELINE.label();

    private final String component;
    private final ContentChecks checks;
    private final String rejectProcessor;
    private final String holdProcessor;

    ContentActionsDryRun(String component, ContentChecks checks, String rejectProcessor, String holdProcessor) {
        this.component = component;
        this.checks = checks;
        this.rejectProcessor = rejectProcessor;
        this.holdProcessor = holdProcessor;
    }

    @Override
    public DryRunPhase phase() {
        return DryRunPhase.PIPELINE;
    }

    @Override
    public void evaluate(DryRun run) throws Exception {
        ContentVerdict verdict = checks.check(run.mail().getMessage());
        for (ContentHit hit : verdict.hits()) {
            String reply = hit.action().kind() == org.jamesantispam.core.content.ContentAction.Kind.REJECT ? hit.action().reply().line() : null;
            String argument = hit.action().argument();
            run.fire(new FiredCheck(STAGE, component, hit.scope().postfixName(), check(hit), null, hit.action().kind().name(), reply,
                argument.isEmpty() ? hit.text() : argument + " (" + hit.text() + ")"));
        }
        Optional<ContentHit> rejection = verdict.rejection();
        if (rejection.isPresent()) {
            decideAll(run, FinalAction.REJECT, rejection.get(), rejection.get().action().reply().line(), "kept in processor " + rejectProcessor);
            return;
        }
        Optional<ContentHit> discard = verdict.discard();
        if (discard.isPresent()) {
            decideAll(run, FinalAction.DISCARD, discard.get(), null, null);
            return;
        }
        List<String> added = new ArrayList<>();
        verdict.bccs().forEach(bcc -> added.add(bcc.action().argument()));
        Optional<ContentHit> redirect = verdict.redirect();
        if (redirect.isPresent()) {
            decideAll(run, FinalAction.REDIRECT, redirect.get(), null, "to " + redirect.get().action().argument());
            added.add(0, redirect.get().action().argument());
        }
        added.forEach(run::addRecipient);
        Optional<ContentHit> hold = verdict.hold();
        if (hold.isPresent()) {
            decideAll(run, FinalAction.HOLD, hold.get(), null, "kept in processor " + holdProcessor);
            return;
        }
        verdict.filter().ifPresent(filter -> decideAll(run, FinalAction.FILTER, filter, null, "processor " + filter.action().argument()));
    }

    private void decideAll(DryRun run, FinalAction action, ContentHit hit, String reply, String detail) {
        run.openRecipients().forEach(recipient -> run.decide(new RecipientOutcome(recipient, action, STAGE, component,
            hit.scope().postfixName() + " " + check(hit), reply, detail)));
    }

    private static String check(ContentHit hit) {
        return hit.table() + ":" + hit.tableLine();
    }
}
