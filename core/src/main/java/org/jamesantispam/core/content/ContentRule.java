package org.jamesantispam.core.content;

import java.util.ArrayList;
import java.util.List;

import com.google.re2j.Matcher;
import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;

/**
 * One line of a Postfix regexp table ({@link ContentTable}): {@code /pattern/flags result},
 * {@code !/pattern/flags result}, {@code /pattern1/!/pattern2/ result} (pattern1 matches and
 * pattern2 does not), or the condition of an {@code if /pattern/} ... {@code endif} block.
 *
 * <p>Patterns run on RE2/J, a linear-time engine: matching costs at most O(pattern size x input
 * length), whatever the input. Flags follow regexp_table(5): matching is case-insensitive by default
 * ({@code i} toggles), {@code m} turns on multi-line mode ({@code ^}/{@code $} at newlines, {@code .}
 * no longer matches a newline), {@code x} turns extended syntax off (the pattern is then a POSIX basic
 * expression, translated here). Submatches follow POSIX leftmost-longest rules, as with Postfix's
 * regexec(3), so {@code $1} captures what Postfix would capture.
 *
 * <p>Immutable and thread-safe.
 */
public final class ContentRule {
    private final int line;
    private final String pattern;
    private final Pattern compiled;
    private final boolean negated;
    private final Pattern except;
    private final String result;
    private final List<Object> template;
    private final int skipTo;
    private final String[] literals;

    private ContentRule(int line, String pattern, Pattern compiled, boolean negated, Pattern except,
                        String result, List<Object> template, int skipTo) {
        this(line, pattern, compiled, negated, except, result, template, skipTo,
            negated ? null : RequiredLiterals.of(compiled.pattern()));
    }

    private ContentRule(int line, String pattern, Pattern compiled, boolean negated, Pattern except,
                        String result, List<Object> template, int skipTo, String[] literals) {
        this.line = line;
        this.pattern = pattern;
        this.compiled = compiled;
        this.negated = negated;
        this.except = except;
        this.result = result;
        this.template = template;
        this.skipTo = skipTo;
        this.literals = literals;
    }

    /** A rule returning {@code result} (with {@code $n} substitution) when it matches. */
    static ContentRule rule(int line, Expression expression, Expression except, String result) {
        List<Object> template = parseTemplate(result, expression.negated ? 0 : expression.compiled.groupCount(), expression.negated);
        return new ContentRule(line, expression.source, expression.compiled, expression.negated,
            except == null ? null : except.compiled, result, template, -1);
    }

    /** The condition of an {@code if} block; {@code skipTo} is set once its {@code endif} is found. */
    static ContentRule condition(int line, Expression expression) {
        return new ContentRule(line, expression.source, expression.compiled, expression.negated, null, null, List.of(), Integer.MAX_VALUE);
    }

    ContentRule withSkipTo(int index) {
        return new ContentRule(line, pattern, compiled, negated, except, result, template, index, literals);
    }

    /** The table line (1-based) where this rule starts. */
    public int line() {
        return line;
    }

    /** The pattern as written, with delimiters and flags, e.g. {@code /Make Money/}. */
    public String pattern() {
        return pattern;
    }

    /** The result as written (before {@code $n} substitution); {@code null} for an {@code if}. */
    public String result() {
        return result;
    }

    boolean isCondition() {
        return result == null;
    }

    int skipTo() {
        return skipTo;
    }

    /** Whether a prefilter applies: {@link #mayMatch} needs the folded input. */
    boolean hasPrefilter() {
        return literals != null;
    }

    /**
     * Whether the pattern can match, judged by its required literals on the folded input
     * ({@link RequiredLiterals#fold}); true when the rule has no prefilter.
     */
    boolean mayMatch(String folded) {
        if (literals == null) {
            return true;
        }
        for (String literal : literals) {
            if (folded.contains(literal)) {
                return true;
            }
        }
        return false;
    }

    /** For an {@code if}: whether the block applies to {@code input}. */
    boolean admits(CharSequence input, String folded) {
        if (!negated && folded != null && !mayMatch(folded)) {
            return false;
        }
        return compiled.matcher(input).find() != negated;
    }

    /**
     * For a rule: the result with {@code $n} replaced when the rule matches {@code input}, else
     * {@code null}. {@code folded}: the folded input when computed, else {@code null}.
     */
    String apply(CharSequence input, String folded) {
        if (!negated && folded != null && !mayMatch(folded)) {
            return null;
        }
        Matcher matcher = compiled.matcher(input);
        boolean found = matcher.find();
        if (found == negated) {
            return null;
        }
        if (except != null && except.matcher(input).find()) {
            return null;
        }
        if (template.size() == 1 && template.get(0) instanceof String literal) {
            return literal;
        }
        StringBuilder out = new StringBuilder();
        for (Object part : template) {
            if (part instanceof Integer group) {
                String value = matcher.group(group);
                out.append(value == null ? "" : value);
            } else {
                out.append((String) part);
            }
        }
        return out.toString();
    }

