package org.jamesantispam.core.restrictions;

import java.util.HashMap;
import java.util.Map;

import org.jamesantispam.core.restrictions.RestrictionListParser.Spec;

/**
 * The restrictions built into Postfix that need no table or blocklist, by their Postfix names
 * (old names as aliases): {@code permit}, {@code dunno}, {@code reject}, {@code defer},
 * {@code permit_mynetworks}, {@code reject_invalid_helo_hostname} ({@code reject_invalid_hostname}),
 * {@code reject_non_fqdn_helo_hostname} ({@code reject_non_fqdn_hostname}),
 * {@code reject_unknown_helo_hostname} ({@code reject_unknown_hostname}),
 * {@code reject_non_fqdn_sender}, {@code reject_non_fqdn_recipient},
 * {@code reject_unknown_sender_domain}, {@code reject_unauth_destination},
 * {@code defer_unauth_destination}.
 */
public final class StandardRestrictions {
    private StandardRestrictions() {
    }

    /**
     * @param resolver DNS for the {@code reject_unknown_*} checks
     * @param localDomains for {@code reject_unauth_destination}
     * @param unknownHostnameCode reply code of {@code reject_unknown_helo_hostname} for a name that does not exist
     * @param unknownAddressCode reply code of {@code reject_unknown_sender_domain} for a domain that does not exist
     */
    public static Map<String, Spec> specs(HostResolver resolver, LocalDomains localDomains, int unknownHostnameCode, int unknownAddressCode) {
        Map<String, Spec> specs = new HashMap<>();
        for (Unconditional.Kind kind : Unconditional.Kind.values()) {
            specs.put(kind.name().toLowerCase(java.util.Locale.ROOT), new Spec(0, (stage, args) -> new Unconditional(kind, stage)));
        }
        Restriction permitMynetworks = new PermitMynetworks();
        specs.put("permit_mynetworks", new Spec(0, (stage, args) -> permitMynetworks));
        Restriction invalidHelo = new RejectInvalidHeloHostname();
        specs.put("reject_invalid_helo_hostname", new Spec(0, (stage, args) -> invalidHelo));
        specs.put("reject_invalid_hostname", new Spec(0, (stage, args) -> invalidHelo));
        Restriction nonFqdnHelo = new RejectNonFqdnHeloHostname();
        specs.put("reject_non_fqdn_helo_hostname", new Spec(0, (stage, args) -> nonFqdnHelo));
        specs.put("reject_non_fqdn_hostname", new Spec(0, (stage, args) -> nonFqdnHelo));
        Restriction unknownHelo = new RejectUnknownHeloHostname(resolver, unknownHostnameCode);
        specs.put("reject_unknown_helo_hostname", new Spec(0, (stage, args) -> unknownHelo));
        specs.put("reject_unknown_hostname", new Spec(0, (stage, args) -> unknownHelo));
        Restriction nonFqdnSender = new RejectNonFqdnAddress(Stage.SENDER);
        specs.put("reject_non_fqdn_sender", new Spec(0, (stage, args) -> nonFqdnSender));
        Restriction nonFqdnRecipient = new RejectNonFqdnAddress(Stage.RECIPIENT);
        specs.put("reject_non_fqdn_recipient", new Spec(0, (stage, args) -> nonFqdnRecipient));
        Restriction unknownSender = new RejectUnknownSenderDomain(resolver, unknownAddressCode);
        specs.put("reject_unknown_sender_domain", new Spec(0, (stage, args) -> unknownSender));
        Restriction rejectUnauth = new RejectUnauthDestination(localDomains, false);
        specs.put("reject_unauth_destination", new Spec(0, (stage, args) -> rejectUnauth));
        Restriction deferUnauth = new RejectUnauthDestination(localDomains, true);
        specs.put("defer_unauth_destination", new Spec(0, (stage, args) -> deferUnauth));
        return specs;
    }
}
