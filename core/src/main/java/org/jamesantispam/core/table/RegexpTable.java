package org.jamesantispam.core.table;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import com.google.re2j.Matcher;
import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;

/**
 * A Postfix {@code regexp:} table ({@code regexp_table(5)}), evaluated with RE2/J so that matching
 * takes time linear in the input: a hostile subject cannot make a pattern backtrack for minutes.
 * Independent of what results mean: access tables ({@code check_sender_access regexp:...}) and
 * content checks ({@code header_checks}) both use it.
 *
 * <p>Syntax, one rule per logical line ({@link TableLines}: {@code #} comments, blank lines,
 * continuation lines starting with whitespace):
 * <pre>
 * /pattern/flags result          the first rule whose pattern matches gives the result
 * !/pattern/flags result         ... whose pattern does NOT match (no $n in the result)
 * if /pattern/flags              the rules up to the matching endif are only tried when
 * ...                            the pattern matches (if !/pattern/: when it does not);
 * endif                          if/endif nest
 * </pre>
 * <ul>
 *   <li>The delimiter is the first character (usually {@code /}); {@code \/} inside the pattern
 *       is a literal delimiter character.</li>
 *   <li>Matching is case-insensitive; flag {@code i} toggles that. Flag {@code m} toggles
 *       multi-line mode ({@code ^}/{@code $} also at line breaks, {@code .} not matching a line
 *       break); without it {@code .} matches any character, as in POSIX.</li>
 *   <li>The search is unanchored (use {@code ^...$}) and leftmost-longest, as POSIX.</li>
 *   <li>{@code $1}..{@code $9} (also {@code ${n}}, {@code $(n)}) in the result are replaced by
 *       the matched groups; {@code $$} is a {@code $}.</li>
 * </ul>
 * Differences from Postfix, all refused when the table is loaded with {@code file:line: reason}
 * (Postfix warns and skips the rule): patterns RE2 cannot run in linear time (backreferences
 * {@code \1}, lookaround), flag {@code x} (POSIX basic syntax), the obsolete
 * {@code /p1/!/p2/ result} form, a rule without result, text after {@code if}/{@code endif}, an
 * unbalanced {@code if}/{@code endif}, {@code $n} beyond the pattern's groups. The pattern syntax
 * is RE2's (POSIX extended syntax plus Perl classes such as {@code \d}).
 *
 * <p>Immutable and thread-safe.
 */
public final class RegexpTable implements LookupTable {
    private static final int DEFAULT_FLAGS = Pattern.CASE_INSENSITIVE | Pattern.DOTALL | Pattern.LONGEST_MATCH;

    private sealed interface Rule permits MatchRule, IfRule, EndIfRule {
    }

    private record Condition(Pattern pattern, boolean negated) {
        boolean matches(String subject) {
            return pattern.matcher(subject).find() != negated;
        }
    }

    private record MatchRule(int line, Condition condition, ResultTemplate result) implements Rule {
    }

    /** {@code end} is the index of the matching endif. */
    private record IfRule(int line, Condition condition, int end) implements Rule {
        IfRule withEnd(int newEnd) {
            return new IfRule(line, condition, newEnd);
        }
    }

    private record EndIfRule(int line) implements Rule {
    }

    private final String source;
    private final List<Rule> rules;

    private RegexpTable(String source, List<Rule> rules) {
        this.source = source;
        this.rules = rules;
    }

    /** Reads and parses {@code file}; results are not checked. */
    public static RegexpTable load(Path file) throws IOException {
        return load(file, ResultCheck.none());
    }

    /**
     * Reads and parses {@code file} (UTF-8; undecodable bytes become U+FFFD).
     *
     * @throws TableSyntaxException {@code file:line: reason} for the first unusable line
     */
    public static RegexpTable load(Path file, ResultCheck check) throws IOException {
        return parse(file.toString(), new String(Files.readAllBytes(file), StandardCharsets.UTF_8), check);
    }

    /** Parses {@code content}; results are not checked. */
    public static RegexpTable parse(String source, String content) {
        return parse(source, content, ResultCheck.none());
    }

