package org.jamesantispam.core.restrictions;

import org.jamesantispam.core.helo.HeloName;

/**
 * Postfix {@code reject_invalid_helo_hostname} (old name {@code reject_invalid_hostname}): refuses a
 * HELO/EHLO argument that is not a valid host name or address literal ({@link HeloName}) with
 * {@code 501 5.5.2 <name>: Helo command rejected: Invalid name}. Without HELO: DUNNO.
 */
public final class RejectInvalidHeloHostname implements Restriction {
    static final String NAME = "reject_invalid_helo_hostname";

    @Override
    public Decision evaluate(SmtpRequest request) {
        return request.helo()
            .filter(helo -> !HeloName.isValid(helo))
            .map(helo -> Decision.refuse(NAME, new Reply(501, "5.5.2", Stage.HELO.rejectionText(request, "Invalid name"))))
            .orElse(Decision.dunno());
    }
}
