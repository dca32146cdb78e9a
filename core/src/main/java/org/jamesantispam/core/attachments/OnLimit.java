package org.jamesantispam.core.attachments;

/** What a message that could not be fully inspected (limit reached, damaged archive) counts as. */
public enum OnLimit {
    /** As a banned attachment: refused like one. */
    BANNED,
    /** Delivered, marked for the {@code ***UNCHECKED*** } subject tag (amavis {@code $undecipherable_subject_tag}). */
    UNCHECKED
}
