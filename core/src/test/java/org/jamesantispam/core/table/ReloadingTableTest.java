package org.jamesantispam.core.table;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import org.jamesantispam.core.testing.LogCapture;
import org.jamesantispam.core.testing.TableFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import ch.qos.logback.classic.Level;

class ReloadingTableTest {
    @TempDir
    Path dir;

    private ReloadingTable open(Path file, Duration interval) {
        return ReloadingTable.open(TableSpec.parse("hash:" + file), file, ResultCheck.none(), interval);
    }

    private static String resultFor(LookupTable table, String key) {
        return table.find(key).map(TableEntry::result).orElse("(none)");
    }

    @Test
    void anEditTakesEffectWithoutRestart() {
        Path file = TableFiles.write(dir.resolve("access"), "bob@spam.test REJECT");
        ReloadingTable table = open(file, Duration.ZERO);
        assertThat(resultFor(table, "bob@spam.test")).isEqualTo("REJECT");

        TableFiles.edit(file, "bob@spam.test OK", "carol@spam.test DEFER");
        assertThat(resultFor(table, "bob@spam.test")).isEqualTo("OK");
        assertThat(resultFor(table, "carol@spam.test")).isEqualTo("DEFER");
    }

    @Test
    void aFileReplacedByRenameIsSeen() throws IOException {
        Path file = TableFiles.write(dir.resolve("access"), "a OK");
        ReloadingTable table = open(file, Duration.ZERO);
        Path fresh = TableFiles.write(dir.resolve("access.new"), "a REJECT");
        Files.move(fresh, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        assertThat(resultFor(table, "a")).isEqualTo("REJECT");
    }

    @Test
    void aBrokenEditKeepsTheLastGoodTableAndIsLoggedOncePerChange() {
        Path file = TableFiles.write(dir.resolve("access"), "bob@spam.test REJECT");
        ReloadingTable table = open(file, Duration.ZERO);
        try (LogCapture log = LogCapture.of(ReloadingTable.class)) {
            TableFiles.edit(file, "bob@spam.test OK", "lonely-key");
            assertThat(resultFor(table, "bob@spam.test")).isEqualTo("REJECT");
            assertThat(resultFor(table, "bob@spam.test")).isEqualTo("REJECT");
            assertThat(log.messages(Level.ERROR)).singleElement().asString()
                .contains("hash:" + file)
                .contains(file + ":2: expected 'key result', found only 'lonely-key'")
                .contains("still using the last good version");

            TableFiles.edit(file, "bob@spam.test OK", "other-lonely-key");
            assertThat(resultFor(table, "bob@spam.test")).isEqualTo("REJECT");
            assertThat(log.messages(Level.ERROR)).hasSize(2);

            TableFiles.edit(file, "bob@spam.test OK");
            assertThat(resultFor(table, "bob@spam.test")).isEqualTo("OK");
            assertThat(log.messages(Level.INFO)).anySatisfy(line -> assertThat(line).contains("reloaded"));
        }
    }

    @Test
    void aDeletedFileKeepsTheLastGoodTable() throws IOException {
        Path file = TableFiles.write(dir.resolve("access"), "a REJECT");
        ReloadingTable table = open(file, Duration.ZERO);
        Files.delete(file);
        try (LogCapture log = LogCapture.of(ReloadingTable.class)) {
            assertThat(resultFor(table, "a")).isEqualTo("REJECT");
            assertThat(resultFor(table, "a")).isEqualTo("REJECT");
            assertThat(log.messages(Level.ERROR)).singleElement().asString().contains("cannot read " + file);
        }
        TableFiles.write(file, "a OK");
        assertThat(resultFor(table, "a")).isEqualTo("OK");
    }

    @Test
    void theFileIsLookedAtAtMostOncePerInterval() {
        AtomicLong clock = new AtomicLong(0);
        Path file = TableFiles.write(dir.resolve("access"), "a REJECT");
        ReloadingTable table = ReloadingTable.open(TableSpec.parse("hash:" + file), file, ResultCheck.none(),
            Duration.ofSeconds(1), clock::get);
        TableFiles.edit(file, "a OK");
        clock.set(Duration.ofMillis(999).toNanos());
        assertThat(resultFor(table, "a")).isEqualTo("REJECT");
        clock.set(Duration.ofMillis(1000).toNanos());
        assertThat(resultFor(table, "a")).isEqualTo("OK");
    }

    @Test
    void aBrokenLineAtStartupFailsWithFileAndLine() {
        Path file = TableFiles.write(dir.resolve("access"), "a OK", "b");
        assertThatThrownBy(() -> open(file, Duration.ZERO))
            .isInstanceOf(TableSyntaxException.class)
            .hasMessage(file + ":2: expected 'key result', found only 'b'");
    }

    @Test
    void aMissingFileAtStartupFailsNamingIt() {
        Path file = dir.resolve("missing");
        assertThatThrownBy(() -> open(file, Duration.ZERO))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("table hash:" + file + ": cannot read " + file + ": NoSuchFileException");
    }
}
