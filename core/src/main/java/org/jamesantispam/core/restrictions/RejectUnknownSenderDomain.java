package org.jamesantispam.core.restrictions;

/**
 * Postfix {@code reject_unknown_sender_domain}: refuses a sender whose domain has no A, AAAA or MX
 * record, with {@code 450 4.1.8 <address>: Sender address rejected: Domain not found} (Postfix's
 * {@code unknown_address_reject_code} is 450; configurable, e.g. 550 for a permanent refusal when the
 * DNS says the domain does not exist). A DNS failure or timeout is always a temporary 450, never a
 * permanent refusal. The null sender and address-literal domains pass.
 */
public final class RejectUnknownSenderDomain implements Restriction {
    static final String NAME = "reject_unknown_sender_domain";

    private final HostResolver resolver;
    private final int notFoundCode;

    public RejectUnknownSenderDomain(HostResolver resolver, int notFoundCode) {
        this.resolver = resolver;
        this.notFoundCode = notFoundCode;
    }

    @Override
    public Decision evaluate(SmtpRequest request) {
        String sender = request.sender().orElse("");
        int at = sender.lastIndexOf('@');
        if (at < 0 || sender.startsWith("[", at + 1)) {
            return Decision.dunno();
        }
        switch (resolver.addressOrMx(sender.substring(at + 1))) {
            case FOUND:
                return Decision.dunno();
            case NOT_FOUND:
                return Decision.refuse(NAME, new Reply(notFoundCode, notFoundCode >= 500 ? "5.1.8" : "4.1.8",
                    Stage.SENDER.rejectionText(request, "Domain not found")));
            default:
                return Decision.refuse(NAME, new Reply(450, "4.1.8",
                    Stage.SENDER.rejectionText(request, "Domain not found, try again later")));
        }
    }
}
