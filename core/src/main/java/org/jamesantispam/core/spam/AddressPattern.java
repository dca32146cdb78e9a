package org.jamesantispam.core.spam;

import java.util.Locale;
import java.util.function.Predicate;

import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;

/**
 * One entry of an address list, in amavis' lookup syntax (case-insensitive):
 * <table>
 *   <caption>forms</caption>
 *   <tr><td>{@code user@example.com}</td><td>that address</td></tr>
 *   <tr><td>{@code example.com} or {@code @example.com}</td><td>any address of that domain, not its subdomains</td></tr>
 *   <tr><td>{@code .example.com}</td><td>that domain and all its subdomains</td></tr>
 *   <tr><td>{@code user@}</td><td>that local part at any domain</td></tr>
 *   <tr><td>{@code .}</td><td>every address (null sender included)</td></tr>
 *   <tr><td>{@code <>}</td><td>the null sender (bounces)</td></tr>
 *   <tr><td>{@code /regexp/}</td><td>a regular expression (RE2 syntax, linear time) found anywhere in the address</td></tr>
 *   <tr><td>{@code !entry}</td><td>negation: an address matching {@code entry} is explicitly not in the list</td></tr>
 * </table>
 */
public final class AddressPattern {
    private final String text;
    private final boolean negated;
    private final Predicate<String> predicate;

    private AddressPattern(String text, boolean negated, Predicate<String> predicate) {
        this.text = text;
        this.negated = negated;
        this.predicate = predicate;
    }

    /** @throws IllegalArgumentException naming {@code parameter} when the entry is malformed */
    public static AddressPattern parse(String parameter, String entry) {
        String text = entry.strip();
        boolean negated = text.startsWith("!");
        String body = negated ? text.substring(1).strip() : text;
        if (body.isEmpty()) {
            throw new IllegalArgumentException(parameter + ": empty list entry '" + entry + "'");
        }
        return new AddressPattern(text, negated, predicate(parameter, body));
    }

    private static Predicate<String> predicate(String parameter, String body) {
        if (body.length() >= 2 && body.startsWith("/") && body.endsWith("/")) {
            try {
                Pattern pattern = Pattern.compile(body.substring(1, body.length() - 1), Pattern.CASE_INSENSITIVE);
                return address -> pattern.matcher(address).find();
            } catch (PatternSyntaxException e) {
                throw new IllegalArgumentException(parameter + ": bad regular expression " + body + ": " + e.getDescription());
            }
        }
        if (body.startsWith("/")) {
            throw new IllegalArgumentException(parameter + ": regular expression " + body + " has no closing /");
        }
        String lower = body.toLowerCase(Locale.ROOT);
        if (lower.equals("<>")) {
            return String::isEmpty;
        }
        if (lower.equals(".")) {
            return address -> true;
        }
        if (lower.contains(" ") || lower.indexOf('@') != lower.lastIndexOf('@')) {
            throw new IllegalArgumentException(parameter + ": '" + body + "' is not an address, domain, .domain, user@, <> or /regexp/");
        }
        if (lower.startsWith(".")) {
            String domain = lower.substring(1);
            return address -> {
                String d = domainOf(address);
                return d.equals(domain) || d.endsWith("." + domain);
            };
        }
        if (lower.startsWith("@")) {
            String domain = lower.substring(1);
            return address -> domainOf(address).equals(domain);
        }
        if (lower.endsWith("@")) {
            String localPart = lower.substring(0, lower.length() - 1);
            return address -> !address.isEmpty() && localPartOf(address).equals(localPart);
        }
        if (lower.contains("@")) {
            return address -> address.equals(lower);
        }
        return address -> domainOf(address).equals(lower);
    }

    /**
     * @param address lower-case {@code local@domain}, or {@code ""} for the null sender
     * @return whether this entry (negation ignored) matches
     */
    boolean matches(String address) {
        return predicate.test(address);
    }

    /** Whether this is a {@code !entry}: an address it matches is explicitly not in the list. */
    public boolean isNegated() {
        return negated;
    }

    private static String domainOf(String address) {
        int at = address.lastIndexOf('@');
        return at < 0 ? "" : address.substring(at + 1);
    }

    private static String localPartOf(String address) {
        int at = address.lastIndexOf('@');
        return at < 0 ? address : address.substring(0, at);
    }

    @Override
    public String toString() {
        return text;
    }
}
