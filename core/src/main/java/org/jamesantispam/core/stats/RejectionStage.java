package org.jamesantispam.core.stats;

import java.util.Locale;

/**
 * Where a message (or one of its recipients) was refused: at an SMTP command, or in the mailet
 * pipeline after acceptance ({@code PIPELINE}: a content-check {@code REJECT} applied by
 * {@code ApplyContentChecks}, which routes the mail to its reject processor).
 */
public enum RejectionStage {
    CONNECT, HELO, MAIL, RCPT, DATA, PIPELINE;

    /** The stage of an SMTP command name: {@code HELO}/{@code EHLO}, {@code MAIL}, {@code RCPT}, {@code DATA}. */
    public static RejectionStage ofCommand(String command) {
        String upper = command.toUpperCase(Locale.ROOT);
        return switch (upper) {
            case "EHLO", "HELO" -> HELO;
            case "MAIL" -> MAIL;
            case "RCPT" -> RCPT;
            case "DATA" -> DATA;
            case "CONNECT" -> CONNECT;
            default -> throw new IllegalArgumentException("unknown SMTP command '" + command + "'");
        };
    }

    /** The lower-case name used in JSON and metric names: {@code rcpt}. */
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }
}
