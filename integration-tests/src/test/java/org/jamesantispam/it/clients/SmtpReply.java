package org.jamesantispam.it.clients;

/**
 * One SMTP reply: its code and its whole text as the server sent it, without the final CRLF
 * (multi-line replies keep their line breaks).
 */
public record SmtpReply(int code, String text) {
    /** The reply as one line of text with code, e.g. {@code 550 5.7.1 Relay access denied}. */
    public String line() {
        return text.strip();
    }

    public boolean isPositive() {
        return code >= 200 && code < 400;
    }
}
