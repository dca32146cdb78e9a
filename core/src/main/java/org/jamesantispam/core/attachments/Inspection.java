package org.jamesantispam.core.attachments;

/**
 * The result of inspecting a message's attachment names: clean, banned (with the offending name and
 * where it was, e.g. {@code setup.exe in invoice.zip}), or unchecked (with why: a limit, a damaged
 * archive, an unreadable MIME structure).
 */
public record Inspection(Outcome outcome, String detail) {
    public static final Inspection CLEAN = new Inspection(Outcome.CLEAN, "");

    public enum Outcome { CLEAN, BANNED, UNCHECKED }

    public static Inspection banned(String detail) {
        return new Inspection(Outcome.BANNED, detail);
    }

    public static Inspection unchecked(String detail) {
        return new Inspection(Outcome.UNCHECKED, detail);
    }

    /** What the message counts as, given the operator's choice for incomplete inspections. */
    public Outcome verdict(OnLimit onLimit) {
        return outcome == Outcome.UNCHECKED && onLimit == OnLimit.BANNED ? Outcome.BANNED : outcome;
    }
}
