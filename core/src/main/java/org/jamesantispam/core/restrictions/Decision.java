package org.jamesantispam.core.restrictions;

import java.util.Objects;
import java.util.Optional;

/**
 * The outcome of one restriction, as in Postfix:
 * <ul>
 *   <li>{@link Action#DUNNO}: no opinion, the next restriction of the list decides;</li>
 *   <li>{@link Action#PERMIT}: this stage's list accepts (e.g. {@code permit_mynetworks}, access {@code OK});</li>
 *   <li>{@link Action#REJECT} / {@link Action#DEFER}: refuse with {@link #reply()} (5XX / 4XX);</li>
 *   <li>{@link Action#DISCARD}: accept the message, then drop it silently;</li>
 *   <li>{@link Action#HOLD}: accept the message, then keep it aside for an operator.</li>
 * </ul>
 * {@link #check()} names the restriction that decided (e.g. {@code reject_rbl_client bl.example.test})
 * for the log.
 */
public final class Decision {
    public enum Action { DUNNO, PERMIT, REJECT, DEFER, DISCARD, HOLD }

    private static final Decision DUNNO = new Decision(Action.DUNNO, null, "");

    private final Action action;
    private final Reply reply;
    private final String check;

    private Decision(Action action, Reply reply, String check) {
        this.action = action;
        this.reply = reply;
        this.check = Objects.requireNonNull(check, "check");
    }

    public static Decision dunno() {
        return DUNNO;
    }

    public static Decision permit(String check) {
        return new Decision(Action.PERMIT, null, check);
    }

    /** REJECT or DEFER, by the reply's code class. */
    public static Decision refuse(String check, Reply reply) {
        return new Decision(reply.isPermanent() ? Action.REJECT : Action.DEFER, reply, check);
    }

    public static Decision discard(String check) {
        return new Decision(Action.DISCARD, null, check);
    }

    public static Decision hold(String check) {
        return new Decision(Action.HOLD, null, check);
    }

    public Action action() {
        return action;
    }

    /** The reply for REJECT and DEFER. */
    public Optional<Reply> reply() {
        return Optional.ofNullable(reply);
    }

    public String check() {
        return check;
    }

    /** Whether this decision ends the evaluation of its restriction list. */
    public boolean isFinal() {
        return action != Action.DUNNO;
    }

    @Override
    public String toString() {
        return action + (check.isEmpty() ? "" : " by " + check) + (reply == null ? "" : ": " + reply.line());
    }
}