    @Override
    public String toString() {
        return line + ": " + pattern + (result == null ? " (if)" : " " + result);
    }

    // ------------------------------------------------------------------ patterns

    /** A delimited pattern as parsed from a table line, compiled. */
    static final class Expression {
        final String source;
        final Pattern compiled;
        final boolean negated;

        private Expression(String source, Pattern compiled, boolean negated) {
            this.source = source;
            this.compiled = compiled;
            this.negated = negated;
        }

        /**
         * Compiles {@code regex} (the text between the delimiters) with Postfix regexp flags.
         *
         * @throws IllegalArgumentException with the reason when the engine cannot run the pattern
         */
        static Expression compile(String source, String regex, String flags, boolean negated) {
            boolean caseInsensitive = true;
            boolean multiLine = false;
            boolean extended = true;
            for (char flag : flags.toCharArray()) {
                switch (flag) {
                    case 'i' -> caseInsensitive = !caseInsensitive;
                    case 'm' -> multiLine = !multiLine;
                    case 'x' -> extended = !extended;
                    default -> throw new IllegalArgumentException("unknown flag '" + flag + "' after " + source + "; expected i, m or x");
                }
            }
            String effective = extended ? regex : basicToExtended(regex);
            refuseUnsupported(effective);
            int re2Flags = Pattern.LONGEST_MATCH
                | (caseInsensitive ? Pattern.CASE_INSENSITIVE : 0)
                | (multiLine ? Pattern.MULTILINE : Pattern.DOTALL);
            try {
                return new Expression(source, Pattern.compile(effective, re2Flags), negated);
            } catch (PatternSyntaxException e) {
                String near = e.getPattern() == null ? "" : e.getPattern().replaceFirst("^(\\(\\?[a-zA-Z]+\\))+", "");
                throw new IllegalArgumentException("bad pattern " + source + ": " + e.getDescription()
                    + (near.isEmpty() ? "" : " near '" + near + "'"));
            }
        }

        /** Names the constructs a linear-time engine cannot run, with a clearer reason than the engine's. */
        private static void refuseUnsupported(String regex) {
            boolean inClass = false;
            for (int i = 0; i < regex.length(); i++) {
                char c = regex.charAt(i);
                if (c == '\\' && i + 1 < regex.length()) {
                    char next = regex.charAt(i + 1);
                    if (!inClass && next >= '1' && next <= '9') {
                        throw new IllegalArgumentException("backreference \\" + next + " is not supported: the linear-time "
                            + "regex engine cannot match backreferences");
                    }
                    i++;
                } else if (c == '[' && !inClass) {
                    inClass = true;
                    if (i + 1 < regex.length() && regex.charAt(i + 1) == '^') {
                        i++;
                    }
                    if (i + 1 < regex.length() && regex.charAt(i + 1) == ']') {
                        i++;
                    }
                } else if (c == ']' && inClass) {
                    inClass = false;
                } else if (!inClass && c == '(' && regex.startsWith("(?", i)) {
                    String rest = regex.substring(i + 2);
                    if (rest.startsWith("=") || rest.startsWith("!") || rest.startsWith("<=") || rest.startsWith("<!")) {
                        throw new IllegalArgumentException("lookaround (?" + rest.charAt(0) + (rest.charAt(0) == '<' ? String.valueOf(rest.charAt(1)) : "")
                            + " is not supported: the linear-time regex engine cannot match lookahead or lookbehind");
                    }
                    if (rest.startsWith(">")) {
                        throw new IllegalArgumentException("atomic group (?> is not supported by the linear-time regex engine");
                    }
                }
            }
        }
    }

