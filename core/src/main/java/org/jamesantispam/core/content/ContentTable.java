package org.jamesantispam.core.content;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A Postfix regexp table (regexp_table(5), the format of {@code header_checks} and
 * {@code body_checks}), parsed once into an immutable, thread-safe list of {@link ContentRule}s.
 *
 * <p>Syntax, as Postfix reads it:
 * <pre>
 * # comment (first non-blank character '#'); blank lines are ignored
 * /pattern/flags result            the first rule whose pattern matches decides
 * !/pattern/flags result           ... whose pattern does NOT match
 * /pattern1/!/pattern2/ result     ... pattern1 matches and pattern2 does not (old syntax)
 * if /pattern/flags                the rules up to the matching endif apply only to input that
 * /inner/ result                   matches (if !/pattern/: does not match); blocks nest
 * endif
 * /long pattern/ REJECT first part
 *     and more                     a line starting with whitespace continues the previous one
 * </pre>
 * Any non-alphanumeric, non-blank character may delimit a pattern ({@code #pattern#}); a delimiter
 * inside the pattern is written with a backslash. Flags: {@code i} (toggles the default
 * case-insensitivity), {@code m} (multi-line), {@code x} (toggles extended syntax off: POSIX basic
 * expression). {@code $1}..{@code $9}, {@code ${n}}, {@code $(n)} in the result are replaced by the
 * pattern's groups, {@code $$} is a dollar sign.
 *
 * <p>Every problem is reported when the table is loaded, as {@code file:line: reason}: bad or
 * unsupported pattern (the linear-time engine refuses backreferences and lookaround), unknown flag,
 * missing result, {@code $n} beyond the pattern's groups or in a negated rule, unbalanced
 * {@code if}/{@code endif}, and whatever the table's user says about a result
 * ({@link ResultValidator}).
 */
public final class ContentTable {
    /** Checks a table line's result when the table is loaded; results using {@code $n} are checked when used. */
    @FunctionalInterface
    public interface ResultValidator {
        ResultValidator ANY = result -> Optional.empty();

        /** @return why {@code result} is unusable, or empty when it is fine */
        Optional<String> problem(String result);
    }

    /** A rule that matched, and its result with {@code $n} substituted. */
    public record Match(ContentRule rule, String result) {
        public int line() {
            return rule.line();
        }
    }

    private final String source;
    private final List<ContentRule> rules;
    private final int ruleCount;
    private final String digest;

    private ContentTable(String source, List<ContentRule> rules, String digest) {
        this.source = source;
        this.rules = List.copyOf(rules);
        this.ruleCount = (int) rules.stream().filter(rule -> !rule.isCondition()).count();
        this.digest = digest;
    }

    /**
     * Reads and parses a table file (UTF-8, or ISO-8859-1 when the file is not valid UTF-8).
     *
     * @throws IOException when the file cannot be read
     * @throws IllegalArgumentException {@code file:line: reason} when the table is malformed
     */
    public static ContentTable load(Path file, ResultValidator validator) throws IOException {
        return parse(file.toString(), decode(Files.readAllBytes(file)), validator);
    }

    /**
     * Parses table text; {@code source} names it in messages (usually the file path).
     *
     * @throws IllegalArgumentException {@code source:line: reason} when the table is malformed
     */
    public static ContentTable parse(String source, String text, ResultValidator validator) {
        List<ContentRule> rules = new ArrayList<>();
        Deque<Integer> openIfs = new ArrayDeque<>();
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; ) {
            int lineNumber = i + 1;
            String line = stripCr(lines[i]);
            i++;
            if (isBlankOrComment(line)) {
                continue;
            }
            if (Character.isWhitespace(line.charAt(0))) {
                throw new IllegalArgumentException(source + ":" + lineNumber + ": line starts with whitespace but continues no "
                    + "rule; write rules from the first column (a line starting with whitespace continues the line before)");
            }
            StringBuilder logical = new StringBuilder(line);
            while (i < lines.length) {
                String next = stripCr(lines[i]);
                if (next.isEmpty() || !Character.isWhitespace(next.charAt(0))) {
                    break;
                }
                i++;
                if (!isBlankOrComment(next)) {
                    logical.append(next);
                }
            }
            try {
                parseLine(logical.toString().strip(), lineNumber, rules, openIfs, validator);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(source + ":" + lineNumber + ": " + e.getMessage(), e);
            }
        }
        if (!openIfs.isEmpty()) {
            int line = rules.get(openIfs.peek()).line();
            throw new IllegalArgumentException(source + ":" + line + ": 'if' without a matching 'endif'");
        }
        return new ContentTable(source, rules, Digests.sha256Hex(source + "\n" + text));
    }

    private static void parseLine(String line, int lineNumber, List<ContentRule> rules, Deque<Integer> openIfs,
                                  ResultValidator validator) {
        if (keyword(line, "endif")) {
            if (!line.substring(5).isBlank()) {
                throw new IllegalArgumentException("text after 'endif': " + line.substring(5).strip());
            }
            if (openIfs.isEmpty()) {
                throw new IllegalArgumentException("'endif' without a matching 'if'");
            }
            int index = openIfs.pop();
            rules.set(index, rules.get(index).withSkipTo(rules.size()));
            return;
        }
        if (keyword(line, "if")) {
            Cursor cursor = new Cursor(line, 2);
            cursor.skipBlanks();
            ContentRule.Expression expression = cursor.expression();
            if (!cursor.rest().isEmpty()) {
                throw new IllegalArgumentException("text after the 'if' pattern: " + cursor.rest() + "; 'if' takes a pattern only");
            }
            openIfs.push(rules.size());
            rules.add(ContentRule.condition(lineNumber, expression));
            return;
        }
        Cursor cursor = new Cursor(line, 0);
        ContentRule.Expression expression = cursor.expression();
        ContentRule.Expression except = null;
        if (!expression.negated && cursor.peek() == '!') {
            except = cursor.expression();
        }
        String result = cursor.rest();
        if (result.isEmpty()) {
            throw new IllegalArgumentException("no result after the pattern " + expression.source + "; expected e.g. REJECT");
        }
        ContentRule rule = ContentRule.rule(lineNumber, expression, except, result);
        if (!rule.substitutes()) {
            validator.problem(result).ifPresent(problem -> {
                throw new IllegalArgumentException(problem);
            });
        }
        rules.add(rule);
    }

    /** Whether {@code line} starts with the keyword (any case) followed by a non-alphanumeric character or nothing. */
    private static boolean keyword(String line, String word) {
        return line.regionMatches(true, 0, word, 0, word.length())
            && (line.length() == word.length() || !Character.isLetterOrDigit(line.charAt(word.length())));
    }

    private static boolean isBlankOrComment(String line) {
        String stripped = line.strip();
        return stripped.isEmpty() || stripped.charAt(0) == '#';
    }

    private static String stripCr(String line) {
        return line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
    }

    private static String decode(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT)
                .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            return new String(bytes, StandardCharsets.ISO_8859_1);
        }
    }

    /** Reads delimited patterns and flags from a table line. */
    private static final class Cursor {
        private final String line;
        private int position;

        Cursor(String line, int position) {
            this.line = line;
            this.position = position;
        }

        char peek() {
            return position < line.length() ? line.charAt(position) : '\0';
        }

        void skipBlanks() {
            while (position < line.length() && Character.isWhitespace(line.charAt(position))) {
                position++;
            }
        }

        String rest() {
            return line.substring(Math.min(position, line.length())).strip();
        }

        ContentRule.Expression expression() {
            int start = position;
            boolean negated = peek() == '!';
            if (negated) {
                position++;
            }
            char delimiter = peek();
            if (delimiter == '\0' || Character.isLetterOrDigit(delimiter) || Character.isWhitespace(delimiter) || delimiter == '\\') {
                throw new IllegalArgumentException("expected a pattern such as /text/ but found '" + line.substring(start)
                    + "'; the delimiter may be any character except letters, digits, blanks and backslash");
            }
            int open = ++position;
            while (position < line.length() && line.charAt(position) != delimiter) {
                if (line.charAt(position) == '\\' && position + 1 < line.length()) {
                    position++;
                }
                position++;
            }
            if (position >= line.length()) {
                throw new IllegalArgumentException("pattern " + line.substring(start) + " has no closing '" + delimiter + "'");
            }
            String regex = line.substring(open, position);
            position++;
            int flagsStart = position;
            while (position < line.length() && Character.isLetterOrDigit(line.charAt(position))) {
                position++;
            }
            String flags = line.substring(flagsStart, position).toLowerCase(Locale.ROOT);
            String source = line.substring(start, position);
            if (regex.isEmpty()) {
                throw new IllegalArgumentException("empty pattern " + source);
            }
            ContentRule.Expression expression = ContentRule.Expression.compile(source, regex, flags, negated);
            if (peek() != '!' && position < line.length() && !Character.isWhitespace(peek())) {
                throw new IllegalArgumentException("expected a blank after " + source + " but found '" + peek() + "'");
            }
            return expression;
        }
    }

    /**
     * The first rule (in table order, honouring {@code if} blocks) that matches {@code input}.
     */
    public Optional<Match> find(CharSequence input) {
        String folded = null;
        int i = 0;
        int n = rules.size();
        while (i < n) {
            ContentRule rule = rules.get(i);
            if (folded == null && rule.hasPrefilter()) {
                folded = RequiredLiterals.fold(input);
            }
            if (rule.isCondition()) {
                i = rule.admits(input, folded) ? i + 1 : rule.skipTo();
                continue;
            }
            String result = rule.apply(input, folded);
            if (result != null) {
                return Optional.of(new Match(rule, result));
            }
            i++;
        }
        return Optional.empty();
    }

    /** Where the table came from (file path), for messages and logs. */
    public String source() {
        return source;
    }

    /**
     * SHA-256 (hex) of the source name and the table text this table was parsed from: two tables with
     * the same digest match every input the same way (used by {@link ContentChecks#fingerprint}).
     */
    public String digest() {
        return digest;
    }

    /** Number of rules, {@code if} conditions not counted. */
    public int size() {
        return ruleCount;
    }

    /** All rules and conditions, in table order. */
    public List<ContentRule> rules() {
        return rules;
    }

    @Override
    public String toString() {
        return "ContentTable[" + source + ", " + ruleCount + " rules]";
    }
}
