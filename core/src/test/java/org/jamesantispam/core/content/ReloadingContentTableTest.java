package org.jamesantispam.core.content;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;

class ReloadingContentTableTest {
    @TempDir
    Path dir;

    private final AtomicLong clock = new AtomicLong();
    private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
    private final Logger logger = (Logger) LoggerFactory.getLogger(ReloadingContentTable.class);

    @BeforeEach
    void captureLogs() {
        logs.start();
        logger.addAppender(logs);
    }

    @AfterEach
    void releaseLogs() {
        logger.detachAppender(logs);
    }

    private void write(Path file, String text, int second) throws Exception {
        Files.writeString(file, text);
        Files.setLastModifiedTime(file, FileTime.from(Instant.ofEpochSecond(1_700_000_000L + second)));
    }

    private void tick() {
        clock.addAndGet(TimeUnit.MILLISECONDS.toNanos(1001));
    }

    @Test
    void anEditTakesEffectWithoutRestart() throws Exception {
        Path file = dir.resolve("header_checks");
        write(file, "/one/ REJECT\n", 0);
        ReloadingContentTable table = ReloadingContentTable.open(file, ContentAction::problem, clock::get);
        assertThat(table.current().find("one")).isPresent();
        write(file, "/two/ REJECT\n", 1);
        assertThat(table.current().find("two")).as("not looked at within the second").isEmpty();
        tick();
        assertThat(table.current().find("two")).isPresent();
        assertThat(table.current().find("one")).isEmpty();
        assertThat(logs.list).extracting(ILoggingEvent::getFormattedMessage).anyMatch(line -> line.contains("reloaded, 1 rules"));
    }

    @Test
    void aBrokenEditKeepsTheLastGoodTableAndLogsOnce() throws Exception {
        Path file = dir.resolve("body_checks");
        write(file, "/good/ REJECT\n", 0);
        ReloadingContentTable table = ReloadingContentTable.open(file, ContentAction::problem, clock::get);
        write(file, "/good/ REJECT\n/(broken/ REJECT\n", 1);
        for (int i = 0; i < 3; i++) {
            tick();
            assertThat(table.current().find("good")).isPresent();
        }
        assertThat(logs.list).filteredOn(event -> event.getLevel() == Level.ERROR).singleElement()
            .extracting(ILoggingEvent::getFormattedMessage).asString()
            .contains(file + ":2: bad pattern /(broken/").contains("keeping the 1 rules loaded before");
        write(file, "/fixed/ REJECT\n", 2);
        tick();
        assertThat(table.current().find("fixed")).isPresent();
    }

    @Test
    void aRemovedFileKeepsTheLastGoodTable() throws Exception {
        Path file = dir.resolve("t");
        write(file, "/good/ REJECT\n", 0);
        ReloadingContentTable table = ReloadingContentTable.open(file, ContentAction::problem, clock::get);
        Files.delete(file);
        tick();
        assertThat(table.current().find("good")).isPresent();
        tick();
        assertThat(table.current().find("good")).isPresent();
        assertThat(logs.list).filteredOn(event -> event.getLevel() == Level.ERROR).hasSize(1);
    }

    @Test
    void aBrokenTableAtStartupFailsWithFileAndLine() throws Exception {
        Path file = dir.resolve("t");
        write(file, "# rules\n/ok/ REJECT\n/bad/ NOPE\n", 0);
        assertThatThrownBy(() -> ReloadingContentTable.open(file, ContentAction::problem))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageStartingWith(file + ":3: unknown action 'NOPE'");
        assertThatThrownBy(() -> ReloadingContentTable.open(dir.resolve("missing"), ContentAction::problem))
            .hasMessage(dir.resolve("missing") + ": no such file");
    }
}
