package org.jamesantispam.core.spam;

/**
 * The content category of a message for one recipient, as amavis names it in its log
 * ({@code Passed CLEAN}, {@code Passed SPAMMY}, {@code Blocked SPAM}, {@code Passed UNCHECKED}).
 * Ordered from harmless to worst.
 */
public enum Category {
    /** Below the recipient's tag2 level, an allow-listed sender, or not scanned because too large. */
    CLEAN,
    /** At or above tag2, below kill: delivered with the spam subject tag. */
    SPAMMY,
    /** At or above kill, or a block-listed sender: the spam destiny applies (unless a spam lover). */
    SPAM,
    /** The scan failed (spamd down, timeout, bad reply, all slots busy): delivered as it is, tagged. */
    UNCHECKED
}
