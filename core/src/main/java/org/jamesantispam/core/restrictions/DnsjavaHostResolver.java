package org.jamesantispam.core.restrictions;

import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.jamesantispam.core.dnsbl.DnsServerAddress;
import org.jamesantispam.core.dnsbl.DnsblResolver;
import org.jamesantispam.core.dnsbl.DnsjavaDnsblResolver;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/**
 * {@link HostResolver} on a DNS server of our choice ({@code host:port} or the system's), with a
 * bounded wait: MX, then A, then AAAA; an answer with records is {@link Lookup#FOUND}, NXDOMAIN or
 * no record of the three kinds {@link Lookup#NOT_FOUND}, anything else (timeout, SERVFAIL, REFUSED,
 * network error) {@link Lookup#FAILED}. Unlike James' DNS service it can query any port and never
 * waits longer than three timeouts.
 */
public final class DnsjavaHostResolver implements HostResolver {
    private static final int[] TYPES = {Type.MX, Type.A, Type.AAAA};

    private final DnsblResolver resolver;
    private final Duration timeout;

    public DnsjavaHostResolver(DnsServerAddress server, Duration timeout) {
        this.resolver = DnsjavaDnsblResolver.of(server, timeout);
        this.timeout = timeout;
    }

    @Override
    public Lookup addressOrMx(String name) {
        Name query;
        try {
            query = Name.fromString(name.endsWith(".") ? name : name + ".");
        } catch (TextParseException e) {
            return Lookup.NOT_FOUND;
        }
        for (int type : TYPES) {
            Message answer;
            try {
                answer = resolver.send(Message.newQuery(Record.newRecord(query, type, DClass.IN)))
                    .toCompletableFuture().get(timeout.toMillis() + 500, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Lookup.FAILED;
            } catch (ExecutionException | TimeoutException | RuntimeException e) {
                return Lookup.FAILED;
            }
            int rcode = answer.getRcode();
            if (rcode == Rcode.NXDOMAIN) {
                return Lookup.NOT_FOUND;
            }
            if (rcode != Rcode.NOERROR) {
                return Lookup.FAILED;
            }
            if (answer.getSection(Section.ANSWER).stream().anyMatch(record -> record.getType() == type)) {
                return Lookup.FOUND;
            }
        }
        return Lookup.NOT_FOUND;
    }

    @Override
    public String toString() {
        return resolver.description();
    }
}
