package org.jamesantispam.core.table;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

import org.jamesantispam.core.testing.TableFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RegexpTableTest {
    @TempDir
    Path dir;

    private RegexpTable table(String... lines) throws IOException {
        return RegexpTable.load(TableFiles.write(dir.resolve("checks"), lines));
    }

    private static Optional<String> result(RegexpTable table, String subject) {
        return table.find(subject).map(TableEntry::result);
    }

    private void assertRefused(String expectedReason, String... lines) {
        Path file = TableFiles.write(dir.resolve("broken"), lines);
        assertThatThrownBy(() -> RegexpTable.load(file))
            .isInstanceOf(TableSyntaxException.class)
            .hasMessageContaining(expectedReason);
    }

    @Test
    void firstMatchingRuleWinsInFileOrderWithItsLine() throws IOException {
        RegexpTable table = table(
            "# senders",
            "/^bob@/ REJECT first",
            "/@spam\\.test$/ REJECT second",
            "/./ OK");
        assertThat(table.find("bob@spam.test")).contains(new TableEntry("REJECT first", 2));
        assertThat(table.find("alice@spam.test")).contains(new TableEntry("REJECT second", 3));
        assertThat(table.find("alice@example.test")).contains(new TableEntry("OK", 4));
        assertThat(table.find("")).isEmpty();
    }

    @Test
    void matchesCaseInsensitivelyUnlessFlagIToggles() throws IOException {
        RegexpTable table = table(
            "/^VIAGRA$/i sensitive",
            "/^MONEY$/ insensitive");
        assertThat(result(table, "VIAGRA")).contains("sensitive");
        assertThat(result(table, "viagra")).isEmpty();
        assertThat(result(table, "money")).contains("insensitive");
    }

    @Test
    void negatedPatternAppliesWhenThePatternDoesNotMatch() throws IOException {
        RegexpTable table = table("!/\\.test$/ REJECT not ours");
        assertThat(result(table, "bob@example.org")).contains("REJECT not ours");
        assertThat(result(table, "bob@example.test")).isEmpty();
    }

    @Test
    void ifEndifBlocksNestAndNegate() throws IOException {
        RegexpTable table = table(
            "if /@example\\.test$/",
            "/^postmaster@/ OK",
            "if !/^alice@/",
            "/./ REJECT only alice",
            "endif",
            "endif",
            "/^postmaster@/ REJECT outside");
        assertThat(result(table, "postmaster@example.test")).contains("OK");
        assertThat(result(table, "alice@example.test")).isEmpty();
        assertThat(result(table, "bob@example.test")).contains("REJECT only alice");
        assertThat(result(table, "postmaster@other.test")).contains("REJECT outside");
        assertThat(result(table, "bob@other.test")).isEmpty();
    }

    @Test
    void ifAndEndifAreCaseInsensitiveKeywords() throws IOException {
        RegexpTable table = table("IF /a/", "/b/ both", "ENDIF");
        assertThat(result(table, "ab")).contains("both");
        assertThat(result(table, "b")).isEmpty();
    }

    @Test
    void continuationLinesExtendTheResult() throws IOException {
        RegexpTable table = table(
            "/^bob@/ REJECT you are",
            "    not welcome",
            "/^carol@/ OK");
        assertThat(table.find("bob@x")).contains(new TableEntry("REJECT you are    not welcome", 1));
        assertThat(table.find("carol@x")).contains(new TableEntry("OK", 3));
    }

    @Test
    void substitutesMatchedGroupsInTheResult() throws IOException {
        RegexpTable table = table(
            "/^([^@]+)@(spam\\.test)$/ REJECT $1 at ${2} (again $(1)) costs $$5",
            "/^(x)?(y+)$/ got [$1][$2]");
        assertThat(result(table, "bob@spam.test")).contains("REJECT bob at spam.test (again bob) costs $5");
        assertThat(result(table, "yy")).contains("got [][yy]");
    }

    @Test
    void dotMatchesNewlinesAndAnchorsAreWholeStringUnlessFlagM() throws IOException {
        RegexpTable table = table(
            "/^second$/m multi-line",
            "/first.second/ dot");
        assertThat(result(table, "first\nsecond")).contains("multi-line");
        RegexpTable plain = table("/^second$/ anchored", "/first.second/ dot");
        assertThat(result(plain, "first\nsecond")).contains("dot");
    }

    @Test
    void otherDelimitersAndEscapedDelimitersWork() throws IOException {
        RegexpTable table = table(
            "|^a/b$| pipes",
            "/^c\\/d$/ escaped");
        assertThat(result(table, "a/b")).contains("pipes");
        assertThat(result(table, "c/d")).contains("escaped");
    }

    @Test
    void backreferencesAreRefusedWithFileAndLine() {
        Path file = TableFiles.write(dir.resolve("backref"), "/^ok$/ OK", "/(a)\\1/ REJECT");
        assertThatThrownBy(() -> RegexpTable.load(file))
            .isInstanceOf(TableSyntaxException.class)
            .hasMessageStartingWith(file + ":2: pattern /(a)\\1/ is refused")
            .hasMessageContaining("backreferences");
    }

    @Test
    void lookaroundIsRefused() {
        assertRefused("broken:1: pattern /foo(?=bar)/ is refused", "/foo(?=bar)/ REJECT");
    }

    @Test
    void malformedRulesAreRefusedWithFileAndLine() {
        assertRefused("broken:1: no closing '/'", "/abc REJECT");
        assertRefused("broken:2: unknown flag 'q'", "/a/ OK", "/b/q OK");
        assertRefused("broken:1: flag 'x'", "/a/x OK");
        assertRefused("broken:1: pattern without a result", "/a/");
        assertRefused("broken:1: the result uses $2 but the pattern has only 1 group(s)", "/(a)/ REJECT $2");
        assertRefused("broken:1: $1 in the result of a negated pattern", "!/(a)/ REJECT $1");
        assertRefused("broken:1: '$name' in the result", "/(a)/ REJECT $name");
        assertRefused("broken:1: the form '/pattern1/!/pattern2/ result' is not supported", "/a/!/b/ REJECT");
        assertRefused("broken:3: endif without if", "if /a/", "endif", "endif");
        assertRefused("broken:2: if without endif", "/a/ OK", "if /b/", "/c/ OK");
        assertRefused("broken:1: text after the if condition", "if /a/ REJECT");
        assertRefused("broken:2: text after endif", "if /a/", "endif junk");
        assertRefused("broken:1: expected '/pattern/ result', 'if /pattern/' or 'endif'", "hello world");
    }

    @Test
    void resultCheckFailuresCarryFileAndLine() {
        Path file = TableFiles.write(dir.resolve("checked"), "/a/ OK", "/b/ FILTER x");
        ResultCheck noFilter = result -> {
            if (result.startsWith("FILTER")) {
                throw new IllegalArgumentException("FILTER is not supported");
            }
        };
        assertThatThrownBy(() -> RegexpTable.load(file, noFilter))
            .isInstanceOf(TableSyntaxException.class)
            .hasMessage(file + ":2: FILTER is not supported");
    }

    @Test
    void nestedQuantifiersOnAHundredKilobyteLineFinishPromptly() throws IOException {
        // A backtracking engine gives up on such patterns: java.util.regex needs about 13 s for
        // (.*a){12}z against 31 characters (measured on the build machine), exponentially more for longer input.
        RegexpTable table = table("/(a+)+$/ REJECT nested", "/(.*a){20}z/ REJECT repeated", "/^(a|aa)+b/ REJECT alternation");
        String subject = "a".repeat(100_000) + "c";
        Optional<TableEntry> found = assertTimeoutPreemptively(Duration.ofSeconds(20), () -> table.find(subject));
        assertThat(found).isEmpty();
        assertThat(assertTimeoutPreemptively(Duration.ofSeconds(20), () -> table.find("a".repeat(100_000))))
            .map(TableEntry::result).contains("REJECT nested");
    }
}
