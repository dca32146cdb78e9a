package org.jamesantispam.core.access;

import java.util.List;
import java.util.Optional;

/**
 * The right-hand side of a Postfix {@code access(5)} table line, parsed. Keywords are
 * case-insensitive.
 * <table>
 *   <caption>Results</caption>
 *   <tr><td>{@code OK}, {@code RELAY}, all digits</td><td>{@link Permit}</td></tr>
 *   <tr><td>{@code DUNNO}</td><td>{@link Dunno}: no decision, and no shorter key is tried</td></tr>
 *   <tr><td>{@code REJECT [X.Y.Z] [text]}</td><td>{@link Refuse} with 554 ({@code access_map_reject_code})</td></tr>
 *   <tr><td>{@code DEFER [X.Y.Z] [text]}</td><td>{@link Refuse} with 450 ({@code access_map_defer_code})</td></tr>
 *   <tr><td>{@code 4NN [X.Y.Z] text}, {@code 5NN [X.Y.Z] text}</td><td>{@link Refuse} with that code</td></tr>
 *   <tr><td>{@code DISCARD [text]}, {@code HOLD [text]}</td><td>{@link Discard}, {@link Hold}</td></tr>
 *   <tr><td>{@code WARN [text]}</td><td>{@link Warn}: logged, no decision</td></tr>
 *   <tr><td>{@code name[, name...]}</td><td>{@link Restrictions}: restriction classes to evaluate</td></tr>
 * </table>
 * Refused when the table is loaded: Postfix actions james-antispam does not implement
 * ({@code FILTER}, {@code REDIRECT}, {@code BCC}, {@code PREPEND}, {@code DEFER_IF_PERMIT},
 * {@code DEFER_IF_REJECT}, {@code DELAY}), a bare {@code 4NN}/{@code 5NN} without text (Postfix
 * would read an all-digit result as OK, surely not what was meant), a lookup table in a result
 * ({@code type:name}, which Postfix refuses too), anything else that is not a name.
 */
public sealed interface AccessResult {
    /** {@code OK}: this restriction list accepts. */
    record Permit() implements AccessResult {
    }

    /** {@code DUNNO}: no opinion. */
    record Dunno() implements AccessResult {
    }

    /** {@code WARN text}: log, no opinion. */
    record Warn(String text) implements AccessResult {
    }

    /**
     * {@code REJECT}, {@code DEFER}, {@code 4NN}, {@code 5NN}.
     *
     * @param enhancedStatus as written after the action, if any
     * @param text as written, empty when none (the reply then says {@code Access denied})
     */
    record Refuse(int code, Optional<String> enhancedStatus, String text) implements AccessResult {
    }

    /** {@code DISCARD text}: accept, then drop. */
    record Discard(String text) implements AccessResult {
    }

    /** {@code HOLD text}: accept, then keep aside. */
    record Hold(String text) implements AccessResult {
    }

    /** Restriction class names, evaluated in order until one decides. */
    record Restrictions(List<String> names) implements AccessResult {
        public Restrictions {
            names = List.copyOf(names);
        }
    }

    /**
     * A result that is not usable, found at lookup time (a regexp result whose {@code $n}
     * substitution produced something unusable): a server configuration error.
     */
    record Invalid(String result, String reason) implements AccessResult {
    }

    /** Postfix {@code access_map_reject_code}. */
    int REJECT_CODE = 554;
    /** Postfix {@code access_map_defer_code}. */
    int DEFER_CODE = 450;

    /**
     * @throws IllegalArgumentException saying what is wrong and what is expected
     */
    static AccessResult parse(String result) {
        return AccessResultParser.parse(result);
    }

    /**
     * A {@link org.jamesantispam.core.table.ResultCheck} for access tables: parses each result,
     * except those whose action word holds a {@code $n} reference (known at lookup time only).
     */
    static void check(String result) {
        String action = result.strip().split("\\s+", 2)[0];
        if (!action.contains("$")) {
            parse(result);
        }
    }
}