    /**
     * @param source the file name, for error messages
     * @param content the table text
     * @param check validates each rule's result text (with its {@code $n} references unexpanded)
     * @throws TableSyntaxException {@code source:line: reason} for the first unusable line
     */
    public static RegexpTable parse(String source, String content, ResultCheck check) {
        List<Rule> rules = new ArrayList<>();
        Deque<Integer> openIfs = new ArrayDeque<>();
        for (TableLine line : TableLines.of(source, content)) {
            try {
                Rule rule = parseLine(line, check);
                if (rule instanceof EndIfRule) {
                    if (openIfs.isEmpty()) {
                        throw new IllegalArgumentException("endif without if");
                    }
                    int ifIndex = openIfs.pop();
                    rules.set(ifIndex, ((IfRule) rules.get(ifIndex)).withEnd(rules.size()));
                } else if (rule instanceof IfRule) {
                    openIfs.push(rules.size());
                }
                rules.add(rule);
            } catch (TableSyntaxException e) {
                throw e;
            } catch (IllegalArgumentException e) {
                throw new TableSyntaxException(source, line.number(), e.getMessage());
            }
        }
        if (!openIfs.isEmpty()) {
            IfRule unclosed = (IfRule) rules.get(openIfs.peek());
            throw new TableSyntaxException(source, unclosed.line(), "if without endif");
        }
        return new RegexpTable(source, List.copyOf(rules));
    }

    private static Rule parseLine(TableLine line, ResultCheck check) {
        String text = line.text();
        if (Character.isLetterOrDigit(text.charAt(0))) {
            String keyword = text.split("[^A-Za-z0-9]", 2)[0].toLowerCase(Locale.ROOT);
            String rest = text.substring(keyword.length()).strip();
            if (keyword.equals("if")) {
                Cursor cursor = new Cursor(rest);
                Condition condition = condition(cursor);
                if (!cursor.rest().isBlank()) {
                    throw new IllegalArgumentException("text after the if condition: '" + cursor.rest().strip()
                        + "' (an if takes a pattern only; put rules on the following lines, without leading whitespace)");
                }
                return new IfRule(line.number(), condition, -1);
            }
            if (keyword.equals("endif")) {
                if (!rest.isEmpty()) {
                    throw new IllegalArgumentException("text after endif: '" + rest + "'");
                }
                return new EndIfRule(line.number());
            }
            throw new IllegalArgumentException("expected '/pattern/ result', 'if /pattern/' or 'endif'; found '" + text + "'");
        }
        Cursor cursor = new Cursor(text);
        Condition condition = condition(cursor);
        if (cursor.peek() == '!') {
            throw new IllegalArgumentException("the form '/pattern1/!/pattern2/ result' is not supported; write"
                + " 'if !/pattern2/', '/pattern1/ result', 'endif'");
        }
        String result = cursor.rest().strip();
        if (result.isEmpty()) {
            throw new IllegalArgumentException("pattern without a result; expected '/pattern/ result'");
        }
        ResultTemplate template = ResultTemplate.parse(result);
        if (template.highestGroup() > 0 && condition.negated()) {
            throw new IllegalArgumentException("$" + template.highestGroup() + " in the result of a negated pattern,"
                + " which has no groups when it applies");
        }
        if (template.highestGroup() > condition.pattern().groupCount()) {
            throw new IllegalArgumentException("the result uses $" + template.highestGroup() + " but the pattern has only "
                + condition.pattern().groupCount() + " group(s)");
        }
        check.check(result);
        return new MatchRule(line.number(), condition, template);
    }

