package org.jamesantispam.core.table;

/**
 * Validates the result text of a table line while the table is loaded, so that a result its user
 * cannot act on fails at load time with {@code file:line}, not at the first lookup. Tables know
 * nothing of what results mean; their users (access tables, content checks) do.
 */
@FunctionalInterface
public interface ResultCheck {
    /**
     * @param result the result text of one table line; in a regexp table it may still hold
     *     {@code $1}... references, which are only known at lookup time
     * @throws IllegalArgumentException with the reason (without file and line) when it is unusable
     */
    void check(String result);

    /** Accepts every result. */
    static ResultCheck none() {
        return result -> {
        };
    }
}