    /**
     * Translates a POSIX basic regular expression (Postfix flag {@code x} toggled off) into the
     * extended syntax RE2 reads: {@code \( \) \{ \} \| \+ \?} become operators, {@code ( ) { } | + ?}
     * become literals, a leading {@code *} is literal, {@code ^} and {@code $} are anchors only at the
     * ends of the expression or of a group.
     */
    static String basicToExtended(String basic) {
        StringBuilder out = new StringBuilder(basic.length() + 8);
        boolean atStart = true;
        int n = basic.length();
        for (int i = 0; i < n; i++) {
            char c = basic.charAt(i);
            if (c == '\\' && i + 1 < n) {
                char d = basic.charAt(++i);
                switch (d) {
                    case '(', '|' -> {
                        out.append(d);
                        atStart = true;
                        continue;
                    }
                    case ')', '{', '}', '+', '?' -> out.append(d);
                    case '<', '>' -> throw new IllegalArgumentException("word boundary \\" + d + " is not supported; use \\b");
                    default -> {
                        if (d >= '1' && d <= '9') {
                            throw new IllegalArgumentException("backreference \\" + d + " is not supported: the linear-time "
                                + "regex engine cannot match backreferences");
                        }
                        out.append('\\').append(d);
                    }
                }
                atStart = false;
            } else if (c == '[') {
                int end = bracketEnd(basic, i);
                out.append(basic, i, end);
                i = end - 1;
                atStart = false;
            } else if ("+?(){}|".indexOf(c) >= 0) {
                out.append('\\').append(c);
                atStart = false;
            } else if (c == '*' && atStart) {
                out.append("\\*");
                atStart = false;
            } else if (c == '^') {
                out.append(atStart ? "^" : "\\^");
            } else if (c == '$') {
                boolean anchor = i + 1 == n || basic.startsWith("\\)", i + 1) || basic.startsWith("\\|", i + 1);
                out.append(anchor ? "$" : "\\$");
                atStart = false;
            } else {
                out.append(c);
                atStart = false;
            }
        }
        return out.toString();
    }

    /** Index just past the {@code ]} closing the bracket expression opened at {@code open}. */
    private static int bracketEnd(String regex, int open) {
        int i = open + 1;
        if (i < regex.length() && regex.charAt(i) == '^') {
            i++;
        }
        if (i < regex.length() && regex.charAt(i) == ']') {
            i++;
        }
        while (i < regex.length()) {
            char c = regex.charAt(i);
            if (c == '[' && i + 1 < regex.length() && ":.=".indexOf(regex.charAt(i + 1)) >= 0) {
                int close = regex.indexOf(regex.charAt(i + 1) + "]", i + 2);
                if (close < 0) {
                    throw new IllegalArgumentException("unterminated [" + regex.charAt(i + 1) + " class");
                }
                i = close + 2;
            } else if (c == ']') {
                return i + 1;
            } else {
                i++;
            }
        }
        throw new IllegalArgumentException("missing ] in bracket expression");
    }

    // ------------------------------------------------------------------ result templates

    /**
     * Splits a result into literal text and group numbers: {@code $n}, {@code ${n}}, {@code $(n)};
     * {@code $$} is a dollar sign; a {@code $} followed by anything else stays as it is.
     */
    private static List<Object> parseTemplate(String result, int groups, boolean negated) {
        List<Object> parts = new ArrayList<>();
        StringBuilder literal = new StringBuilder();
        int n = result.length();
        for (int i = 0; i < n; i++) {
            char c = result.charAt(i);
            if (c != '$' || i + 1 == n) {
                literal.append(c);
                continue;
            }
            char next = result.charAt(i + 1);
            int group;
            int end;
            if (next == '$') {
                literal.append('$');
                i++;
                continue;
            } else if (Character.isDigit(next)) {
                end = i + 2;
                while (end < n && Character.isDigit(result.charAt(end))) {
                    end++;
                }
                group = Integer.parseInt(result.substring(i + 1, end));
            } else if (next == '{' || next == '(') {
                char closing = next == '{' ? '}' : ')';
                int close = result.indexOf(closing, i + 2);
                String digits = close < 0 ? "" : result.substring(i + 2, close);
                if (digits.isEmpty() || !digits.chars().allMatch(Character::isDigit)) {
                    literal.append(c);
                    continue;
                }
                group = Integer.parseInt(digits);
                end = close + 1;
            } else {
                literal.append(c);
                continue;
            }
            if (negated) {
                throw new IllegalArgumentException("$" + group + " in the result of a negated pattern: a pattern that does "
                    + "not match has no groups to substitute");
            }
            if (group > groups) {
                throw new IllegalArgumentException("$" + group + " refers to group " + group + " but the pattern has "
                    + (groups == 0 ? "no groups" : "only " + groups));
            }
            if (literal.length() > 0) {
                parts.add(literal.toString());
                literal.setLength(0);
            }
            parts.add(group);
            i = end - 1;
        }
        if (literal.length() > 0 || parts.isEmpty()) {
            parts.add(literal.toString());
        }
        return List.copyOf(parts);
    }

    /** Whether the result takes text from the input ({@code $n}), so it is only known per match. */
    boolean substitutes() {
        return template.stream().anyMatch(Integer.class::isInstance);
    }
}
