package org.jamesantispam.core.lists;

/** A list entry (or recipient scope) that is not valid; the message names it and what is expected. */
public final class InvalidListEntryException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public InvalidListEntryException(String message) {
        super(message);
    }
}
