package org.jamesantispam.core.spam;

/**
 * Whether a sender is on a list for a recipient (amavis {@code whitelist_sender} /
 * {@code blacklist_sender}). A listed sender's mail is not judged by its score.
 */
public enum Listing {
    NONE,
    /** Always delivered: never tagged, never quarantined. */
    ALLOWED,
    /** Always spam, at the kill level. */
    BLOCKED
}