    private static Condition condition(Cursor cursor) {
        boolean negated = false;
        while (cursor.peek() == '!') {
            negated = !negated;
            cursor.next();
            cursor.skipWhitespace();
        }
        if (cursor.atEnd()) {
            throw new IllegalArgumentException("no pattern; expected /pattern/");
        }
        char delimiter = cursor.next();
        if (Character.isLetterOrDigit(delimiter) || Character.isWhitespace(delimiter)) {
            throw new IllegalArgumentException("a pattern is written between delimiters, such as /pattern/; found '"
                + delimiter + "'");
        }
        StringBuilder regex = new StringBuilder();
        boolean closed = false;
        while (!cursor.atEnd()) {
            char c = cursor.next();
            if (c == '\\' && !cursor.atEnd()) {
                regex.append(c).append(cursor.next());
            } else if (c == delimiter) {
                closed = true;
                break;
            } else {
                regex.append(c);
            }
        }
        if (!closed) {
            throw new IllegalArgumentException("no closing '" + delimiter + "' after the pattern " + delimiter + regex);
        }
        int flags = DEFAULT_FLAGS;
        while (!cursor.atEnd() && !Character.isWhitespace(cursor.peek()) && cursor.peek() != '!') {
            char flag = cursor.next();
            switch (flag) {
                case 'i' -> flags ^= Pattern.CASE_INSENSITIVE;
                case 'm' -> flags ^= Pattern.MULTILINE | Pattern.DOTALL;
                case 'x' -> throw new IllegalArgumentException("flag 'x' (POSIX basic regular expressions) is not supported;"
                    + " write the pattern in extended syntax without the flag");
                default -> throw new IllegalArgumentException("unknown flag '" + flag + "' after " + delimiter + regex
                    + delimiter + "; expected i (case) or m (multi-line)");
            }
        }
        return new Condition(compile(regex.toString(), flags), negated);
    }

    private static Pattern compile(String regex, int flags) {
        try {
            return Pattern.compile(regex, flags);
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException("pattern /" + regex + "/ is refused: " + e.getDescription()
                + (e.getPattern() == null || e.getPattern().isEmpty() ? "" : " " + e.getPattern())
                + " (RE2 syntax: linear-time matching, so no backreferences such as \\1 and no lookaround such as (?=...))");
        }
    }

    /** The file the table was read from. */
    public String source() {
        return source;
    }

    /** The number of rules (match rules, if and endif lines). */
    public int size() {
        return rules.size();
    }

    /**
     * The result of the first rule that applies to {@code subject}, with {@code $n} expanded, and
     * that rule's line.
     */
    @Override
    public Optional<TableEntry> find(String subject) {
        int i = 0;
        while (i < rules.size()) {
            Rule rule = rules.get(i);
            if (rule instanceof MatchRule match) {
                Optional<TableEntry> entry = apply(match, subject);
                if (entry.isPresent()) {
                    return entry;
                }
                i++;
            } else if (rule instanceof IfRule ifRule) {
                i = ifRule.condition().matches(subject) ? i + 1 : ifRule.end() + 1;
            } else {
                i++;
            }
        }
        return Optional.empty();
    }

    private static Optional<TableEntry> apply(MatchRule rule, String subject) {
        Condition condition = rule.condition();
        if (rule.result().highestGroup() == 0) {
            return condition.matches(subject)
                ? Optional.of(new TableEntry(rule.result().constant(), rule.line()))
                : Optional.empty();
        }
        Matcher matcher = condition.pattern().matcher(subject);
        if (!matcher.find()) {
            return Optional.empty();
        }
        return Optional.of(new TableEntry(rule.result().expand(matcher), rule.line()));
    }

    /** Regexp tables only see full lookup keys, as in Postfix. */
    @Override
    public boolean matchesPartialKeys() {
        return false;
    }

    @Override
    public String toString() {
        return "regexp:" + source;
    }

    /** A read position in one logical line. */
    private static final class Cursor {
        private final String text;
        private int position;

        Cursor(String text) {
            this.text = text;
        }

        boolean atEnd() {
            return position >= text.length();
        }

        char peek() {
            return atEnd() ? '\0' : text.charAt(position);
        }

        char next() {
            return text.charAt(position++);
        }

        void skipWhitespace() {
            while (!atEnd() && Character.isWhitespace(peek())) {
                position++;
            }
        }

        String rest() {
            return text.substring(Math.min(position, text.length()));
        }
    }
}
