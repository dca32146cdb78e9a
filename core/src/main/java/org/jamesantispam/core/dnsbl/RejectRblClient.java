package org.jamesantispam.core.dnsbl;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

import org.jamesantispam.core.restrictions.Decision;
import org.jamesantispam.core.restrictions.Mergeable;
import org.jamesantispam.core.restrictions.Restriction;
import org.jamesantispam.core.restrictions.SmtpRequest;

/**
 * Postfix {@code reject_rbl_client zone[=d.d.d.d]} (old name {@code reject_maps_rbl}, which uses
 * the zones of {@code maps_rbl_domains}): refuses a client listed in one of the zones, which are
 * queried in parallel (one timeout for all). The first listing zone, in the configured order,
 * gives the reply, Postfix's by default:
 * {@code 554 5.7.1 Service unavailable; Client host [192.0.2.1] blocked using bl.example.test; <TXT>}
 * (without {@code ; <TXT>} when the zone has no TXT record). The decision's check is
 * {@code reject_rbl_client ZONE}.
 *
 * <p>Not listed anywhere: {@link Decision#dunno()}. A zone that could not be queried is not a
 * listing: {@code DUNNO} (logged and counted by the {@link DnsblClient}), or a temporary refusal
 * when the {@link DnsblFailurePolicy} says so. Trusted clients are not special here: put
 * {@code permit_mynetworks} before this restriction.
 */
public final class RejectRblClient implements Mergeable {
    public static final String NAME = "reject_rbl_client";

    private final DnsblClient client;
    private final List<DnsblZone> zones;
    private final RblReply reply;
    private final DnsblFailurePolicy onFailure;

    /** Postfix's reply, and DUNNO when a zone cannot be queried. */
    public RejectRblClient(DnsblClient client, List<DnsblZone> zones) {
        this(client, zones, RblReply.postfixDefault(), DnsblFailurePolicy.dunno());
    }

    /**
     * @param client the shared client ({@link DnsblClients#shared})
     * @param zones at least one zone, in the order their listings are reported
     * @param reply the refusal of a listed client
     * @param onFailure what a zone that cannot be queried gives when no zone lists the client
     */
    public RejectRblClient(DnsblClient client, List<DnsblZone> zones, RblReply reply, DnsblFailurePolicy onFailure) {
        this.client = Objects.requireNonNull(client, "client");
        this.zones = List.copyOf(zones);
        this.reply = Objects.requireNonNull(reply, "reply");
        this.onFailure = Objects.requireNonNull(onFailure, "onFailure");
        if (this.zones.isEmpty()) {
            throw new IllegalArgumentException(NAME + " needs at least one zone");
        }
    }

    @Override
    public Decision evaluate(SmtpRequest request) {
        DnsblLookup lookup = client.lookup(request.client(), zones, true, !request.isDryRun());
        Optional<DnsblResult> listed = lookup.firstListed();
        if (listed.isPresent()) {
            return Decision.refuse(NAME + " " + listed.get().zone().domain(), reply.format(request, listed.get()));
        }
        Optional<RblReply> deferReply = onFailure.deferReply();
        if (deferReply.isPresent()) {
            Optional<DnsblResult> failed = lookup.firstFailed();
            if (failed.isPresent()) {
                return Decision.refuse(NAME + " " + failed.get().zone().domain(), deferReply.get().format(request, failed.get()));
            }
        }
        return Decision.dunno();
    }

    public List<DnsblZone> zones() {
        return zones;
    }

    @Override
    public String toString() {
        return NAME + " " + zones;
    }

    /**
     * Consecutive {@code reject_rbl_client} entries with the same client, reply and failure policy
     * become one restriction over all their zones: queried in parallel, the first listing in the
     * configured order decides, exactly as one after the other would, within one timeout.
     */
    @Override
    public Optional<Restriction> mergeWith(Restriction next) {
        if (next instanceof RejectRblClient other && other.client == client && other.reply.equals(reply) && other.onFailure == onFailure) {
            List<DnsblZone> all = new java.util.ArrayList<>(zones);
            all.addAll(other.zones);
            return Optional.of(new RejectRblClient(client, all, reply, onFailure));
        }
        return Optional.empty();
    }
}
