package org.jamesantispam.core.access;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import com.google.common.net.InetAddresses;

/**
 * The lookup keys of Postfix {@code access(5)}, in Postfix's order (full keys go to every table,
 * partial ones only to exact tables):
 * <dl>
 *   <dt>address {@code user@sub.example.com}</dt>
 *   <dd>{@code user@sub.example.com}; then, partial, {@code sub.example.com}, {@code .example.com},
 *       {@code .com}; then {@code user@}. As with Postfix's default
 *       {@code parent_domain_matches_subdomains} (which does not list {@code smtpd_access_maps}),
 *       {@code example.com} matches that domain only and {@code .example.com} its
 *       subdomains. The null sender is the key {@code <>} ({@code smtpd_null_access_lookup_key}).</dd>
 *   <dt>host name (HELO argument, client name) {@code mail.example.com}</dt>
 *   <dd>{@code mail.example.com}; then, partial, {@code .example.com}, {@code .com}. An IP address or
 *       an address literal ({@code [192.0.2.1]}) is only looked up as it is.</dd>
 *   <dt>client</dt>
 *   <dd>its host name as above, when known; then its IP address, then, partial, its networks:
 *       {@code 192.0.2.1}, {@code 192.0.2}, {@code 192.0}, {@code 192}; for IPv6 the compressed
 *       form and its prefixes cut at each {@code :}, as Postfix does
 *       ({@code 2001:db8::1}, {@code 2001:db8:}, {@code 2001:db8}, {@code 2001}).</dd>
 * </dl>
 */
public final class AccessKeys {
    /** The key of the null sender (Postfix {@code smtpd_null_access_lookup_key}). */
    public static final String NULL_SENDER_KEY = "<>";
    /** The client name Postfix shows when it has none. */
    public static final String UNKNOWN_CLIENT_NAME = "unknown";

    private AccessKeys() {
    }

    /** Keys for an envelope address; {@code ""} is the null sender. */
    public static List<AccessKey> forAddress(String address) {
        if (address.isEmpty()) {
            return List.of(AccessKey.full(NULL_SENDER_KEY));
        }
        List<AccessKey> keys = new ArrayList<>();
        keys.add(AccessKey.full(address));
        int at = address.lastIndexOf('@');
        if (at < 0) {
            keys.add(AccessKey.partial(address + "@"));
            return keys;
        }
        String domain = address.substring(at + 1);
        if (!domain.isEmpty()) {
            for (String name : domainAndParents(domain)) {
                keys.add(AccessKey.partial(name));
            }
        }
        keys.add(AccessKey.partial(address.substring(0, at + 1)));
        return keys;
    }

    /** Keys for a host name (the HELO argument). */
    public static List<AccessKey> forHostName(String name) {
        List<AccessKey> keys = new ArrayList<>();
        List<String> names = domainAndParents(name);
        keys.add(AccessKey.full(names.get(0)));
        for (String parent : names.subList(1, names.size())) {
            keys.add(AccessKey.partial(parent));
        }
        return keys;
    }

    /** Keys for a client: its known host name (see {@link #knownHostName}), then its address. */
    public static List<AccessKey> forClient(InetAddress client) {
        List<AccessKey> keys = new ArrayList<>();
        knownHostName(client).ifPresent(name -> keys.addAll(forHostName(name)));
        String address = addressText(client);
        keys.add(AccessKey.full(address));
        char separator = address.indexOf(':') >= 0 ? ':' : '.';
        String network = address;
        for (int cut = network.lastIndexOf(separator); cut > 0; cut = network.lastIndexOf(separator)) {
            network = network.substring(0, cut);
            keys.add(AccessKey.partial(network));
        }
        return keys;
    }

    /** Postfix's client name for replies: {@code name[address]}, {@code unknown[address]} without a name. */
    public static String clientReplyName(InetAddress client) {
        return knownHostName(client).orElse(UNKNOWN_CLIENT_NAME) + "[" + addressText(client) + "]";
    }

    /**
     * The client's host name if the {@link InetAddress} already carries one (it was created with a
     * name, or a reverse lookup was done before): this never queries DNS. Java's reverse lookup
     * returns a name only when it resolves back to the address (otherwise the address text, which
     * counts as no name, as does a name without letters).
     */
    public static Optional<String> knownHostName(InetAddress client) {
        // InetAddress.toString() is documented as "hostname/literal", with an empty host name when
        // none is known, and never does a lookup (getHostName() would).
        String text = client.toString();
        int slash = text.indexOf('/');
        String name = slash <= 0 ? "" : text.substring(0, slash);
        if (name.isEmpty() || InetAddresses.isInetAddress(name) || name.chars().noneMatch(Character::isLetter)) {
            return Optional.empty();
        }
        return Optional.of(name);
    }

    /** The address as Postfix writes it: dotted quad, or compressed lower-case IPv6 (RFC 5952). */
    public static String addressText(InetAddress client) {
        return InetAddresses.toAddrString(client);
    }

    private static List<String> domainAndParents(String domain) {
        List<String> names = new ArrayList<>();
        names.add(domain);
        if (isAddress(domain)) {
            return names;
        }
        for (int dot = domain.indexOf('.', 1); dot >= 0 && dot < domain.length() - 1; dot = domain.indexOf('.', dot + 1)) {
            names.add(domain.substring(dot));
        }
        return names;
    }

    private static boolean isAddress(String name) {
        return name.startsWith("[") || InetAddresses.isInetAddress(name);
    }
}
