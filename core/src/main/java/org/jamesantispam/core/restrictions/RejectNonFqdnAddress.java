package org.jamesantispam.core.restrictions;

import java.util.Optional;

import org.jamesantispam.core.helo.HeloName;

/**
 * Postfix {@code reject_non_fqdn_sender} / {@code reject_non_fqdn_recipient}: refuses an envelope
 * address whose domain is missing or not fully qualified, with
 * {@code 504 5.5.2 <address>: Sender address rejected: need fully-qualified address} (or
 * {@code Recipient address}). The null sender passes.
 */
public final class RejectNonFqdnAddress implements Restriction {
    private final Stage stage;

    /** @param stage {@link Stage#SENDER} or {@link Stage#RECIPIENT} */
    public RejectNonFqdnAddress(Stage stage) {
        if (stage != Stage.SENDER && stage != Stage.RECIPIENT) {
            throw new IllegalArgumentException("non-FQDN address check applies to the sender or the recipient, not " + stage);
        }
        this.stage = stage;
    }

    @Override
    public Decision evaluate(SmtpRequest request) {
        Optional<String> address = stage == Stage.SENDER ? request.sender() : request.recipient();
        if (address.isEmpty() || address.get().isEmpty() || isFullyQualified(address.get())) {
            return Decision.dunno();
        }
        return Decision.refuse(name(), new Reply(504, "5.5.2", stage.rejectionText(request, "need fully-qualified address")));
    }

    private String name() {
        return stage == Stage.SENDER ? "reject_non_fqdn_sender" : "reject_non_fqdn_recipient";
    }

    private static boolean isFullyQualified(String address) {
        int at = address.lastIndexOf('@');
        if (at < 0) {
            return false;
        }
        String domain = address.substring(at + 1);
        if (domain.startsWith("[")) {
            return HeloName.isValid(domain);
        }
        return domain.indexOf('.') > 0 && HeloName.isValid(domain);
    }
}
