package org.jamesantispam.core.dnsbl;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * The text of a DNSBL reply, with Postfix's {@code rbl_reply_maps} / {@code default_rbl_reply}
 * syntax: {@code $name} or {@code ${name}} is replaced by a value, {@code ${name?text}} gives
 * {@code text} (itself a template) when the value is not empty, {@code ${name:text}} when it is
 * empty, {@code $$} is a dollar sign. Variables: {@link #VARIABLES}. Postfix's default text,
 * {@link #POSTFIX_DEFAULT}, gives
 * {@code Service unavailable; Client host [192.0.2.1] blocked using bl.example.test; Listed for spam}.
 *
 * <p>Values are sanitized before they are inserted (characters outside printable ASCII become
 * {@code ?}, as Postfix does), since the TXT record is the blocklist's, not ours; the expanded text
 * is cut at {@value #MAX_LENGTH} characters to keep the reply line within SMTP's limit.
 */
public final class RblReplyTemplate {
    /** Postfix's {@code default_rbl_reply} without the leading {@code $rbl_code}. */
    public static final String POSTFIX_DEFAULT =
        "Service unavailable; $rbl_class [$rbl_what] blocked using $rbl_domain${rbl_reason?; $rbl_reason}";
    public static final int MAX_LENGTH = 450;
    /** The variables a template may use, as in Postfix's {@code default_rbl_reply}. */
    public static final Set<String> VARIABLES = Set.of("client_address", "helo_name", "sender", "sender_name",
        "sender_domain", "recipient", "recipient_name", "recipient_domain", "rbl_class", "rbl_code", "rbl_domain",
        "rbl_reason", "rbl_txt", "rbl_what");

    private interface Node {
        void expand(Map<String, String> values, StringBuilder out);
    }

    private record Literal(String text) implements Node {
        @Override
        public void expand(Map<String, String> values, StringBuilder out) {
            out.append(text);
        }
    }

    private record Variable(String name) implements Node {
        @Override
        public void expand(Map<String, String> values, StringBuilder out) {
            out.append(sanitize(values.getOrDefault(name, "")));
        }
    }

    private record Conditional(String name, boolean whenSet, List<Node> body) implements Node {
        @Override
        public void expand(Map<String, String> values, StringBuilder out) {
            if (values.getOrDefault(name, "").isEmpty() != whenSet) {
                body.forEach(node -> node.expand(values, out));
            }
        }
    }

    private final String source;
    private final List<Node> nodes;

    private RblReplyTemplate(String source, List<Node> nodes) {
        this.source = source;
        this.nodes = nodes;
    }

    /** Postfix's default reply text. */
    public static RblReplyTemplate postfixDefault() {
        return parse(POSTFIX_DEFAULT);
    }

    /**
     * @throws IllegalArgumentException naming the template, the problem and the variables known
     */
    public static RblReplyTemplate parse(String template) {
        Objects.requireNonNull(template, "template");
        Parser parser = new Parser(template);
        List<Node> nodes = parser.sequence(false);
        return new RblReplyTemplate(template, List.copyOf(nodes));
    }

    /** The text for {@code values} (missing variables are empty). */
    public String format(Map<String, String> values) {
        StringBuilder out = new StringBuilder();
        nodes.forEach(node -> node.expand(values, out));
        return out.length() > MAX_LENGTH ? out.substring(0, MAX_LENGTH) : out.toString();
    }

    /** Printable ASCII only: anything else (CR, LF, controls, non-ASCII) becomes {@code ?}. */
    static String sanitize(String value) {
        StringBuilder clean = new StringBuilder(value.length());
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            clean.append(c >= 0x20 && c < 0x7f ? c : '?');
        }
        return clean.toString();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof RblReplyTemplate && ((RblReplyTemplate) other).source.equals(source);
    }

    @Override
    public int hashCode() {
        return source.hashCode();
    }

    @Override
    public String toString() {
        return source;
    }

    private static final class Parser {
        private final String template;
        private int position;

        Parser(String template) {
            this.template = template;
        }

        /** Nodes up to the end, or up to the closing brace of a conditional when {@code nested}. */
        List<Node> sequence(boolean nested) {
            List<Node> nodes = new ArrayList<>();
            StringBuilder literal = new StringBuilder();
            while (position < template.length()) {
                char c = template.charAt(position);
                if (nested && c == '}') {
                    break;
                }
                if (c != '$') {
                    literal.append(c);
                    position++;
                    continue;
                }
                position++;
                if (peek() == '$') {
                    literal.append('$');
                    position++;
                    continue;
                }
                if (literal.length() > 0) {
                    nodes.add(new Literal(literal.toString()));
                    literal.setLength(0);
                }
                nodes.add(peek() == '{' ? braced() : new Variable(name()));
            }
            if (nested && position >= template.length()) {
                throw error("a '${' is not closed by '}'");
            }
            if (literal.length() > 0) {
                nodes.add(new Literal(literal.toString()));
            }
            return nodes;
        }

        private Node braced() {
            position++;
            String name = name();
            char c = peek();
            if (c == '}') {
                position++;
                return new Variable(name);
            }
            if (c == '?' || c == ':') {
                position++;
                List<Node> body = sequence(true);
                position++;
                return new Conditional(name, c == '?', List.copyOf(body));
            }
            throw error(position < template.length()
                ? "'" + c + "' after ${" + name + "; expected '}', '?' or ':'"
                : "a '${' is not closed by '}'");
        }

        private String name() {
            int start = position;
            while (position < template.length() && isNameChar(template.charAt(position))) {
                position++;
            }
            if (start == position) {
                throw error("'$' is not followed by a variable name (write $$ for a dollar sign)");
            }
            String name = template.substring(start, position);
            if (!VARIABLES.contains(name)) {
                throw error("unknown variable $" + name + "; expected one of " + new TreeSet<>(VARIABLES));
            }
            return name;
        }

        private char peek() {
            return position < template.length() ? template.charAt(position) : '\0';
        }

        private static boolean isNameChar(char c) {
            return c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
        }

        private IllegalArgumentException error(String problem) {
            return new IllegalArgumentException("reply template '" + template + "': " + problem);
        }
    }
}
