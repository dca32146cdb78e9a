package org.jamesantispam.core.content;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Optional;

import org.junit.jupiter.api.Test;

class ContentTableTest {
    private static ContentTable table(String text) {
        return ContentTable.parse("t", text, ContentAction::problem);
    }

    private static Optional<String> result(ContentTable table, String input) {
        return table.find(input).map(ContentTable.Match::result);
    }

    @Test
    void guideRulesMatchCaseInsensitivelyByDefault() {
        ContentTable table = table("/Make Money/ REJECT\n/VIAGRA/ REJECT\n/Marketing/ REJECT\n");
        assertThat(result(table, "Subject: make money fast")).contains("REJECT");
        assertThat(result(table, "Subject: cheap viagra")).contains("REJECT");
        assertThat(result(table, "Subject: MARKETING plan")).contains("REJECT");
        assertThat(result(table, "Subject: lunch")).isEmpty();
        assertThat(table.size()).isEqualTo(3);
    }

    @Test
    void guideAttachmentRuleMatchesEachBannedExtension() {
        ContentTable table = table("/name ?=\"?.*\\.(bat|com|dll|exe|hta|pif|vbs)\"?/ REJECT\n");
        for (String extension : new String[] {"bat", "com", "dll", "exe", "hta", "pif", "vbs"}) {
            assertThat(result(table, "Content-Type: application/octet-stream; name=\"x." + extension + "\""))
                .as(extension).contains("REJECT");
            assertThat(result(table, "Content-Disposition: attachment; filename=x." + extension.toUpperCase()))
                .as(extension).contains("REJECT");
        }
        assertThat(result(table, "Content-Type: application/pdf; name=\"report.pdf\"")).isEmpty();
    }

    @Test
    void firstMatchingLineDecidesAndLineNumbersAreKept() {
        ContentTable table = table("# comment\n\n/^Subject:.*free/ WARN free stuff\n   # indented comment\n/^Subject:/ DUNNO\n/free/ REJECT\n");
        ContentTable.Match match = table.find("Subject: free beer").orElseThrow();
        assertThat(match.result()).isEqualTo("WARN free stuff");
        assertThat(match.line()).isEqualTo(3);
        assertThat(table.find("Subject: nothing").orElseThrow().line()).isEqualTo(5);
        assertThat(table.find("X-Note: free").orElseThrow().line()).isEqualTo(6);
    }

    @Test
    void flagIMakesThePatternCaseSensitive() {
        ContentTable table = table("/VIAGRA/i REJECT\n");
        assertThat(result(table, "VIAGRA")).contains("REJECT");
        assertThat(result(table, "viagra")).isEmpty();
    }

    @Test
    void flagMMakesAnchorsMatchAtNewlines() {
        ContentTable plain = table("/^two$/ REJECT\n");
        ContentTable multiLine = table("/^two$/m REJECT\n");
        assertThat(result(plain, "one\ntwo\nthree")).isEmpty();
        assertThat(result(multiLine, "one\ntwo\nthree")).contains("REJECT");
        // without m, newlines are not special: '.' crosses them as in POSIX regexec without REG_NEWLINE
        assertThat(result(table("/one.two/ REJECT\n"), "one\ntwo")).contains("REJECT");
        assertThat(result(table("/one.two/m REJECT\n"), "one\ntwo")).isEmpty();
    }

    @Test
    void flagXSwitchesToPosixBasicSyntax() {
        ContentTable basic = table("/^\\(ab\\)\\{2\\}+(c)$/x REPLACE X-Found: $1\n");
        assertThat(result(basic, "abab+(c)")).contains("REPLACE X-Found: ab");
        assertThat(result(basic, "ababc")).isEmpty();
        assertThat(result(table("/*star/x REJECT\n"), "a *star")).contains("REJECT");
    }

    @Test
    void negatedPatternMatchesWhatItDoesNotMatch() {
        ContentTable table = table("!/^Received:/ DUNNO\n/from evil/ REJECT\n");
        assertThat(result(table, "Subject: from evil")).contains("DUNNO");
        assertThat(result(table, "Received: from evil.example")).contains("REJECT");
    }

    @Test
    void oldExceptSyntaxMatchesFirstPatternButNotSecond() {
        ContentTable table = table("/^Subject:.*offer/!/newsletter/ HOLD\n");
        assertThat(result(table, "Subject: special offer")).contains("HOLD");
        assertThat(result(table, "Subject: newsletter offer")).isEmpty();
    }

    @Test
    void ifBlocksNestAndSkipWhenTheConditionFails() {
        ContentTable table = table("""
            if /^Subject:/
            if !/newsletter/
            /offer/ HOLD
            endif
            /newsletter.*offer/ WARN
            endif
            /offer/ REJECT
            """);
        assertThat(result(table, "Subject: offer")).contains("HOLD");
        assertThat(result(table, "Subject: newsletter offer")).contains("WARN");
        assertThat(result(table, "X-Note: offer")).contains("REJECT");
        assertThat(table.size()).isEqualTo(3);
    }

