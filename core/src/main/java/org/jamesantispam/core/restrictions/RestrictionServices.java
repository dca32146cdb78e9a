package org.jamesantispam.core.restrictions;

import java.util.List;

import org.jamesantispam.core.dnsbl.DnsblClient;
import org.jamesantispam.core.dnsbl.DnsblFailurePolicy;
import org.jamesantispam.core.dnsbl.DnsblZone;
import org.jamesantispam.core.dnsbl.RblReply;
import org.jamesantispam.core.table.TableOpener;

/**
 * What the restrictions need from their surroundings, parsed once from configuration: DNS for the
 * {@code reject_unknown_*} checks, the local domains, the DNSBL client with its reply and failure
 * policy, the zones of {@code reject_maps_rbl}, and how to open access tables.
 *
 * @param unknownHostnameCode code of {@code reject_unknown_helo_hostname} for a name that does not exist
 * @param unknownAddressCode code of {@code reject_unknown_sender_domain} for a domain that does not exist
 * @param mapsRblDomains zones of the old {@code reject_maps_rbl} ({@code maps_rbl_domains})
 */
public record RestrictionServices(HostResolver resolver, LocalDomains localDomains, int unknownHostnameCode, int unknownAddressCode,
                                  DnsblClient dnsbl, RblReply rblReply, DnsblFailurePolicy rblFailure, List<DnsblZone> mapsRblDomains,
                                  TableOpener tables) {
    public RestrictionServices {
        mapsRblDomains = List.copyOf(mapsRblDomains);
    }
}
