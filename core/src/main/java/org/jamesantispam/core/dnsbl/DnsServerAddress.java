package org.jamesantispam.core.dnsbl;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.google.common.net.InetAddresses;

/**
 * Where DNS blocklist queries go: {@code system} (the name servers of {@code /etc/resolv.conf},
 * read by dnsjava) or one server given as an IP address with an optional port:
 * {@code 127.0.0.1:5300}, {@code 192.0.2.53} (port 53), {@code [::1]:5300}, {@code ::1}. Host
 * names are refused (resolving them would need the DNS being configured).
 */
public final class DnsServerAddress {
    public static final String SYSTEM = "system";
    private static final Pattern BRACKETED = Pattern.compile("\\[([^\\]]+)\\](?::(\\d{1,5}))?");
    private static final Pattern WITH_PORT = Pattern.compile("([^:]+):(\\d{1,5})");

    private final InetSocketAddress server;

    private DnsServerAddress(InetSocketAddress server) {
        this.server = server;
    }

    /** The system's resolvers ({@code /etc/resolv.conf}). */
    public static DnsServerAddress system() {
        return new DnsServerAddress(null);
    }

    public static DnsServerAddress of(InetSocketAddress server) {
        return new DnsServerAddress(Objects.requireNonNull(server, "server"));
    }

    /**
     * @throws IllegalArgumentException naming the value and the expected forms
     */
    public static DnsServerAddress parse(String raw) {
        String value = raw == null ? "" : raw.strip();
        if (value.equalsIgnoreCase(SYSTEM)) {
            return system();
        }
        String host;
        String port = null;
        Matcher bracketed = BRACKETED.matcher(value);
        Matcher withPort = WITH_PORT.matcher(value);
        if (bracketed.matches()) {
            host = bracketed.group(1);
            port = bracketed.group(2);
        } else if (withPort.matches()) {
            host = withPort.group(1);
            port = withPort.group(2);
        } else {
            host = value;
        }
        if (!InetAddresses.isInetAddress(host)) {
            throw invalid(raw, "'" + host + "' is not an IP address");
        }
        InetAddress address = InetAddresses.forString(host);
        if (bracketed.matches() && !(address instanceof Inet6Address)) {
            throw invalid(raw, "brackets are for IPv6 addresses");
        }
        int portNumber = port == null ? 53 : Integer.parseInt(port);
        if (portNumber < 1 || portNumber > 65535) {
            throw invalid(raw, "port " + port + " is not in 1..65535");
        }
        return of(new InetSocketAddress(address, portNumber));
    }

    private static IllegalArgumentException invalid(String raw, String problem) {
        return new IllegalArgumentException("DNS server '" + raw + "': " + problem
            + "; expected 'system', ip, ip:port or [ipv6]:port, e.g. 127.0.0.1:5300");
    }

    /** The server, or empty for the system's resolvers. */
    public Optional<InetSocketAddress> server() {
        return Optional.ofNullable(server);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof DnsServerAddress && Objects.equals(((DnsServerAddress) other).server, server);
    }

    @Override
    public int hashCode() {
        return Objects.hashCode(server);
    }

    /** {@code system}, {@code 127.0.0.1:5300} or {@code [::1]:5300}. */
    @Override
    public String toString() {
        if (server == null) {
            return SYSTEM;
        }
        String host = InetAddresses.toAddrString(server.getAddress());
        return (server.getAddress() instanceof Inet6Address ? "[" + host + "]" : host) + ":" + server.getPort();
    }
}
