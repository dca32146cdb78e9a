package org.jamesantispam.core.table;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import com.google.common.net.InetAddresses;

/**
 * A Postfix {@code cidr:} table ({@code cidr_table(5)}): lines {@code network result}, tried in file
 * order, the first network containing the looked-up address wins.
 * <pre>
 * # comment
 * 192.0.2.0/24      REJECT
 * 198.51.100.7      OK
 * 2001:db8::/32     DEFER try later
 * [2001:db8:1::1]   OK
 * </pre>
 * A network is an IPv4 or IPv6 address, optionally in {@code []}, optionally with a prefix
 * length; a bare address is a single host. Like Postfix, a network with host bits set
 * ({@code 192.0.2.1/24}) is refused, naming the intended network. IPv4 networks match IPv4
 * clients only, IPv6 networks IPv6 clients. Keys that are not IP addresses (host names) never
 * match. Immutable and thread-safe.
 */
public final class CidrTable implements LookupTable {
    private record Network(byte[] address, int prefixLength, String result, int line) {
        boolean contains(byte[] candidate) {
            if (candidate.length != address.length) {
                return false;
            }
            int fullBytes = prefixLength / 8;
            for (int i = 0; i < fullBytes; i++) {
                if (candidate[i] != address[i]) {
                    return false;
                }
            }
            int remainingBits = prefixLength % 8;
            if (remainingBits == 0) {
                return true;
            }
            int mask = (0xff << (8 - remainingBits)) & 0xff;
            return (candidate[fullBytes] & mask) == (address[fullBytes] & mask);
        }
    }

    private final String source;
    private final List<Network> networks;

    private CidrTable(String source, List<Network> networks) {
        this.source = source;
        this.networks = networks;
    }

    /** Reads and parses {@code file}. */
    public static CidrTable load(Path file, ResultCheck check) throws IOException {
        return parse(file.toString(), new String(Files.readAllBytes(file), StandardCharsets.UTF_8), check);
    }

    /**
     * @throws TableSyntaxException {@code source:line: reason} for the first unusable line
     */
    public static CidrTable parse(String source, String content, ResultCheck check) {
        List<Network> networks = new ArrayList<>();
        for (TableLine line : TableLines.of(source, content)) {
            try {
                networks.add(parseLine(line, check));
            } catch (IllegalArgumentException e) {
                throw new TableSyntaxException(source, line.number(), e.getMessage());
            }
        }
        return new CidrTable(source, List.copyOf(networks));
    }

    private static Network parseLine(TableLine line, ResultCheck check) {
        String[] fields = line.text().split("\\s+", 2);
        if (fields.length < 2) {
            throw new IllegalArgumentException("expected 'network result', found only '" + fields[0] + "'");
        }
        String pattern = fields[0];
        String result = fields[1].strip();
        String addressText = pattern;
        int prefixLength = -1;
        int slash = pattern.indexOf('/');
        if (slash >= 0) {
            addressText = pattern.substring(0, slash);
            prefixLength = prefixLength(pattern, pattern.substring(slash + 1));
        }
        if (addressText.startsWith("[") && addressText.endsWith("]")) {
            addressText = addressText.substring(1, addressText.length() - 1);
        }
        if (!InetAddresses.isInetAddress(addressText)) {
            throw new IllegalArgumentException("'" + pattern + "' is not an IPv4 or IPv6 address or network"
                + " (expected e.g. 192.0.2.0/24, 192.0.2.1, 2001:db8::/32)");
        }
        byte[] address = InetAddresses.forString(addressText).getAddress();
        int maxLength = address.length * 8;
        if (prefixLength < 0) {
            prefixLength = maxLength;
        } else if (prefixLength > maxLength) {
            throw new IllegalArgumentException("prefix length /" + prefixLength + " in '" + pattern + "' is larger than " + maxLength);
        }
        byte[] networkAddress = networkAddress(address, prefixLength);
        if (!Arrays.equals(address, networkAddress)) {
            throw new IllegalArgumentException("non-null host address bits in '" + pattern + "'; perhaps you mean '"
                + InetAddresses.toAddrString(toInetAddress(networkAddress)) + "/" + prefixLength + "'");
        }
        check.check(result);
        return new Network(address, prefixLength, result, line.number());
    }

    private static int prefixLength(String pattern, String text) {
        if (text.isEmpty() || text.length() > 3 || !text.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new IllegalArgumentException("'" + pattern + "' has a bad prefix length '/" + text + "'");
        }
        return Integer.parseInt(text);
    }

    private static byte[] networkAddress(byte[] address, int prefixLength) {
        byte[] network = address.clone();
        for (int bit = prefixLength; bit < network.length * 8; bit++) {
            network[bit / 8] &= (byte) ~(0x80 >> (bit % 8));
        }
        return network;
    }

    private static InetAddress toInetAddress(byte[] address) {
        try {
            return InetAddress.getByAddress(address);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The result for the first network containing {@code key}, when {@code key} is an IP address. */
    @Override
    public Optional<TableEntry> find(String key) {
        String addressText = key.startsWith("[") && key.endsWith("]") ? key.substring(1, key.length() - 1) : key;
        if (!InetAddresses.isInetAddress(addressText)) {
            return Optional.empty();
        }
        byte[] address = InetAddresses.forString(addressText).getAddress();
        for (Network network : networks) {
            if (network.contains(address)) {
                return Optional.of(new TableEntry(network.result(), network.line()));
            }
        }
        return Optional.empty();
    }

    /** CIDR tables only see the full client address, as in Postfix. */
    @Override
    public boolean matchesPartialKeys() {
        return false;
    }

    /** The number of networks. */
    public int size() {
        return networks.size();
    }

    @Override
    public String toString() {
        return "cidr:" + source;
    }
}
