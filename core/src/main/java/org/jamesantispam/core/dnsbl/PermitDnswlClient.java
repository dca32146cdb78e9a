package org.jamesantispam.core.dnsbl;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

import org.jamesantispam.core.restrictions.Decision;
import org.jamesantispam.core.restrictions.Restriction;
import org.jamesantispam.core.restrictions.SmtpRequest;

/**
 * Postfix {@code permit_dnswl_client zone[=d.d.d.d]}: accepts (PERMIT, ending the restriction
 * list) a client listed in a DNS allow list, e.g. {@code list.dnswl.org=127.0.[0..255].[1..3]};
 * DUNNO when it is not listed or the allow list cannot be queried (logged and counted). The
 * decision's check is {@code permit_dnswl_client ZONE}. Zones are queried in parallel.
 *
 * <p>As in Postfix, the restriction-list engine must not let this PERMIT override
 * {@code reject_unauth_destination} (no open relay for allow-listed clients).
 */
public final class PermitDnswlClient implements Restriction {
    public static final String NAME = "permit_dnswl_client";

    private final DnsblClient client;
    private final List<DnsblZone> zones;

    public PermitDnswlClient(DnsblClient client, List<DnsblZone> zones) {
        this.client = Objects.requireNonNull(client, "client");
        this.zones = List.copyOf(zones);
        if (this.zones.isEmpty()) {
            throw new IllegalArgumentException(NAME + " needs at least one zone");
        }
    }

    @Override
    public Decision evaluate(SmtpRequest request) {
        Optional<DnsblResult> listed = client.lookup(request.client(), zones, false, !request.isDryRun()).firstListed();
        return listed.map(result -> Decision.permit(NAME + " " + result.zone().domain())).orElse(Decision.dunno());
    }

    public List<DnsblZone> zones() {
        return zones;
    }

    @Override
    public String toString() {
        return NAME + " " + zones;
    }
}
