package org.jamesantispam.core.table;

import java.util.ArrayList;
import java.util.List;

import com.google.re2j.Matcher;

/**
 * The result text of a regexp table line with its {@code $1}..{@code $9} references (also
 * {@code ${n}} and {@code $(n)}; {@code $$} is a literal {@code $}), as Postfix expands them: a
 * group that did not take part in the match expands to nothing.
 */
final class ResultTemplate {
    private sealed interface Part permits Literal, Group {
    }

    private record Literal(String text) implements Part {
    }

    private record Group(int index) implements Part {
    }

    private final String raw;
    private final List<Part> parts;
    private final int highestGroup;

    private ResultTemplate(String raw, List<Part> parts, int highestGroup) {
        this.raw = raw;
        this.parts = parts;
        this.highestGroup = highestGroup;
    }

    /** @throws IllegalArgumentException naming the bad reference */
    static ResultTemplate parse(String raw) {
        List<Part> parts = new ArrayList<>();
        StringBuilder literal = new StringBuilder();
        int highest = 0;
        int i = 0;
        while (i < raw.length()) {
            char c = raw.charAt(i);
            if (c != '$' || i + 1 == raw.length()) {
                literal.append(c);
                i++;
                continue;
            }
            char next = raw.charAt(i + 1);
            if (next == '$') {
                literal.append('$');
                i += 2;
                continue;
            }
            String name;
            int end;
            if (next == '{' || next == '(') {
                char close = next == '{' ? '}' : ')';
                end = raw.indexOf(close, i + 2);
                if (end < 0) {
                    throw new IllegalArgumentException("'$" + next + "' without '" + close + "' in the result '" + raw + "'");
                }
                name = raw.substring(i + 2, end);
                end++;
            } else if (Character.isLetterOrDigit(next) || next == '_') {
                end = i + 1;
                while (end < raw.length() && (Character.isLetterOrDigit(raw.charAt(end)) || raw.charAt(end) == '_')) {
                    end++;
                }
                name = raw.substring(i + 1, end);
            } else {
                literal.append(c);
                i++;
                continue;
            }
            int index = groupIndex(name, raw);
            if (literal.length() > 0) {
                parts.add(new Literal(literal.toString()));
                literal.setLength(0);
            }
            parts.add(new Group(index));
            highest = Math.max(highest, index);
            i = end;
        }
        if (literal.length() > 0) {
            parts.add(new Literal(literal.toString()));
        }
        return new ResultTemplate(raw, List.copyOf(parts), highest);
    }

    private static int groupIndex(String name, String raw) {
        if (name.isEmpty() || !name.chars().allMatch(ch -> ch >= '0' && ch <= '9')) {
            throw new IllegalArgumentException("'$" + name + "' in the result '" + raw
                + "' is not a group number; use $1..$9 for groups and $$ for a literal $");
        }
        int index = name.length() > 3 ? Integer.MAX_VALUE : Integer.parseInt(name);
        if (index < 1) {
            throw new IllegalArgumentException("'$" + name + "' in the result '" + raw + "': groups are numbered from $1");
        }
        return index;
    }

    /** The text as written in the table. */
    String raw() {
        return raw;
    }

    /** The highest {@code $n}, 0 when the result is constant. */
    int highestGroup() {
        return highestGroup;
    }

    String expand(Matcher match) {
        StringBuilder result = new StringBuilder();
        for (Part part : parts) {
            if (part instanceof Literal literal) {
                result.append(literal.text());
            } else {
                String group = match.group(((Group) part).index());
                if (group != null) {
                    result.append(group);
                }
            }
        }
        return result.toString();
    }

    /** The constant result (only when {@link #highestGroup()} is 0). */
    String constant() {
        StringBuilder result = new StringBuilder();
        for (Part part : parts) {
            result.append(((Literal) part).text());
        }
        return result.toString();
    }
}
