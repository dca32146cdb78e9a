package org.jamesantispam.core.table;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TableLinesTest {
    @Test
    void skipsCommentsAndBlankLinesAndKeepsFirstLineNumbers() {
        String content = "# header comment\n"
            + "\n"
            + "   \t\n"
            + "key1 value1\n"
            + "   # indented comment\n"
            + "key2 value2\n";
        assertThat(TableLines.of("t", content)).containsExactly(new TableLine(4, "key1 value1"), new TableLine(6, "key2 value2"));
    }

    @Test
    void joinsContinuationLinesKeepingTheirLeadingWhitespace() {
        String content = "key REJECT first\n"
            + "  second\n"
            + "# a comment inside does not end the entry\n"
            + "\tthird\n"
            + "next OK";
        assertThat(TableLines.of("t", content))
            .containsExactly(new TableLine(1, "key REJECT first  second\tthird"), new TableLine(5, "next OK"));
    }

    @Test
    void acceptsCrlfLineEnds() {
        assertThat(TableLines.of("t", "a b\r\n c\r\nd e\r\n")).containsExactly(new TableLine(1, "a b c"), new TableLine(3, "d e"));
    }

    @Test
    void refusesAContinuationLineWithNothingToContinue() {
        assertThatThrownBy(() -> TableLines.of("/etc/t", "# comment\n  orphan value\n"))
            .isInstanceOf(TableSyntaxException.class)
            .hasMessageStartingWith("/etc/t:2: ")
            .hasMessageContaining("continues");
    }
}