    @Test
    void continuationLinesJoinTheLogicalLine() {
        ContentTable table = table("/^Subject: (.*)$/\n    REJECT spam subject\n  \"$1\"\n/x/ WARN\n");
        ContentTable.Match match = table.find("Subject: buy now").orElseThrow();
        assertThat(match.result()).isEqualTo("REJECT spam subject  \"buy now\"");
        assertThat(match.line()).isEqualTo(1);
        assertThat(table.find("x").orElseThrow().line()).isEqualTo(4);
    }

    @Test
    void substitutionForms() {
        ContentTable table = table("/^(\\w+): (\\w+) (\\w+)/ WARN $1 ${2}x $(3) $$1 costs $\n");
        assertThat(result(table, "Subject: cheap pills here")).contains("WARN Subject cheapx pills $1 costs $");
    }

    @Test
    void unmatchedOptionalGroupIsEmpty() {
        ContentTable table = table("/^Subject: (re: )?(.*)/ WARN [$1][$2]\n");
        assertThat(result(table, "Subject: hello")).contains("WARN [][hello]");
    }

    @Test
    void submatchesAreLeftmostLongestAsPosix() {
        // PCRE (leftmost-first) would capture "a"; POSIX regexec, and so Postfix, captures "ab"
        ContentTable table = table("/^(a|ab)/ WARN $1\n");
        assertThat(result(table, "abc")).contains("WARN ab");
    }

    @Test
    void anyPunctuationDelimits() {
        ContentTable table = table("~^/path/to~  REJECT\n|a\\|b| WARN\n");
        assertThat(result(table, "/path/to/x")).contains("REJECT");
        assertThat(result(table, "xa|by")).contains("WARN");
    }

    @Test
    void hostilePatternAgainstLongLineFinishesPromptly() {
        ContentTable table = table("/(a+)+$/ REJECT\n/(x+x+)+y/ REJECT\n/(.*a){20}b/ REJECT\n");
        String line = "a".repeat(100_000) + "!";
        String other = "x".repeat(100_000);
        long start = System.nanoTime();
        assertThat(result(table, line)).isEmpty();
        assertThat(result(table, other)).isEmpty();
        // generous bound: a backtracking engine needs longer than the age of the universe here
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(20));
    }

    @Test
    void brokenTablesFailWithFileLineAndReason() {
        assertThatThrownBy(() -> table("/ok/ REJECT\n/(unclosed/ REJECT\n"))
            .hasMessageStartingWith("t:2: bad pattern /(unclosed/: missing closing )");
        assertThatThrownBy(() -> table("/(a)\\1/ REJECT\n"))
            .hasMessageStartingWith("t:1: backreference \\1 is not supported");
        assertThatThrownBy(() -> table("/foo(?=bar)/ REJECT\n"))
            .hasMessageStartingWith("t:1: lookaround (?= is not supported");
        assertThatThrownBy(() -> table("/a/q REJECT\n")).hasMessageStartingWith("t:1: unknown flag 'q'");
        assertThatThrownBy(() -> table("/a/\n")).hasMessageStartingWith("t:1: no result after the pattern /a/");
        assertThatThrownBy(() -> table("/a/ FROBNICATE\n")).hasMessageStartingWith("t:1: unknown action 'FROBNICATE'");
        assertThatThrownBy(() -> table("/a/ REDIRECT nobody\n")).hasMessageStartingWith("t:1: REDIRECT needs one address");
        assertThatThrownBy(() -> table("/(a)/ WARN $2\n")).hasMessageStartingWith("t:1: $2 refers to group 2 but the pattern has only 1");
        assertThatThrownBy(() -> table("!/(a)/ WARN $1\n")).hasMessageStartingWith("t:1: $1 in the result of a negated pattern");
        assertThatThrownBy(() -> table("/a/ REJECT\nendif\n")).hasMessageStartingWith("t:2: 'endif' without a matching 'if'");
        assertThatThrownBy(() -> table("if /a/\n/b/ REJECT\n")).hasMessageStartingWith("t:1: 'if' without a matching 'endif'");
        assertThatThrownBy(() -> table("if /a/ REJECT\nendif\n")).hasMessageStartingWith("t:1: text after the 'if' pattern");
        assertThatThrownBy(() -> table("  /a/ REJECT\n")).hasMessageStartingWith("t:1: line starts with whitespace");
        assertThatThrownBy(() -> table("/abc REJECT\n")).hasMessageStartingWith("t:1: pattern /abc REJECT has no closing '/'");
        assertThatThrownBy(() -> table("abc REJECT\n")).hasMessageStartingWith("t:1: expected a pattern such as /text/");
        assertThatThrownBy(() -> table("/a/ FILTER smtp:[127.0.0.1]:10025\n")).hasMessageStartingWith("t:1: FILTER needs the name of a James processor");
    }

    @Test
    void resultWithSubstitutedActionIsCheckedWhenUsedNotWhenLoaded() {
        ContentTable table = table("/^X-Action: (\\w+)/ $1\n");
        assertThat(result(table, "X-Action: bogus")).contains("bogus");
    }
}
