package org.jamesantispam.core.content;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;

import org.junit.jupiter.api.Test;

import com.google.re2j.Pattern;

class RequiredLiteralsTest {
    private static String[] of(String regex) {
        return RequiredLiterals.of(regex);
    }

    @Test
    void findsTheBestRequiredLiterals() {
        assertThat(of("Make Money")).containsExactly("make money");
        assertThat(of("^Subject:.*\\bviagra\\b")).containsExactly("subject:");
        assertThat(of("(buy|cheap|free|best)[[:space:]_-]*viagra")).containsExactly("viagra");
        assertThat(of("free (money|cash)")).containsExactly("free ");
        assertThat(of("(money|cash) !")).containsExactly("money", "cash");
        assertThat(of("(money|cash) now")).containsExactly(" now");
        assertThat(of("name ?=\"?.*\\.(bat|com|dll|exe|hta|pif|vbs)\"?")).containsExactly("name");
        assertThat(of("ab+cde")).containsExactly("cde");
        assertThat(of("colou?r scheme")).containsExactly("r scheme");
        assertThat(of("(?:spam){2,}x")).containsExactly("spam");
        assertThat(of("(?i)VIAGRA")).containsExactly("viagra");
        assertThat(of("(?P<w>hello) world")).containsExactly(" world");
    }

    @Test
    void givesUpWhenUnsure() {
        assertThat(of(".*")).isNull();
        assertThat(of("(a|)")).isNull();
        assertThat(of("(spam)?")).isNull();
        assertThat(of("\\Qa.b\\E")).isNull();
        assertThat(of("[abc]+")).isNull();
        assertThat(of("\\d+")).isNull();
        assertThat(of("€uro")).containsExactly("uro");
        assertThat(of("a|b|c|d|e|f|g|h|i|j|k|l|m|n|o|p|q")).isNull();
    }

    @Test
    void foldingCoversTheUnicodeOrbitsOfAsciiLetters() {
        assertThat(RequiredLiterals.fold("VIAGRA \u212Aelvin ca\u017Fino")).isEqualTo("viagra kelvin casino");
        Pattern pattern = Pattern.compile("casino kelvin", Pattern.CASE_INSENSITIVE);
        assertThat(pattern.matcher("ca\u017Fino \u212Aelvin").find()).isTrue();
        assertThat(RequiredLiterals.fold("ca\u017Fino \u212Aelvin")).contains(of("casino kelvin")[0]);
    }

    /** The prefilter must never dismiss a line the engine matches: random patterns against random lines. */
    @Test
    void neverDismissesAMatch() {
        Random random = new Random(42);
        String[] atoms = {"a", "b", "ab", "S", "s", "\u017F", "K", "\u212A", ".", "[ab]", "\\.", " ", "x", "(a|b)", "(ab|s)", "(x)?", "b+",
            "a*", "\\b", "^", "$", "(?:ba)", "c{2}", "c{0,1}", "\\d", "-"};
        String alphabet = "abABsSkK\u017F\u212A .x-c1";
        int checked = 0;
        for (int p = 0; p < 3000; p++) {
            StringBuilder regex = new StringBuilder();
            int length = 1 + random.nextInt(5);
            for (int i = 0; i < length; i++) {
                regex.append(atoms[random.nextInt(atoms.length)]);
            }
            Pattern pattern;
            try {
                pattern = Pattern.compile(regex.toString(), Pattern.CASE_INSENSITIVE | Pattern.DOTALL);
            } catch (RuntimeException e) {
                continue;
            }
            String[] literals = of(regex.toString());
            if (literals == null) {
                continue;
            }
            for (int t = 0; t < 200; t++) {
                StringBuilder line = new StringBuilder();
                int size = random.nextInt(12);
                for (int i = 0; i < size; i++) {
                    line.append(alphabet.charAt(random.nextInt(alphabet.length())));
                }
                if (pattern.matcher(line).find()) {
                    String folded = RequiredLiterals.fold(line);
                    boolean kept = false;
                    for (String literal : literals) {
                        kept |= folded.contains(literal);
                    }
                    assertThat(kept).as("/%s/ matches '%s' but literals %s are absent", regex, line, String.join(",", literals)).isTrue();
                    checked++;
                }
            }
        }
        assertThat(checked).isGreaterThan(1000);
    }
}
