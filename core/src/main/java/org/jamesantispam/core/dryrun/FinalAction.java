package org.jamesantispam.core.dryrun;

/** What finally happens to a recipient of a dry-run message. */
public enum FinalAction {
    /** Refused with a 5XX reply (in the SMTP dialogue, or kept in a reject repository after acceptance). */
    REJECT,
    /** Refused with a 4XX reply: the client retries later. */
    DEFER,
    /** Accepted, then dropped silently. */
    DISCARD,
    /** Accepted and kept aside for an operator (a hold repository). */
    HOLD,
    /** Replaced by another recipient (content rule REDIRECT). */
    REDIRECT,
    /** Sent on to another processor (content rule FILTER). */
    FILTER,
    /** Dropped, and the sender gets a non-delivery notice (spam destiny D_BOUNCE). */
    BOUNCE,
    /** Delivered (local mailbox or relay), possibly tagged. */
    DELIVER
}
