package org.jamesantispam.core.restrictions;

/**
 * Postfix {@code reject_unauth_destination} / {@code defer_unauth_destination}: refuses a recipient
 * in a domain this server does not receive mail for. As in Postfix, trusted clients pass only
 * through a {@code permit_mynetworks} placed before it. Replies
 * {@code 554 5.7.1 <x@other.test>: Relay access denied} (reject) or
 * {@code 454 4.7.1 <x@other.test>: Relay access denied} (defer, Postfix 3's default relay restriction).
 * James' own relay check stays in force behind it.
 */
public final class RejectUnauthDestination implements Restriction {
    private final LocalDomains localDomains;
    private final boolean defer;

    public RejectUnauthDestination(LocalDomains localDomains, boolean defer) {
        this.localDomains = localDomains;
        this.defer = defer;
    }

    @Override
    public Decision evaluate(SmtpRequest request) {
        String recipient = request.recipient().orElse(null);
        if (recipient == null) {
            return Decision.dunno();
        }
        int at = recipient.lastIndexOf('@');
        String domain = at < 0 ? "" : recipient.substring(at + 1);
        if (!domain.isEmpty() && localDomains.isLocal(domain)) {
            return Decision.dunno();
        }
        String text = "<" + recipient + ">: Relay access denied";
        return defer
            ? Decision.refuse("defer_unauth_destination", new Reply(454, "4.7.1", text))
            : Decision.refuse("reject_unauth_destination", new Reply(554, "5.7.1", text));
    }
}
