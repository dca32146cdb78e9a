package org.jamesantispam.core.restrictions;

import java.net.InetAddress;
import java.net.InterfaceAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

import com.google.common.net.InetAddresses;

/**
 * Postfix {@code mynetworks}: the networks whose clients are trusted. Either an explicit list of
 * IPv4/IPv6 CIDR networks and host addresses ({@code 127.0.0.1/32, [::1]/128, 192.0.2.7,
 * 2001:db8::/32}; IPv6 may be written in brackets as Postfix does), or computed from this host's
 * interfaces as {@code mynetworks_style}: {@code host} (only the host's own addresses) or
 * {@code subnet} (the subnets of its interfaces). Postfix's {@code class} style (whole class A/B/C
 * networks) is refused as unsafe.
 */
public final class TrustedNetworks {
    private record Network(byte[] address, int prefix) {
        boolean contains(byte[] candidate) {
            if (candidate.length != address.length) {
                return false;
            }
            int full = prefix / 8;
            for (int i = 0; i < full; i++) {
                if (candidate[i] != address[i]) {
                    return false;
                }
            }
            int rest = prefix % 8;
            if (rest == 0) {
                return true;
            }
            int mask = 0xFF << (8 - rest) & 0xFF;
            return (candidate[full] & mask) == (address[full] & mask);
        }
    }

    private final List<Network> networks;
    private final String description;

    private TrustedNetworks(List<Network> networks, String description) {
        this.networks = List.copyOf(networks);
        this.description = description;
    }

    /**
     * Parses a comma- or space-separated list of networks.
     *
     * @throws IllegalArgumentException naming the first bad entry and what is expected
     */
    public static TrustedNetworks parse(String list) {
        List<Network> networks = new ArrayList<>();
        for (String entry : list.trim().split("[,\\s]+")) {
            if (!entry.isEmpty()) {
                networks.add(parseEntry(entry));
            }
        }
        return new TrustedNetworks(networks, list.trim());
    }

    /**
     * The networks of {@code mynetworks_style} for this host's interfaces.
     *
     * @param style {@code host} or {@code subnet}
     */
    public static TrustedNetworks ofStyle(String style) {
        String normalized = style.trim().toLowerCase(Locale.ROOT);
        if (!normalized.equals("host") && !normalized.equals("subnet")) {
            throw new IllegalArgumentException("mynetworks_style '" + style + "': expected host or subnet");
        }
        List<Network> networks = new ArrayList<>();
        try {
            for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                for (InterfaceAddress address : nic.getInterfaceAddresses()) {
                    byte[] bytes = address.getAddress().getAddress();
                    int prefix = normalized.equals("host") ? bytes.length * 8 : address.getNetworkPrefixLength();
                    networks.add(new Network(bytes, prefix));
                }
            }
        } catch (SocketException e) {
            throw new IllegalStateException("cannot list network interfaces for mynetworks_style " + style, e);
        }
        return new TrustedNetworks(networks, "mynetworks_style=" + normalized);
    }

    private static Network parseEntry(String entry) {
        String text = entry;
        int prefix = -1;
        int slash = text.indexOf('/');
        if (slash >= 0) {
            try {
                prefix = Integer.parseInt(text.substring(slash + 1));
            } catch (NumberFormatException e) {
                throw invalid(entry);
            }
            text = text.substring(0, slash);
        }
        if (text.startsWith("[") && text.endsWith("]")) {
            text = text.substring(1, text.length() - 1);
        }
        if (!InetAddresses.isInetAddress(text)) {
            throw invalid(entry);
        }
        InetAddress address = InetAddresses.forString(text);
        int bits = address.getAddress().length * 8;
        if (prefix == -1) {
            prefix = bits;
        }
        if (prefix < 0 || prefix > bits) {
            throw invalid(entry);
        }
        return new Network(address.getAddress(), prefix);
    }

    private static IllegalArgumentException invalid(String entry) {
        return new IllegalArgumentException("mynetworks entry '" + entry
            + "': expected an IPv4 or IPv6 address, optionally /prefix (e.g. 192.0.2.0/24, [2001:db8::]/32)");
    }

    public boolean contains(InetAddress client) {
        byte[] bytes = client.getAddress();
        for (Network network : networks) {
            if (network.contains(bytes)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public String toString() {
        return description;
    }
}
