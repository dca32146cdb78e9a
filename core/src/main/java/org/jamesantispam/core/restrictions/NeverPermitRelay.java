package org.jamesantispam.core.restrictions;

/**
 * Postfix's safety rule for {@code permit_dnswl_client} among the recipient restrictions: its PERMIT
 * is ignored for a recipient outside the local domains, so an allow list can never open a relay.
 */
final class NeverPermitRelay implements Restriction {
    private final Restriction permit;
    private final LocalDomains localDomains;

    NeverPermitRelay(Restriction permit, LocalDomains localDomains) {
        this.permit = permit;
        this.localDomains = localDomains;
    }

    @Override
    public Decision evaluate(SmtpRequest request) {
        Decision decision = permit.evaluate(request);
        if (decision.action() != Decision.Action.PERMIT) {
            return decision;
        }
        String recipient = request.recipient().orElse("");
        int at = recipient.lastIndexOf('@');
        boolean local = at >= 0 && localDomains.isLocal(recipient.substring(at + 1));
        return local || request.recipient().isEmpty() ? decision : Decision.dunno();
    }
}
