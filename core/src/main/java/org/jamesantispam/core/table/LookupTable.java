package org.jamesantispam.core.table;

import java.util.Optional;

/**
 * A Postfix lookup table: a key in, at most one result out. Implementations are immutable (or, for
 * {@link ReloadingTable}, swap immutable snapshots) and thread-safe.
 */
public interface LookupTable {
    /** The result for {@code key}, if the table has one. */
    Optional<TableEntry> find(String key);

    /**
     * Whether the table answers partial lookup keys: parent domains ({@code .example.com}),
     * networks ({@code 192.0.2}) and {@code user@}. Postfix gives those keys only to exact tables
     * ({@code hash:} ...); pattern tables ({@code regexp:}, {@code cidr:}) only see the full
     * string (address, name or IP address).
     */
    boolean matchesPartialKeys();
}
