package org.jamesantispam.core.content;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A prefilter for table rules: from a pattern (RE2 syntax), literal strings one of which must occur
 * (case-folded) in any text the pattern matches, e.g. {@code viagra} for
 * {@code /(buy|cheap)[ _-]*viagra/}, {@code {money, cash}} for {@code /free (money|cash)/}. A line
 * containing none of them cannot match, so the regex engine is not run for it: with hundreds of
 * rules, most lines are dismissed by a substring search instead of an automaton run.
 *
 * <p>Conservative by construction: anything not understood (classes, escapes, non-ASCII characters,
 * {@code \Q}, optional parts) gives no requirement, never a wrong one. Literals are folded with
 * {@link #fold}, which maps every character of a Unicode simple case-folding orbit of an ASCII letter
 * ({@code k K U+212A}, {@code s S U+017F}) to the same ASCII letter, so a case-insensitive match is
 * never dismissed.
 */
final class RequiredLiterals {
    private static final int MAX_ALTERNATIVES = 16;

    /** Thrown to give up on a pattern. */
    private static final class Unsupported extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Unsupported() {
            super(null, null, false, false);
        }
    }

    private final String re;
    private int pos;

    private RequiredLiterals(String re) {
        this.re = re;
    }

    /**
     * @return folded literals, one of which every match contains; {@code null} when none is known
     */
    static String[] of(String regex) {
        try {
            RequiredLiterals parser = new RequiredLiterals(regex);
            List<String> required = parser.alternation();
            if (parser.pos != regex.length() || required == null || required.isEmpty()) {
                return null;
            }
            return required.toArray(String[]::new);
        } catch (Unsupported | IndexOutOfBoundsException e) {
            return null;
        }
    }

    /** Folds text for the comparison: case-insensitive, Unicode-aware for the orbits of ASCII letters. */
    static String fold(CharSequence text) {
        int n = text.length();
        char[] out = null;
        for (int i = 0; i < n; i++) {
            char c = text.charAt(i);
            char folded;
            if (c < 0x80) {
                folded = c >= 'A' && c <= 'Z' ? (char) (c + 32) : c;
            } else {
                folded = Character.toLowerCase(Character.toUpperCase(c));
            }
            if (folded != c && out == null) {
                out = new char[n];
                for (int j = 0; j < i; j++) {
                    out[j] = text.charAt(j);
                }
            }
            if (out != null) {
                out[i] = folded;
            }
        }
        return out == null ? text.toString() : new String(out);
    }

    /** Branches separated by {@code |}, up to {@code )} or the end: a requirement only if every branch has one. */
    private List<String> alternation() {
        List<List<String>> branches = new ArrayList<>();
        branches.add(concatenation());
        while (pos < re.length() && re.charAt(pos) == '|') {
            pos++;
            branches.add(concatenation());
        }
        Set<String> union = new LinkedHashSet<>();
        for (List<String> branch : branches) {
            if (branch == null) {
                return null;
            }
            union.addAll(branch);
        }
        return union.size() > MAX_ALTERNATIVES ? null : new ArrayList<>(union);
    }

    /** A sequence of atoms: its best requirement (the longest shortest literal). */
    private List<String> concatenation() {
        List<List<String>> requirements = new ArrayList<>();
        StringBuilder run = new StringBuilder();
        while (pos < re.length() && re.charAt(pos) != '|' && re.charAt(pos) != ')') {
            int literal = -1;
            List<String> group = null;
            char c = re.charAt(pos);
            if (c == '(') {
                group = group();
            } else if (c == '[') {
                skipClass();
            } else if (c == '\\') {
                literal = escape();
            } else if (c == '*' || c == '+' || c == '?') {
                throw new Unsupported();
            } else {
                pos++;
                if (c != '.' && c != '^' && c != '$' && c < 0x80) {
                    literal = c;
                }
            }
            int min = quantifier();
            if (literal >= 0 && min != 0) {
                run.append(fold(String.valueOf((char) literal)));
                if (min >= 1) {
                    flush(run, requirements);
                }
            } else {
                flush(run, requirements);
                if (group != null && min != 0) {
                    requirements.add(group);
                }
            }
        }
        flush(run, requirements);
        List<String> best = null;
        for (List<String> requirement : requirements) {
            if (best == null || shortest(requirement) > shortest(best)
                || shortest(requirement) == shortest(best) && requirement.size() < best.size()) {
                best = requirement;
            }
        }
        return best;
    }

    private static void flush(StringBuilder run, List<List<String>> requirements) {
        if (run.length() > 0) {
            requirements.add(List.of(run.toString()));
            run.setLength(0);
        }
    }

    private static int shortest(List<String> literals) {
        return literals.stream().mapToInt(String::length).min().orElse(0);
    }

    /** {@code ( ... )} in its forms; returns the group's requirement ({@code null}: none, or a flag group). */
    private List<String> group() {
        pos++;
        if (re.startsWith("?", pos)) {
            pos++;
            if (re.startsWith("P<", pos) || re.startsWith("<", pos)) {
                int close = re.indexOf('>', pos);
                if (close < 0) {
                    throw new Unsupported();
                }
                pos = close + 1;
            } else {
                while (pos < re.length() && (Character.isLetter(re.charAt(pos)) || re.charAt(pos) == '-')) {
                    pos++;
                }
                if (re.startsWith(")", pos)) {
                    pos++;
                    return null;
                }
                if (!re.startsWith(":", pos)) {
                    throw new Unsupported();
                }
                pos++;
            }
        }
        List<String> inner = alternation();
        if (!re.startsWith(")", pos)) {
            throw new Unsupported();
        }
        pos++;
        return inner;
    }

    private void skipClass() {
        pos++;
        if (re.startsWith("^", pos)) {
            pos++;
        }
        if (re.startsWith("]", pos)) {
            pos++;
        }
        while (pos < re.length()) {
            char c = re.charAt(pos);
            if (c == '\\') {
                pos += 2;
            } else if (c == '[' && re.startsWith("[:", pos)) {
                int close = re.indexOf(":]", pos + 2);
                if (close < 0) {
                    throw new Unsupported();
                }
                pos = close + 2;
            } else if (c == ']') {
                pos++;
                return;
            } else {
                pos++;
            }
        }
        throw new Unsupported();
    }

    /** An escape: the character when it stands for itself (punctuation), else -1. */
    private int escape() {
        char d = re.charAt(pos + 1);
        pos += 2;
        if (d == 'Q') {
            throw new Unsupported();
        }
        if (d == 'p' || d == 'P') {
            if (re.startsWith("{", pos)) {
                int close = re.indexOf('}', pos);
                if (close < 0) {
                    throw new Unsupported();
                }
                pos = close + 1;
            } else {
                pos++;
            }
            return -1;
        }
        if (d == 'x') {
            if (re.startsWith("{", pos)) {
                int close = re.indexOf('}', pos);
                if (close < 0) {
                    throw new Unsupported();
                }
                pos = close + 1;
            } else {
                pos += 2;
            }
            return -1;
        }
        if (Character.isLetterOrDigit(d) || d >= 0x80) {
            return -1;
        }
        return d;
    }

    /**
     * A quantifier after an atom: its minimum count; -1 when there is none (exactly once); a lazy
     * {@code ?} after it is skipped. An opening brace that is no repetition is left as a literal.
     */
    private int quantifier() {
        if (pos >= re.length()) {
            return -1;
        }
        char c = re.charAt(pos);
        int min;
        if (c == '*' || c == '?') {
            pos++;
            min = 0;
        } else if (c == '+') {
            pos++;
            min = 1;
        } else if (c == '{') {
            int close = re.indexOf('}', pos);
            String body = close < 0 ? "" : re.substring(pos + 1, close);
            if (!body.matches("\\d+(,\\d*)?")) {
                return -1;
            }
            min = Integer.parseInt(body.split(",", 2)[0]);
            pos = close + 1;
        } else {
            return -1;
        }
        if (pos < re.length() && re.charAt(pos) == '?') {
            pos++;
        }
        return min;
    }
}
