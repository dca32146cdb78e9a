package org.jamesantispam.core.restrictions;

import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An SMTP reply as Postfix gives it: basic code, enhanced status code (RFC 3463) and text, e.g.
 * {@code 554 5.7.1 Service unavailable; Client host [192.0.2.1] blocked using bl.example.test}.
 */
public record Reply(int code, String enhancedStatus, String text) {
    private static final Pattern ENHANCED = Pattern.compile("[245]\\.\\d{1,3}\\.\\d{1,3}");
    private static final Pattern CODE_AND_TEXT = Pattern.compile("([45]\\d\\d)(?:\\s+([245]\\.\\d{1,3}\\.\\d{1,3}))?(?:\\s+(.*))?", Pattern.DOTALL);

    public Reply {
        if (code < 400 || code > 599) {
            throw new IllegalArgumentException("reply code " + code + " is not a 4XX or 5XX code");
        }
        Objects.requireNonNull(enhancedStatus, "enhancedStatus");
        if (!ENHANCED.matcher(enhancedStatus).matches() || enhancedStatus.charAt(0) != Integer.toString(code).charAt(0)) {
            throw new IllegalArgumentException("enhanced status " + enhancedStatus + " does not fit reply code " + code);
        }
        Objects.requireNonNull(text, "text");
    }

    /**
     * Parses {@code "450 4.7.1 text"} or {@code "550 text"} (the enhanced code is then derived from the
     * basic one, {@code X.7.1} as Postfix does for access-table replies).
     *
     * @throws IllegalArgumentException when the text does not start with a 4XX/5XX code
     */
    public static Reply parse(String reply) {
        Matcher matcher = CODE_AND_TEXT.matcher(reply.strip());
        if (!matcher.matches()) {
            throw new IllegalArgumentException("'" + reply + "' is not an SMTP reply; expected 4NN or 5NN, optional X.Y.Z, text");
        }
        int code = Integer.parseInt(matcher.group(1));
        String enhanced = matcher.group(2) != null ? matcher.group(2) : matcher.group(1).charAt(0) + ".7.1";
        if (enhanced.charAt(0) != matcher.group(1).charAt(0)) {
            throw new IllegalArgumentException("'" + reply + "': enhanced status " + enhanced + " does not fit reply code " + code);
        }
        return new Reply(code, enhanced, matcher.group(3) == null ? "" : matcher.group(3));
    }

    public boolean isPermanent() {
        return code >= 500;
    }

    /** The reply with another text, same codes. */
    public Reply withText(String newText) {
        return new Reply(code, enhancedStatus, newText);
    }

    /** {@code 554 5.7.1 text}, as sent on the wire (without CRLF). */
    public String line() {
        return code + " " + enhancedStatus + (text.isEmpty() ? "" : " " + text);
    }

    @Override
    public String toString() {
        return line();
    }
}
