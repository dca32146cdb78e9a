package org.jamesantispam.core.restrictions;

import org.jamesantispam.core.helo.HeloName;

/**
 * Postfix {@code reject_non_fqdn_helo_hostname} (old name {@code reject_non_fqdn_hostname}): refuses
 * a HELO name that is not in fully-qualified form (a valid host name with at least one dot; address
 * literals pass), with {@code 504 5.5.2 <name>: Helo command rejected: need fully-qualified hostname}.
 * Syntactically invalid names are left to {@link RejectInvalidHeloHostname}.
 */
public final class RejectNonFqdnHeloHostname implements Restriction {
    static final String NAME = "reject_non_fqdn_helo_hostname";

    @Override
    public Decision evaluate(SmtpRequest request) {
        return request.helo()
            .filter(helo -> !isFullyQualified(helo))
            .map(helo -> Decision.refuse(NAME, new Reply(504, "5.5.2",
                Stage.HELO.rejectionText(request, "need fully-qualified hostname"))))
            .orElse(Decision.dunno());
    }

    private static boolean isFullyQualified(String helo) {
        if (helo.startsWith("[") || !HeloName.isValid(helo)) {
            return true;
        }
        return helo.indexOf('.') > 0;
    }
}
