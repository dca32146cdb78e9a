package org.jamesantispam.core.dnsbl;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;

import org.xbill.DNS.ARecord;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.Type;

/**
 * What a DNS response says about one name and type: the A addresses or TXT texts found (none: a
 * negative answer, NXDOMAIN or NODATA) and how long it may be cached, in seconds ({@code -1}: not
 * cacheable, a negative answer without SOA, RFC 2308 section 5).
 */
record DnsAnswer(List<InetAddress> addresses, List<String> texts, long ttlSeconds) {

    DnsAnswer {
        addresses = List.copyOf(addresses);
        texts = List.copyOf(texts);
    }

    boolean isNegative() {
        return addresses.isEmpty() && texts.isEmpty();
    }

    /**
     * @throws DnsLookupException when the server answered with an error (SERVFAIL, REFUSED, ...)
     */
    static DnsAnswer of(Message response, int type) {
        int rcode = response.getRcode();
        if (rcode != Rcode.NOERROR && rcode != Rcode.NXDOMAIN) {
            throw new DnsLookupException("server answered " + Rcode.string(rcode));
        }
        List<InetAddress> addresses = new ArrayList<>();
        List<String> texts = new ArrayList<>();
        long ttl = Long.MAX_VALUE;
        if (rcode == Rcode.NOERROR) {
            for (Record record : response.getSection(Section.ANSWER)) {
                if (record.getType() == Type.A && type == Type.A) {
                    addresses.add(((ARecord) record).getAddress());
                } else if (record.getType() == Type.TXT && type == Type.TXT) {
                    texts.add(String.join("", ((TXTRecord) record).getStrings()));
                } else if (record.getType() != Type.CNAME) {
                    continue;
                }
                ttl = Math.min(ttl, record.getTTL());
            }
        }
        if (!addresses.isEmpty() || !texts.isEmpty()) {
            return new DnsAnswer(addresses, texts, ttl);
        }
        return new DnsAnswer(List.of(), List.of(), negativeTtl(response));
    }

    /** RFC 2308: the minimum of the SOA record's TTL and its MINIMUM field; -1 without SOA. */
    private static long negativeTtl(Message response) {
        return response.getSection(Section.AUTHORITY).stream()
            .filter(SOARecord.class::isInstance)
            .map(SOARecord.class::cast)
            .mapToLong(soa -> Math.min(soa.getTTL(), soa.getMinimum()))
            .findFirst()
            .orElse(-1);
    }
}
