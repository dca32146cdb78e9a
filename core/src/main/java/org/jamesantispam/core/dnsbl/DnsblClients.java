package org.jamesantispam.core.dnsbl;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * One shared {@link DnsblClient} per distinct {@link DnsblClientSettings} in the JVM, so that the
 * SMTP hooks and the matchers configured alike share one cache and one set of counters (a client
 * refused or checked at RCPT time is then a cache hit for a matcher after DATA).
 */
public final class DnsblClients {
    private static final ConcurrentMap<DnsblClientSettings, DnsblClient> CLIENTS = new ConcurrentHashMap<>();

    private DnsblClients() {
    }

    /** The client for {@code settings}, created at the first call. */
    public static DnsblClient shared(DnsblClientSettings settings) {
        return CLIENTS.computeIfAbsent(settings, DnsblClient::new);
    }

    /** Every shared client by its settings, e.g. to publish their {@link DnsblClient#statistics()}. */
    public static Map<DnsblClientSettings, DnsblClient> all() {
        return Map.copyOf(CLIENTS);
    }
}
