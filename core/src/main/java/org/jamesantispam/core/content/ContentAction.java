package org.jamesantispam.core.content;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jamesantispam.core.restrictions.Reply;

/**
 * The action of a header/body check, as written in the result of a table line: a keyword (any case)
 * and its argument, e.g. {@code REJECT no thanks}, {@code REDIRECT spam@example.test},
 * {@code PREPEND X-Checked: yes}. The keywords and their meaning are Postfix's header_checks(5);
 * {@code OK} is read as {@code DUNNO}, as Postfix does. {@code FILTER} names a James processor.
 */
public record ContentAction(Kind kind, String argument) {
    private static final Pattern DSN = Pattern.compile("([45])\\.(\\d{1,3})\\.(\\d{1,3})(?:\\s+|$)");
    private static final Pattern ADDRESS = Pattern.compile("[^\\s@<>]+@[^\\s@<>]+");
    private static final Pattern HEADER_LABEL = Pattern.compile("[!-9;-~]+:.*", Pattern.DOTALL);
    private static final Pattern PROCESSOR = Pattern.compile("[A-Za-z0-9_.\\-]+");

    /** What to do with the message (or the line) a rule matched. */
    public enum Kind {
        /** Refuse the whole message: in the SMTP dialogue, or routed to a processor after acceptance. */
        REJECT(Argument.OPTIONAL),
        /** Claim delivery and drop the message. */
        DISCARD(Argument.OPTIONAL),
        /** Keep the message aside (a processor storing it in a repository) until released. */
        HOLD(Argument.OPTIONAL),
        /** Deliver to this address instead of the recipients. */
        REDIRECT(Argument.ADDRESS),
        /** Send the message through this processor. */
        FILTER(Argument.PROCESSOR),
        /** Insert a line (a header line for header checks) before the matched one. */
        PREPEND(Argument.TEXT),
        /** Replace the matched line (a header line for header checks). */
        REPLACE(Argument.TEXT),
        /** Log at WARN level and go on. */
        WARN(Argument.OPTIONAL),
        /** Log at INFO level and go on. */
        INFO(Argument.OPTIONAL),
        /** Delete the matched line. */
        IGNORE(Argument.IGNORED),
        /** Delete the matched line, and log it. */
        STRIP(Argument.OPTIONAL),
        /** Pretend no rule matched this line. */
        DUNNO(Argument.IGNORED),
        /** Stop checking this message; deliver it normally. */
        PASS(Argument.OPTIONAL),
        /** Add this address as a (blind) recipient. */
        BCC(Argument.ADDRESS);

        private final Argument argument;

        Kind(Argument argument) {
            this.argument = argument;
        }

        /** Whether the action edits the message (and so needs the matched line's position). */
        public boolean editsMessage() {
            return this == PREPEND || this == REPLACE || this == IGNORE || this == STRIP;
        }

        /** Whether the action ends the checks of the message. */
        public boolean isFinal() {
            return this == REJECT || this == DISCARD || this == PASS;
        }
    }

    private enum Argument {
        OPTIONAL, TEXT, ADDRESS, PROCESSOR, IGNORED
    }

    /**
     * Parses a (substituted) table result.
     *
     * @throws IllegalArgumentException naming the problem: unknown keyword, missing or bad argument
     */
    public static ContentAction parse(String result) {
        String stripped = result.strip();
        int blank = 0;
        while (blank < stripped.length() && !Character.isWhitespace(stripped.charAt(blank))) {
            blank++;
        }
        String keyword = stripped.substring(0, blank).toUpperCase(Locale.ROOT);
        String argument = stripped.substring(blank).strip();
        if (keyword.equals("OK")) {
            keyword = "DUNNO";
        }
        Kind kind;
        try {
            kind = Kind.valueOf(keyword);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown action '" + stripped.substring(0, blank) + "'; expected one of "
                + Arrays.toString(Kind.values()).replaceAll("[\\[\\]]", ""));
        }
        switch (kind.argument) {
            case TEXT -> {
                if (argument.isEmpty()) {
                    throw new IllegalArgumentException(kind + " needs text, e.g. " + kind + " X-Checked: yes");
                }
            }
            case ADDRESS -> {
                if (!ADDRESS.matcher(argument).matches()) {
                    throw new IllegalArgumentException(kind + " needs one address user@domain, found '" + argument + "'");
                }
            }
            case PROCESSOR -> {
                if (!PROCESSOR.matcher(argument).matches()) {
                    throw new IllegalArgumentException(kind + " needs the name of a James processor (letters, digits, '.', '_', '-'), found '"
                        + argument + "'; Postfix transport:destination has no meaning here");
                }
            }
            case IGNORED -> argument = "";
            default -> {
            }
        }
        return new ContentAction(kind, argument);
    }

    /** The problem {@link #parse} would report, if any: a {@link ContentTable.ResultValidator}. */
    public static Optional<String> problem(String result) {
        try {
            parse(result);
            return Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.of(e.getMessage());
        }
    }

    /**
     * For {@link Kind#REJECT}: the SMTP reply, as Postfix gives it. {@code REJECT} alone is
     * {@code 550 5.7.1 message content rejected}; {@code REJECT text} is {@code 550 5.7.1 text}; a text
     * starting with an enhanced status code keeps it ({@code REJECT 4.7.1 try later} is
     * {@code 450 4.7.1 try later}).
     */
    public Reply reply() {
        String text = argument;
        String status = "5.7.1";
        Matcher dsn = DSN.matcher(text);
        if (dsn.lookingAt()) {
            status = dsn.group(1) + "." + dsn.group(2) + "." + dsn.group(3);
            text = text.substring(dsn.end());
        }
        if (text.isEmpty()) {
            text = "message content rejected";
        }
        return new Reply(status.charAt(0) == '4' ? 450 : 550, status, text);
    }

    /** Whether {@code text} can be a header line ({@code Name: value}), as PREPEND/REPLACE of a header need. */
    public static boolean isHeaderLine(String text) {
        return HEADER_LABEL.matcher(text).matches();
    }

    @Override
    public String toString() {
        return argument.isEmpty() ? kind.name() : kind + " " + argument;
    }
}
