package org.jamesantispam.core.table;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A table file that follows its edits without a restart, the way Postfix daemons pick up a
 * {@code postmap}-ed table:
 * <ul>
 *   <li>{@link #open} reads the file once; a missing file or a bad line fails right there
 *       ({@code file:line: reason}), so a broken table stops startup;</li>
 *   <li>a lookup checks, at most once per {@code checkInterval}, the file's modification time,
 *       size and identity; when one changed the file is parsed again and, if good, replaces the
 *       table atomically;</li>
 *   <li>a broken edit (or a vanished file) keeps the last good table and is logged once as an
 *       ERROR with {@code file:line}, until the file changes again.</li>
 * </ul>
 * Lookups never block: they read an immutable snapshot through an {@link AtomicReference}; the
 * one lookup that wins the periodic check re-reads the file. Editors should replace the file
 * atomically (write a copy, then rename) so that a half-written file is never read; a half-written
 * file that happens to parse is replaced as soon as the complete file is seen.
 */
public final class ReloadingTable implements LookupTable {
    private static final Logger LOGGER = LoggerFactory.getLogger(ReloadingTable.class);

    private record FileStamp(FileTime modified, long size, Object fileKey) {
    }

    private record Snapshot(LookupTable table, FileStamp stamp) {
    }

    private final TableSpec spec;
    private final Path file;
    private final ResultCheck check;
    private final long checkIntervalNanos;
    private final LongSupplier nanoClock;
    private final AtomicReference<Snapshot> current = new AtomicReference<>();
    private final AtomicLong nextCheck;
    private final AtomicReference<FileStamp> lastReportedFailure = new AtomicReference<>();

    private ReloadingTable(TableSpec spec, Path file, ResultCheck check, Duration checkInterval, LongSupplier nanoClock) {
        this.spec = spec;
        this.file = file;
        this.check = check;
        this.checkIntervalNanos = checkInterval.toNanos();
        this.nanoClock = nanoClock;
        this.nextCheck = new AtomicLong(nanoClock.getAsLong() + checkIntervalNanos);
    }

    /**
     * Loads {@code file} as a table of {@code spec}'s type.
     *
     * @param check validates each result at load (and at every reload)
     * @param checkInterval how often lookups look at the file ({@link Duration#ZERO}: every lookup)
     * @throws TableSyntaxException {@code file:line: reason} for a bad line
     * @throws IllegalArgumentException when the file cannot be read
     */
    public static ReloadingTable open(TableSpec spec, Path file, ResultCheck check, Duration checkInterval) {
        return open(spec, file, check, checkInterval, System::nanoTime);
    }

    static ReloadingTable open(TableSpec spec, Path file, ResultCheck check, Duration checkInterval, LongSupplier nanoClock) {
        Objects.requireNonNull(check, "check");
        if (checkInterval.isNegative()) {
            throw new IllegalArgumentException("table " + spec + ": negative reload check interval " + checkInterval);
        }
        ReloadingTable table = new ReloadingTable(spec, file, check, checkInterval, nanoClock);
        try {
            table.current.set(table.read());
        } catch (IOException e) {
            throw new IllegalArgumentException("table " + spec + ": cannot read " + file + ": " + describe(e), e);
        }
        return table;
    }

    private Snapshot read() throws IOException {
        FileStamp stamp = stamp();
        String content = new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
        return new Snapshot(spec.type().parse(file.toString(), content, check), stamp);
    }

    private FileStamp stamp() throws IOException {
        BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
        return new FileStamp(attributes.lastModifiedTime(), attributes.size(), attributes.fileKey());
    }

    /** The table as configured, e.g. {@code hash:/etc/james/sender_access}. */
    public TableSpec spec() {
        return spec;
    }

    /** The file read. */
    public Path file() {
        return file;
    }

    @Override
    public Optional<TableEntry> find(String key) {
        reloadIfDue();
        return current.get().table().find(key);
    }

    @Override
    public boolean matchesPartialKeys() {
        return current.get().table().matchesPartialKeys();
    }

    /** Re-reads the file now if it changed, ignoring the check interval. */
    public void reloadIfChanged() {
        nextCheck.set(nanoClock.getAsLong() + checkIntervalNanos);
        reload();
    }

    private void reloadIfDue() {
        long now = nanoClock.getAsLong();
        long due = nextCheck.get();
        if (now - due < 0 || !nextCheck.compareAndSet(due, now + checkIntervalNanos)) {
            return;
        }
        reload();
    }

    private synchronized void reload() {
        Snapshot snapshot = current.get();
        FileStamp stamp;
        try {
            stamp = stamp();
        } catch (IOException e) {
            reportOnce(null, "cannot read " + file + ": " + describe(e));
            return;
        }
        if (stamp.equals(snapshot.stamp())) {
            return;
        }
        if (stamp.equals(lastReportedFailure.get())) {
            return;
        }
        try {
            Snapshot fresh = read();
            current.set(fresh);
            lastReportedFailure.set(null);
            LOGGER.info("table {}: reloaded {} after a change", spec, file);
        } catch (TableSyntaxException e) {
            reportOnce(stamp, e.getMessage());
        } catch (IOException e) {
            reportOnce(stamp, "cannot read " + file + ": " + describe(e));
        }
    }

    private void reportOnce(FileStamp stamp, String problem) {
        FileStamp marker = stamp == null ? new FileStamp(FileTime.fromMillis(0), -1, "unreadable") : stamp;
        if (!marker.equals(lastReportedFailure.getAndSet(marker))) {
            LOGGER.error("table {}: edit refused, still using the last good version: {}", spec, problem);
        }
    }

    private static String describe(IOException e) {
        return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : " " + e.getMessage());
    }

    @Override
    public String toString() {
        return spec.text();
    }
}
