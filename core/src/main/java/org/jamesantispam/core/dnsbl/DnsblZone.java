package org.jamesantispam.core.dnsbl;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

import org.xbill.DNS.Name;
import org.xbill.DNS.TextParseException;

/**
 * One DNS blocklist (or allow list) zone as Postfix writes it after {@code reject_rbl_client} or
 * {@code permit_dnswl_client}: {@code zone} (any A record lists the client) or
 * {@code zone=d.d.d.d} (only A records passing the {@link ReturnCodeFilter} list it), e.g.
 * {@code bl.example.test}, {@code bl.example.test=127.0.0.2}, {@code zen.example=127.0.0.[2..11]},
 * {@code list.dnswl.org=127.0.[0..255].[1..3]}.
 *
 * <p>A client is looked up as {@link #queryName(InetAddress)}: the IPv4 octets reversed
 * ({@code 2.0.0.127.zone} for 127.0.0.2), or the 32 nibbles of an IPv6 address reversed
 * ({@code 1.0.0.0.[...].8.b.d.0.1.0.0.2.zone} for 2001:db8::1), as RFC 5782 says.
 */
public final class DnsblZone {
    private static final Pattern LABEL = Pattern.compile("[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?");
    /** 32 nibble labels of an IPv6 query, 2 bytes each on the wire. */
    private static final int IPV6_PREFIX_WIRE_LENGTH = 64;
    private static final int MAX_NAME_WIRE_LENGTH = 255;

    private final String spec;
    private final String domain;
    private final Name name;
    private final ReturnCodeFilter filter;

    private DnsblZone(String spec, String domain, Name name, ReturnCodeFilter filter) {
        this.spec = spec;
        this.domain = domain;
        this.name = name;
        this.filter = filter;
    }

    /**
     * @param spec {@code zone} or {@code zone=d.d.d.d}
     * @throws IllegalArgumentException naming the spec and what is expected when it is malformed
     */
    public static DnsblZone parse(String spec) {
        Objects.requireNonNull(spec, "spec");
        String trimmed = spec.strip();
        int equals = trimmed.indexOf('=');
        String domainPart = equals < 0 ? trimmed : trimmed.substring(0, equals);
        String domain = domain(spec, domainPart);
        ReturnCodeFilter filter = null;
        if (equals >= 0) {
            try {
                filter = ReturnCodeFilter.parse(trimmed.substring(equals + 1));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("DNSBL zone '" + spec + "': " + e.getMessage(), e);
            }
        }
        try {
            return new DnsblZone(trimmed, domain, Name.fromString(domain, Name.root), filter);
        } catch (TextParseException e) {
            throw new IllegalArgumentException("DNSBL zone '" + spec + "': " + e.getMessage() + "; " + expected(), e);
        }
    }

    /**
     * A list of zones separated by commas and/or whitespace, as in Postfix's {@code maps_rbl_domains}.
     *
     * @throws IllegalArgumentException when the list is empty or a zone is malformed
     */
    public static List<DnsblZone> parseList(String specs) {
        Objects.requireNonNull(specs, "specs");
        List<DnsblZone> zones = new ArrayList<>();
        for (String spec : specs.split("[,\\s]+")) {
            if (!spec.isEmpty()) {
                zones.add(parse(spec));
            }
        }
        if (zones.isEmpty()) {
            throw new IllegalArgumentException("DNSBL zone list '" + specs + "' is empty; " + expected());
        }
        return List.copyOf(zones);
    }

    private static String domain(String spec, String raw) {
        String domain = raw.toLowerCase(Locale.ROOT);
        if (domain.endsWith(".")) {
            domain = domain.substring(0, domain.length() - 1);
        }
        if (domain.isEmpty()) {
            throw new IllegalArgumentException("DNSBL zone '" + spec + "' has no domain name; " + expected());
        }
        int wireLength = 1;
        for (String label : domain.split("\\.", -1)) {
            if (!LABEL.matcher(label).matches()) {
                throw new IllegalArgumentException("DNSBL zone '" + spec + "': '" + raw + "' is not a domain name (label '"
                    + label + "'); " + expected());
            }
            wireLength += label.length() + 1;
        }
        if (wireLength + IPV6_PREFIX_WIRE_LENGTH > MAX_NAME_WIRE_LENGTH) {
            throw new IllegalArgumentException("DNSBL zone '" + spec + "': domain name too long for IPv6 queries (at most "
                + (MAX_NAME_WIRE_LENGTH - IPV6_PREFIX_WIRE_LENGTH - 2) + " characters)");
        }
        return domain;
    }

    private static String expected() {
        return "expected zone or zone=d.d.d.d, e.g. bl.example.test or bl.example.test=127.0.0.[2..11]";
    }

    /** The zone's domain name, lower case, without trailing dot: {@code bl.example.test}. */
    public String domain() {
        return domain;
    }

    /** The return-code filter, if the spec has one. */
    public Optional<ReturnCodeFilter> filter() {
        return Optional.ofNullable(filter);
    }

    /**
     * Whether A record answers {@code answers} list the client: any answer without filter, an
     * answer passing the filter with one.
     */
    public boolean lists(List<? extends InetAddress> answers) {
        return filter == null ? !answers.isEmpty() : answers.stream().anyMatch(filter::matches);
    }

    /** The name to query for {@code client} in this zone. */
    public Name queryName(InetAddress client) {
        try {
            return Name.concatenate(Name.fromString(reversed(client)), name);
        } catch (Exception e) {
            // cannot happen: the zone's length is checked for the longest (IPv6) prefix
            throw new IllegalStateException("Cannot build the query name of " + client + " in " + domain, e);
        }
    }

    /**
     * The reversed form of an address, without the zone: {@code 2.0.0.127} for 127.0.0.2,
     * 32 dot-separated nibbles (least significant first) for an IPv6 address.
     */
    public static String reversed(InetAddress address) {
        byte[] bytes = address.getAddress();
        StringBuilder reversed = new StringBuilder(64);
        if (address instanceof Inet4Address) {
            for (int i = 3; i >= 0; i--) {
                reversed.append(bytes[i] & 0xff);
                if (i > 0) {
                    reversed.append('.');
                }
            }
        } else if (address instanceof Inet6Address) {
            for (int i = 15; i >= 0; i--) {
                reversed.append(Character.forDigit(bytes[i] & 0xf, 16)).append('.')
                    .append(Character.forDigit((bytes[i] >> 4) & 0xf, 16));
                if (i > 0) {
                    reversed.append('.');
                }
            }
        } else {
            throw new IllegalArgumentException("not an IPv4 or IPv6 address: " + address);
        }
        return reversed.toString();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof DnsblZone && ((DnsblZone) other).domain.equals(domain)
            && Objects.equals(((DnsblZone) other).filter, filter);
    }

    @Override
    public int hashCode() {
        return Objects.hash(domain, filter);
    }

    /** The zone as configured, e.g. {@code bl.example.test=127.0.0.[2..11]}. */
    @Override
    public String toString() {
        return spec;
    }
}
