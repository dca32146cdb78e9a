package org.jamesantispam.core.restrictions;

/**
 * Postfix {@code reject_unknown_helo_hostname} (old name {@code reject_unknown_hostname}): refuses a
 * HELO name that has no A, AAAA or MX record, with
 * {@code 450 4.7.1 <name>: Helo command rejected: Host not found} (Postfix's
 * {@code unknown_hostname_reject_code} is 450; the code for a name the DNS says does not exist is
 * configurable, e.g. 550). A DNS failure or timeout is always temporary: 450, never a permanent
 * refusal. Address literals and invalid names are not looked up.
 */
public final class RejectUnknownHeloHostname implements Restriction {
    static final String NAME = "reject_unknown_helo_hostname";

    private final HostResolver resolver;
    private final int notFoundCode;

    /** @param notFoundCode reply code when the name does not exist: 450 (Postfix default) or a 5XX code */
    public RejectUnknownHeloHostname(HostResolver resolver, int notFoundCode) {
        this.resolver = resolver;
        this.notFoundCode = notFoundCode;
    }

    @Override
    public Decision evaluate(SmtpRequest request) {
        String helo = request.helo().orElse(null);
        if (helo == null || helo.startsWith("[") || !org.jamesantispam.core.helo.HeloName.isValid(helo)) {
            return Decision.dunno();
        }
        switch (resolver.addressOrMx(helo)) {
            case FOUND:
                return Decision.dunno();
            case NOT_FOUND:
                return Decision.refuse(NAME, new Reply(notFoundCode, notFoundCode >= 500 ? "5.7.1" : "4.7.1",
                    Stage.HELO.rejectionText(request, "Host not found")));
            default:
                return Decision.refuse(NAME, new Reply(450, "4.7.1", Stage.HELO.rejectionText(request, "Host not found, try again later")));
        }
    }
}
