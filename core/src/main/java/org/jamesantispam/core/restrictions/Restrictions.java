package org.jamesantispam.core.restrictions;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.jamesantispam.core.access.AccessKind;
import org.jamesantispam.core.access.CheckAccess;
import org.jamesantispam.core.dnsbl.DnsblZone;
import org.jamesantispam.core.dnsbl.PermitDnswlClient;
import org.jamesantispam.core.dnsbl.RejectRblClient;
import org.jamesantispam.core.restrictions.RestrictionListParser.Spec;

/**
 * Every restriction james-antispam knows, by its Postfix name: the {@link StandardRestrictions},
 * the DNS blocklists ({@code reject_rbl_client zone}, {@code reject_maps_rbl},
 * {@code permit_dnswl_client zone}) and the access tables ({@code check_client_access},
 * {@code check_helo_access}, {@code check_sender_access}, {@code check_recipient_access}, each with a
 * table {@code type:location}). The one registry behind the SMTP hook and the matchers.
 */
public final class Restrictions {
    private Restrictions() {
    }

    /**
     * @param services what the restrictions need
     * @param classes the restriction classes, for access-table results that name one
     */
    public static Map<String, Spec> specs(RestrictionServices services, RestrictionClasses classes) {
        Map<String, Spec> specs = new HashMap<>(StandardRestrictions.specs(services.resolver(), services.localDomains(),
            services.unknownHostnameCode(), services.unknownAddressCode()));
        specs.put("reject_rbl_client", new Spec(1, (stage, args) ->
            new RejectRblClient(services.dnsbl(), List.of(DnsblZone.parse(args.get(0))), services.rblReply(), services.rblFailure())));
        specs.put("reject_maps_rbl", new Spec(0, (stage, args) -> {
            if (services.mapsRblDomains().isEmpty()) {
                throw new IllegalArgumentException("needs the zones of maps_rbl_domains, which is empty");
            }
            return new RejectRblClient(services.dnsbl(), services.mapsRblDomains(), services.rblReply(), services.rblFailure());
        }));
        specs.put("permit_dnswl_client", new Spec(1, (stage, args) -> {
            Restriction permit = new PermitDnswlClient(services.dnsbl(), List.of(DnsblZone.parse(args.get(0))));
            return stage == Stage.RECIPIENT ? new NeverPermitRelay(permit, services.localDomains()) : permit;
        }));
        for (AccessKind kind : AccessKind.values()) {
            specs.put(kind.restrictionName(), new Spec(1, (stage, args) -> CheckAccess.open(kind, args.get(0), services.tables(), classes)));
        }
        return Map.copyOf(specs);
    }

    /**
     * Restriction classes as seen from an access-table result: a defined class, else a built-in
     * restriction without arguments used as a result ({@code permit}, {@code reject_unauth_destination}).
     */
    public static RestrictionClasses withBuiltIns(Map<String, ? extends Restriction> classes, Map<String, Spec> specs) {
        Map<String, Restriction> builtIns = new HashMap<>();
        specs.forEach((name, spec) -> {
            if (spec.arity() == 0) {
                try {
                    builtIns.put(name, spec.factory().create(Stage.RECIPIENT, List.of()));
                } catch (IllegalArgumentException notUsable) {
                    // e.g. reject_maps_rbl without zones: not available as a result either
                }
            }
        });
        return name -> Optional.<Restriction>ofNullable(classes.get(name)).or(() -> Optional.ofNullable(builtIns.get(name)));
    }
}
