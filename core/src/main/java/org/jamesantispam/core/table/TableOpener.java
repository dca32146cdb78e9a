package org.jamesantispam.core.table;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * Opens tables from their Postfix specification ({@code hash:/etc/james/sender_access}), resolving
 * locations with a {@link TableLocator} and giving each table a reload check interval.
 * <pre>{@code
 * TableOpener opener = new TableOpener(TableLocator.plainPaths(), TableOpener.DEFAULT_CHECK_INTERVAL);
 * LookupTable table = opener.open("cidr:/etc/james/clients.cidr", ResultCheck.none());
 * }</pre>
 */
public final class TableOpener {
    /** Tables look at their file at most once a second. */
    public static final Duration DEFAULT_CHECK_INTERVAL = Duration.ofSeconds(1);

    private final TableLocator locator;
    private final Duration checkInterval;

    public TableOpener(TableLocator locator, Duration checkInterval) {
        this.locator = Objects.requireNonNull(locator, "locator");
        this.checkInterval = Objects.requireNonNull(checkInterval, "checkInterval");
        if (checkInterval.isNegative()) {
            throw new IllegalArgumentException("negative table check interval " + checkInterval);
        }
    }

    /** Plain file paths, checked for edits once a second. */
    public static TableOpener plainPaths() {
        return new TableOpener(TableLocator.plainPaths(), DEFAULT_CHECK_INTERVAL);
    }

    /**
     * @param spec {@code type:location}
     * @param check validates each result when the table is (re)loaded
     * @throws IllegalArgumentException for a bad specification, a location that cannot be
     *     resolved or read, or a bad line ({@link TableSyntaxException}, {@code file:line: reason})
     */
    public ReloadingTable open(String spec, ResultCheck check) {
        TableSpec parsed = TableSpec.parse(spec);
        Path file;
        try {
            file = locator.locate(parsed.location());
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("table " + parsed + ": cannot resolve '" + parsed.location() + "': " + e.getMessage(), e);
        }
        return ReloadingTable.open(parsed, file, check, checkInterval);
    }
}
