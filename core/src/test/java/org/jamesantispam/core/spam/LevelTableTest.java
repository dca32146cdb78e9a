package org.jamesantispam.core.spam;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LevelTableTest {
    private static final SpamLevels DEFAULTS = new SpamLevels(-999, 3.0, 5.0, 10.0);

    @Test
    void firstMatchingRowOverridesTheGivenLevels(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("levels");
        Files.writeString(file, """
            # recipient        tag   tag2  kill  dsn_cutoff
            boss@example.test  -999  2.0   4.0
            .lists.example.test -    6.0   12.0  20
            .example.test      -     -     8.0
            """);
        LevelTable table = LevelTable.read("S: <levelsTable>", file, DEFAULTS);
        assertThat(table.levelsFor("Boss@example.test", DEFAULTS)).isEqualTo(new SpamLevels(-999, 2.0, 4.0, 10.0));
        assertThat(table.levelsFor("x@dev.lists.example.test", DEFAULTS)).isEqualTo(new SpamLevels(-999, 6.0, 12.0, 20.0));
        assertThat(table.levelsFor("alice@example.test", DEFAULTS)).isEqualTo(new SpamLevels(-999, 3.0, 8.0, 10.0));
        assertThat(table.levelsFor("someone@other.test", DEFAULTS)).isEqualTo(DEFAULTS);
    }

    @Test
    void refusesBadLinesWithTheirNumber() {
        assertThatThrownBy(() -> LevelTable.parse("T", List.of("a@b.test 1 2"), DEFAULTS))
            .hasMessageContaining("T line 1").hasMessageContaining("expected: recipient tag tag2 kill");
        assertThatThrownBy(() -> LevelTable.parse("T", List.of("# c", "a@b.test -999 x 5"), DEFAULTS))
            .hasMessageContaining("T line 2").hasMessageContaining("'x'");
        assertThatThrownBy(() -> LevelTable.parse("T", List.of("a@b.test - 9 6"), DEFAULTS))
            .hasMessageContaining("T line 1").hasMessageContaining("tag <= tag2 <= kill");
    }
}
