package org.jamesantispam.core.table;

/**
 * One logical line of a Postfix table file: its text (continuation lines joined) and the number of
 * its first physical line (1-based), for error messages.
 */
public record TableLine(int number, String text) {
}
