package org.jamesantispam.webadmin;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import javax.mail.internet.AddressException;

import org.apache.james.core.MailAddress;

import com.google.common.net.InetAddresses;

/**
 * The validated query of {@code POST /antispam/check}: client address, HELO name, envelope sender
 * and recipients. Every problem is a {@link BadParameter} naming the parameter, the value and what
 * was expected; nothing here resolves names (no DNS).
 *
 * @param client {@code ip}: an IPv4 or IPv6 literal
 * @param helo {@code helo}: the HELO/EHLO name, empty when not given
 * @param sender {@code sender}: the envelope sender, {@code ""} for the null sender ({@code <>} or absent)
 * @param recipients {@code recipient} (repeatable): at least one, at most {@link #MAX_RECIPIENTS}, duplicates removed
 */
record CheckRequest(InetAddress client, Optional<String> helo, String sender, List<String> recipients) {
    /** Postfix's {@code smtpd_recipient_limit}, the reference configuration's {@code maxRcpt}. */
    static final int MAX_RECIPIENTS = 1000;
    static final Set<String> PARAMETERS = Set.of("ip", "helo", "sender", "recipient");

    /** A query parameter with a bad value: answered 400, naming the parameter. */
    static final class BadParameter extends IllegalArgumentException {
        private final String parameter;

        BadParameter(String parameter, String message) {
            super(parameter + ": " + message);
            this.parameter = parameter;
        }

        String parameter() {
            return parameter;
        }
    }

    /**
     * Parses the raw query string ({@code ip=...&recipient=...}, URL-encoded), never the body: a
     * client posting the message as a form ({@code curl --data-binary} does by default) must not
     * have it read as parameters.
     */
    static CheckRequest parseQuery(String queryString) {
        Map<String, List<String>> values = new java.util.LinkedHashMap<>();
        if (queryString != null && !queryString.isEmpty()) {
            for (String pair : queryString.split("&")) {
                if (pair.isEmpty()) {
                    continue;
                }
                int eq = pair.indexOf('=');
                String name = decode(eq < 0 ? pair : pair.substring(0, eq), "query");
                String value = eq < 0 ? "" : decode(pair.substring(eq + 1), name);
                values.computeIfAbsent(name, any -> new ArrayList<>()).add(value);
            }
        }
        Map<String, String[]> query = new java.util.LinkedHashMap<>();
        values.forEach((name, list) -> query.put(name, list.toArray(new String[0])));
        return parse(query);
    }

    private static String decode(String text, String parameter) {
        try {
            return java.net.URLDecoder.decode(text, java.nio.charset.StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new BadParameter(parameter, "'" + printable(text) + "' is not URL-encoded text");
        }
    }

    /** @param query every query parameter with its values */
    static CheckRequest parse(Map<String, String[]> query) {
        for (String name : query.keySet()) {
            if (!PARAMETERS.contains(name)) {
                throw new BadParameter(name, "unknown parameter; expected " + List.of("ip", "helo", "sender", "recipient"));
            }
        }
        InetAddress client = client(single(query, "ip").orElseThrow(() -> new BadParameter("ip", "missing; expected the client's IP address, e.g. ip=192.0.2.1")));
        Optional<String> helo = single(query, "helo").map(String::strip).filter(name -> !name.isEmpty());
        if (helo.isPresent() && (helo.get().length() > 255 || helo.get().chars().anyMatch(c -> c < 0x21 || c > 0x7e))) {
            throw new BadParameter("helo", "'" + printable(helo.get()) + "' is not a HELO name; expected at most 255 printable characters without spaces");
        }
        String sender = sender(single(query, "sender").map(String::strip).orElse(""));
        String[] values = query.getOrDefault("recipient", new String[0]);
        if (values.length == 0) {
            throw new BadParameter("recipient", "missing; expected at least one recipient=user@domain");
        }
        if (values.length > MAX_RECIPIENTS) {
            throw new BadParameter("recipient", values.length + " recipients; expected at most " + MAX_RECIPIENTS);
        }
        Set<String> recipients = new LinkedHashSet<>();
        for (String value : values) {
            recipients.add(address("recipient", value.strip()));
        }
        return new CheckRequest(client, helo, sender, new ArrayList<>(recipients));
    }

    private static Optional<String> single(Map<String, String[]> query, String name) {
        String[] values = query.get(name);
        if (values == null || values.length == 0) {
            return Optional.empty();
        }
        if (values.length > 1) {
            throw new BadParameter(name, "given " + values.length + " times; expected once");
        }
        return Optional.of(values[0]);
    }

    private static InetAddress client(String ip) {
        String text = ip.strip();
        if (text.startsWith("[") && text.endsWith("]")) {
            text = text.substring(1, text.length() - 1);
        }
        try {
            return InetAddresses.forString(text);
        } catch (IllegalArgumentException e) {
            throw new BadParameter("ip", "'" + printable(ip) + "' is not an IP address; expected e.g. 192.0.2.1 or 2001:db8::1");
        }
    }

    private static String sender(String value) {
        if (value.isEmpty() || value.equals("<>")) {
            return "";
        }
        return address("sender", value);
    }

    private static String address(String parameter, String value) {
        String text = value.startsWith("<") && value.endsWith(">") ? value.substring(1, value.length() - 1) : value;
        try {
            return new MailAddress(text).asString();
        } catch (AddressException | RuntimeException e) {
            throw new BadParameter(parameter, "'" + printable(value) + "' is not a mail address; expected user@domain");
        }
    }

    private static String printable(String text) {
        String shown = text.length() > 100 ? text.substring(0, 100) + "..." : text;
        return shown.replaceAll("[\\p{Cntrl}]", "?");
    }
}
