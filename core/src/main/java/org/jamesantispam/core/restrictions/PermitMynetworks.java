package org.jamesantispam.core.restrictions;

/**
 * Postfix {@code permit_mynetworks}: PERMIT when the client is trusted ({@link SmtpRequest#trusted()}),
 * DUNNO otherwise. Placed first in a list, trusted clients skip the rest of that list.
 */
public final class PermitMynetworks implements Restriction {
    private static final Decision PERMIT = Decision.permit("permit_mynetworks");

    @Override
    public Decision evaluate(SmtpRequest request) {
        return request.trusted() ? PERMIT : Decision.dunno();
    }
}
