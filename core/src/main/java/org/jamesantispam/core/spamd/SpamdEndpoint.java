package org.jamesantispam.core.spamd;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where a spamd listens: {@code host:port}, {@code host} (port 783, spamd's default) or
 * {@code [2001:db8::1]:783}.
 */
public record SpamdEndpoint(String host, int port) {
    /** spamd's default TCP port. */
    public static final int DEFAULT_PORT = 783;

    private static final Pattern BRACKETED = Pattern.compile("\\[([0-9A-Fa-f:.]+)](?::(\\d+))?");
    private static final Pattern PLAIN = Pattern.compile("([A-Za-z0-9._-]+)(?::(\\d+))?");

    public SpamdEndpoint {
        Objects.requireNonNull(host, "host");
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port " + port + " is not between 1 and 65535");
        }
    }

    /**
     * @throws IllegalArgumentException naming {@code parameter} when {@code text} is not
     *     {@code host[:port]} or {@code [v6]:port}
     */
    public static SpamdEndpoint parse(String parameter, String text) {
        String value = text.strip();
        Matcher matcher = BRACKETED.matcher(value);
        if (!matcher.matches()) {
            matcher = PLAIN.matcher(value);
        }
        if (!matcher.matches()) {
            throw new IllegalArgumentException(parameter + ": '" + text + "' is not a spamd address; expected host:port, host or [IPv6]:port");
        }
        int port = DEFAULT_PORT;
        if (matcher.group(2) != null) {
            try {
                port = Integer.parseInt(matcher.group(2));
                return new SpamdEndpoint(matcher.group(1), port);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(parameter + ": '" + text + "' has a bad port; expected 1-65535");
            }
        }
        return new SpamdEndpoint(matcher.group(1), port);
    }

    /** A list of addresses separated by commas or spaces, tried in that order. */
    public static List<SpamdEndpoint> parseList(String parameter, String text) {
        List<SpamdEndpoint> endpoints = new ArrayList<>();
        for (String item : text.split("[,\\s]+")) {
            if (!item.isEmpty()) {
                endpoints.add(parse(parameter, item));
            }
        }
        if (endpoints.isEmpty()) {
            throw new IllegalArgumentException(parameter + " is empty; expected one or more host:port");
        }
        return List.copyOf(endpoints);
    }

    @Override
    public String toString() {
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }
}
