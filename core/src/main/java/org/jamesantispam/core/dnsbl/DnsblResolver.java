package org.jamesantispam.core.dnsbl;

import java.util.concurrent.CompletionStage;

import org.xbill.DNS.Message;

/**
 * Sends one DNS query and completes with the response as received (any RCODE), or exceptionally
 * when no response came (timeout, network error). The {@link DnsblClient} reads the A / TXT records,
 * the RCODE and the SOA of negative answers (for their TTL) from it.
 *
 * <p>The implementation is {@link DnsjavaDnsblResolver} (one server {@code host:port}, or the
 * system's resolvers). James' own {@code DNSService} is not used: it neither gives TTLs nor tells
 * "not listed" (NXDOMAIN) from a failed lookup, and only queries port 53.
 */
public interface DnsblResolver {
    /** Sends {@code query}; must not block. */
    CompletionStage<Message> send(Message query);

    /** Where the queries go, for logs: {@code 127.0.0.1:5300}, {@code system}. */
    String description();
}
