package org.jamesantispam.core.restrictions;

/**
 * Postfix's unconditional restrictions: {@code permit}, {@code dunno}, {@code reject}
 * ({@code 554 5.7.1 <subject>: <Stage> rejected: Access denied}) and {@code defer}
 * ({@code 450 4.7.1 <subject>: <Stage> rejected: Try again later}).
 */
public final class Unconditional implements Restriction {
    public enum Kind { PERMIT, DUNNO, REJECT, DEFER }

    private final Kind kind;
    private final Stage stage;

    public Unconditional(Kind kind, Stage stage) {
        this.kind = kind;
        this.stage = stage;
    }

    @Override
    public Decision evaluate(SmtpRequest request) {
        switch (kind) {
            case PERMIT:
                return Decision.permit("permit");
            case REJECT:
                return Decision.refuse("reject", new Reply(554, "5.7.1", stage.rejectionText(request, "Access denied")));
            case DEFER:
                return Decision.refuse("defer", new Reply(450, "4.7.1", stage.rejectionText(request, "Try again later")));
            default:
                return Decision.dunno();
        }
    }
}
