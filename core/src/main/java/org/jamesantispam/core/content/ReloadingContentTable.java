package org.jamesantispam.core.content;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A table file that follows its edits: {@link #current()} looks at the file's modification time and
 * size at most once a second (on use, no thread of its own) and parses it again when either changed.
 * Unlike Postfix (which needs {@code postfix reload}), an edit takes effect without a restart.
 *
 * <p>Failures: a table that cannot be read or parsed when this object is created throws
 * {@link IllegalArgumentException} ({@code file:line: reason}), so a broken configuration fails
 * startup. A broken edit later keeps the last good table in use and logs one ERROR naming the file,
 * line and reason (once per broken version of the file); a fixed edit is picked up and logged at INFO.
 */
public final class ReloadingContentTable {
    private static final Logger LOGGER = LoggerFactory.getLogger(ReloadingContentTable.class);
    private static final long CHECK_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(1);

    private record Version(FileTime modified, long size) {
    }

    private record State(ContentTable table, Version loaded, Version rejected) {
    }

    private final Path file;
    private final ContentTable.ResultValidator validator;
    private final LongSupplier nanoClock;
    private final AtomicReference<State> state;
    private volatile long nextCheck;

    private ReloadingContentTable(Path file, ContentTable.ResultValidator validator, LongSupplier nanoClock) {
        this.file = file;
        this.validator = validator;
        this.nanoClock = nanoClock;
        Version version = version().orElseThrow(() -> new IllegalArgumentException(file + ": no such file"));
        this.state = new AtomicReference<>(new State(read(), version, null));
        this.nextCheck = nanoClock.getAsLong() + CHECK_INTERVAL_NANOS;
    }

    /**
     * Loads {@code file} now and follows its edits.
     *
     * @throws IllegalArgumentException {@code file:line: reason}, or {@code file: reason} when unreadable
     */
    public static ReloadingContentTable open(Path file, ContentTable.ResultValidator validator) {
        return new ReloadingContentTable(file, validator, System::nanoTime);
    }

    /** As {@link #open(Path, ContentTable.ResultValidator)}, with a clock for tests. */
    static ReloadingContentTable open(Path file, ContentTable.ResultValidator validator, LongSupplier nanoClock) {
        return new ReloadingContentTable(file, validator, nanoClock);
    }

    /** The table file. */
    public Path file() {
        return file;
    }

    /** The table to use now: the file's latest good version. */
    public ContentTable current() {
        long now = nanoClock.getAsLong();
        if (now - nextCheck >= 0) {
            nextCheck = now + CHECK_INTERVAL_NANOS;
            refresh();
        }
        return state.get().table();
    }

    private synchronized void refresh() {
        State current = state.get();
        Version version = version().orElse(null);
        if (version == null) {
            if (current.rejected() == null || current.rejected().size() != -1) {
                LOGGER.error("content table {}: file is gone; keeping the {} rules loaded before", file, current.table().size());
                state.set(new State(current.table(), current.loaded(), new Version(FileTime.fromMillis(0), -1)));
            }
            return;
        }
        if (version.equals(current.loaded()) || version.equals(current.rejected())) {
            return;
        }
        try {
            ContentTable table = read();
            state.set(new State(table, version, null));
            LOGGER.info("content table {}: reloaded, {} rules", file, table.size());
        } catch (IllegalArgumentException e) {
            state.set(new State(current.table(), current.loaded(), version));
            LOGGER.error("content table {}: edit refused, keeping the {} rules loaded before: {}", file, current.table().size(), e.getMessage());
        }
    }

    private ContentTable read() {
        try {
            return ContentTable.load(file, validator);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException(file + ": no such file", e);
        } catch (IOException e) {
            throw new IllegalArgumentException(file + ": cannot read: " + e, e);
        }
    }

    private java.util.Optional<Version> version() {
        try {
            BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
            return java.util.Optional.of(new Version(attributes.lastModifiedTime(), attributes.size()));
        } catch (IOException e) {
            return java.util.Optional.empty();
        }
    }

    @Override
    public String toString() {
        return "ReloadingContentTable[" + file + "]";
    }
}
