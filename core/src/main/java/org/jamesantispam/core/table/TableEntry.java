package org.jamesantispam.core.table;

/**
 * What a table answered for a lookup key: the result text (for a regexp table, with {@code $1}...
 * substituted) and the line of the table that gave it, for logs.
 */
public record TableEntry(String result, int line) {
}
