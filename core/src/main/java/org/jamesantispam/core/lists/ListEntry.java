package org.jamesantispam.core.lists;

import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

import org.jamesantispam.core.spam.AddressPattern;

/**
 * One entry of a {@link SpamList}, validated and in canonical form: an address pattern in the
 * syntax of {@link AddressPattern} (address, {@code domain}, {@code .domain}, {@code user@},
 * {@code <>}, {@code .}, {@code /regexp/}, each optionally negated with {@code !}) and, for the
 * sender lists, an optional recipient scope (the entry applies only to mail for recipients
 * matching it: an address, {@code domain}, {@code .domain} or {@code user@}).
 *
 * <p>Canonical form: surrounding white space removed, lower case (the lists ignore case) except
 * inside {@code /regexp/}, {@code !} glued to its entry. Two entries are equal when their canonical
 * pattern and scope are: adding {@code Bob@Example.org} after {@code bob@example.org} changes
 * nothing.
 */
public final class ListEntry {
    static final String EXPECTED = "expected an address (user@example.org), a domain (example.org), .domain (example.org and its"
        + " subdomains), user@ (that local part at any domain), <> (the null sender), . (everyone) or /regexp/ (RE2 syntax),"
        + " optionally preceded by ! (negation)";
    private static final String SCOPE_EXPECTED = "expected an address (alice@example.test), a domain (example.test),"
        + " .domain (example.test and its subdomains) or user@";

    private final String pattern;
    private final Optional<String> recipient;
    private final AddressPattern compiledPattern;
    private final Optional<AddressPattern> compiledRecipient;

    private ListEntry(String pattern, Optional<String> recipient, AddressPattern compiledPattern, Optional<AddressPattern> compiledRecipient) {
        this.pattern = pattern;
        this.recipient = recipient;
        this.compiledPattern = compiledPattern;
        this.compiledRecipient = compiledRecipient;
    }

    /** An entry for every recipient. */
    public static ListEntry of(SpamList list, String entry) {
        return of(list, entry, Optional.empty());
    }

    /**
     * Validates and canonicalises an entry.
     *
     * @param recipient the recipient scope, for the sender lists only
     * @throws InvalidListEntryException naming the entry, the list and what is expected
     */
    public static ListEntry of(SpamList list, String entry, Optional<String> recipient) {
        Objects.requireNonNull(entry, "entry");
        String pattern = canonical(entry);
        String context = "list " + list.listName() + ": entry '" + printable(entry) + "'";
        validate(context, pattern);
        AddressPattern compiled;
        try {
            compiled = AddressPattern.parse(context, pattern);
        } catch (IllegalArgumentException e) {
            throw new InvalidListEntryException(e.getMessage() + "; " + EXPECTED);
        }
        Optional<String> scope = recipient.map(String::strip).filter(r -> !r.isEmpty()).map(r -> r.toLowerCase(Locale.ROOT));
        Optional<AddressPattern> compiledScope = Optional.empty();
        if (scope.isPresent()) {
            String scopeContext = "list " + list.listName() + ": recipient '" + printable(recipient.get()) + "'";
            if (!list.allowsRecipientScope()) {
                throw new InvalidListEntryException(scopeContext + ": entries of " + list.listName()
                    + " are recipients themselves and take no recipient scope; expected no recipient");
            }
            compiledScope = Optional.of(scope(scopeContext, scope.get()));
        }
        return new ListEntry(pattern, scope, compiled, compiledScope);
    }

    private static String canonical(String entry) {
        String text = entry.strip();
        boolean negated = text.startsWith("!");
        String body = negated ? text.substring(1).strip() : text;
        boolean regexp = body.startsWith("/");
        return (negated ? "!" : "") + (regexp ? body : body.toLowerCase(Locale.ROOT));
    }

    private static void validate(String context, String pattern) {
        String body = pattern.startsWith("!") ? pattern.substring(1) : pattern;
        if (body.isEmpty()) {
            throw new InvalidListEntryException(context + " is empty; " + EXPECTED);
        }
        if (pattern.chars().anyMatch(Character::isISOControl)) {
            throw new InvalidListEntryException(context + " contains a control character (tab, line break...); " + EXPECTED);
        }
        if (body.startsWith("/")) {
            return;
        }
        if (body.startsWith("file:")) {
            throw new InvalidListEntryException(context + ": file: includes are for configuration files only; " + EXPECTED);
        }
        if (body.equals("<>") || body.equals(".")) {
            return;
        }
        for (char c : body.toCharArray()) {
            if (Character.isWhitespace(c) || ",;:<>()[]\"\\#".indexOf(c) >= 0) {
                throw new InvalidListEntryException(context + " contains '" + c + "'; " + EXPECTED);
            }
        }
        if (body.indexOf('@') != body.lastIndexOf('@')) {
            throw new InvalidListEntryException(context + " has more than one @; " + EXPECTED);
        }
        if (body.contains("..") || body.endsWith(".")) {
            throw new InvalidListEntryException(context + " is not a valid address or domain (empty label); " + EXPECTED);
        }
    }

    private static AddressPattern scope(String context, String scope) {
        if (scope.startsWith("!") || scope.startsWith("/") || scope.equals("<>") || scope.equals(".")) {
            throw new InvalidListEntryException(context + " is not a recipient; " + SCOPE_EXPECTED);
        }
        for (char c : scope.toCharArray()) {
            if (Character.isWhitespace(c) || Character.isISOControl(c) || ",;:<>()[]\"\\#!/".indexOf(c) >= 0) {
                throw new InvalidListEntryException(context + " contains '" + printable(String.valueOf(c)) + "'; " + SCOPE_EXPECTED);
            }
        }
        if (scope.indexOf('@') != scope.lastIndexOf('@') || scope.contains("..") || scope.endsWith(".")) {
            throw new InvalidListEntryException(context + " is not a valid address or domain; " + SCOPE_EXPECTED);
        }
        try {
            return AddressPattern.parse(context, scope);
        } catch (IllegalArgumentException e) {
            throw new InvalidListEntryException(e.getMessage() + "; " + SCOPE_EXPECTED);
        }
    }

    private static String printable(String text) {
        StringBuilder out = new StringBuilder();
        text.codePoints().limit(200).forEach(c -> {
            if (Character.isISOControl(c)) {
                out.append(String.format("\\u%04x", c));
            } else {
                out.appendCodePoint(c);
            }
        });
        return text.length() > 200 ? out + "..." : out.toString();
    }

    /** The canonical pattern, e.g. {@code bob@example.org}, {@code !.example.org}, {@code /^news-.*@shop\.example$/}. */
    public String pattern() {
        return pattern;
    }

    /** The recipient scope (canonical), when the entry applies to some recipients only. */
    public Optional<String> recipient() {
        return recipient;
    }

    AddressPattern compiledPattern() {
        return compiledPattern;
    }

    Optional<AddressPattern> compiledRecipient() {
        return compiledRecipient;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ListEntry that && pattern.equals(that.pattern) && recipient.equals(that.recipient);
    }

    @Override
    public int hashCode() {
        return Objects.hash(pattern, recipient);
    }

    @Override
    public String toString() {
        return recipient.map(r -> pattern + " (for " + r + ")").orElse(pattern);
    }
}
