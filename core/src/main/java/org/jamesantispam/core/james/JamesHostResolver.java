package org.jamesantispam.core.james;

import java.util.Collection;

import org.apache.james.dnsservice.api.DNSService;
import org.apache.james.dnsservice.api.TemporaryResolutionException;
import org.jamesantispam.core.restrictions.HostResolver;

/**
 * {@link HostResolver} on James' DNS service ({@code dnsservice.xml}). James' MX look-up falls back
 * to the A record of the name, so "some MX or address" is one call: a temporary resolution error is
 * {@link Lookup#FAILED}, an empty answer {@link Lookup#NOT_FOUND}.
 */
public final class JamesHostResolver implements HostResolver {
    private final DNSService dns;

    public JamesHostResolver(DNSService dns) {
        this.dns = dns;
    }

    @Override
    public Lookup addressOrMx(String name) {
        try {
            Collection<String> hosts = dns.findMXRecords(name);
            return hosts.isEmpty() ? Lookup.NOT_FOUND : Lookup.FOUND;
        } catch (TemporaryResolutionException e) {
            return Lookup.FAILED;
        } catch (RuntimeException e) {
            return Lookup.FAILED;
        }
    }
}
