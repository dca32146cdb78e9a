package org.jamesantispam.smtp;

import java.util.List;
import java.util.Locale;

import org.jamesantispam.core.dryrun.DryRun;
import org.jamesantispam.core.dryrun.DryRunCheck;
import org.jamesantispam.core.dryrun.DryRunPhase;
import org.jamesantispam.core.dryrun.FinalAction;
import org.jamesantispam.core.dryrun.FiredCheck;
import org.jamesantispam.core.dryrun.RecipientOutcome;
import org.jamesantispam.core.restrictions.Decision;
import org.jamesantispam.core.restrictions.Reply;
import org.jamesantispam.core.restrictions.SmtpRequest;
import org.jamesantispam.core.restrictions.Stage;

/**
 * {@link SmtpdRestrictionsHook}'s restriction lists evaluated for a dry run, exactly as the hook does
 * (same lists, same order, same {@code smtpd_delay_reject} staging), with {@link SmtpRequest#asDryRun()}
 * requests: the DNSBL cache is shared, but no counter moves and nothing is logged above DEBUG.
 * Every list decision other than DUNNO is reported; REJECT and DEFER decide the recipient (all
 * recipients when refused at HELO or MAIL FROM); DISCARD and HOLD mark the transaction.
 */
final class RestrictionsDryRun implements DryRunCheck {
    private final String component;
    private final RestrictionsConfig config;

    RestrictionsDryRun(String component, RestrictionsConfig config) {
        this.component = component;
        this.config = config;
    }

    @Override
    public DryRunPhase phase() {
        return DryRunPhase.RCPT;
    }

    @Override
    public void evaluate(DryRun run) {
        if (config.delayReject()) {
            for (String recipient : run.openRecipients()) {
                evaluate(run, "rcpt", request(run).withSender(run.sender()).withRecipient(recipient), List.of(Stage.values()), List.of(recipient));
            }
            return;
        }
        List<String> all = run.openRecipients();
        if (evaluate(run, "helo", request(run), List.of(Stage.CLIENT, Stage.HELO), all)
            || evaluate(run, "mail", request(run).withSender(run.sender()), List.of(Stage.SENDER), all)) {
            return;
        }
        for (String recipient : all) {
            evaluate(run, "rcpt", request(run).withSender(run.sender()).withRecipient(recipient), List.of(Stage.RECIPIENT), List.of(recipient));
        }
    }

    /** @return whether the stages refused (the recipients are then decided) */
    private boolean evaluate(DryRun run, String command, SmtpRequest request, List<Stage> stages, List<String> recipients) {
        String reported = recipients.size() == 1 ? recipients.get(0) : null;
        for (Stage stage : stages) {
            Decision decision = config.list(stage).evaluate(request);
            if (decision.action() == Decision.Action.DUNNO) {
                continue;
            }
            String reply = decision.reply().map(Reply::line).orElse(null);
            run.fire(new FiredCheck(command, component, stage.parameter(), decision.check(), reported, decision.action().name(), reply, null));
            switch (decision.action()) {
                case REJECT, DEFER -> {
                    FinalAction action = decision.action() == Decision.Action.REJECT ? FinalAction.REJECT : FinalAction.DEFER;
                    recipients.forEach(recipient -> run.decide(new RecipientOutcome(recipient, action, command, component,
                        decision.check(), reply, "refused at " + command.toUpperCase(Locale.ROOT) + " by " + stage.parameter())));
                    return true;
                }
                case DISCARD -> run.markDiscard(component, decision.check());
                case HOLD -> run.markHold(component, decision.check());
                default -> {
                }
            }
        }
        return false;
    }

    private SmtpRequest request(DryRun run) {
        boolean trusted = config.mynetworks().map(networks -> networks.contains(run.client())).orElse(run.relayingAllowed());
        return SmtpRequest.connect(run.client(), trusted).withHelo(run.helo().orElse(null)).asDryRun();
    }
}
