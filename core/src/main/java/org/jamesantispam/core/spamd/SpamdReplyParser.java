package org.jamesantispam.core.spamd;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jamesantispam.core.spamd.SpamdException.Failure;

/**
 * Reads the parts of a SPAMD/1.x reply:
 * <pre>
 * SPAMD/1.1 0 EX_OK
 * Content-length: 27
 * Spam: True ; 1000.0 / 5.0
 *
 * GTUBE,NO_RECEIVED,NO_RELAYS
 * </pre>
 * A non-zero status ({@code SPAMD/1.0 76 Bad header line: ...}), a missing or malformed
 * {@code Spam:} header, or anything that is not a SPAMD status line is a
 * {@link Failure#BAD_REPLY}.
 */
final class SpamdReplyParser {
    private static final Pattern STATUS = Pattern.compile("SPAMD/(\\d+\\.\\d+)\\s+(\\d+)\\s*(.*)");
    private static final Pattern SPAM = Pattern.compile("(true|false|yes|no)\\s*;\\s*(-?\\d+(?:\\.\\d+)?)\\s*/\\s*(-?\\d+(?:\\.\\d+)?)",
        Pattern.CASE_INSENSITIVE);
    private static final Pattern RULE_NAME = Pattern.compile("[A-Za-z0-9_.]+");
    /** A line of the report's table: score, rule name, description. */
    private static final Pattern REPORT_ROW = Pattern.compile("\\s*(-?\\d+(?:\\.\\d+)?)\\s+([A-Za-z0-9_.]+)(?:\\s.*)?");
    private static final String REPORT_RULER = "---- ";

    private SpamdReplyParser() {
    }

    /** Checks the status line; returns nothing when it is {@code SPAMD/1.x 0 ...}. */
    static void checkStatus(String statusLine) throws SpamdException {
        Matcher matcher = STATUS.matcher(statusLine.strip());
        if (!matcher.matches()) {
            throw new SpamdException(Failure.BAD_REPLY, "not a spamd reply: '" + abbreviate(statusLine) + "'");
        }
        if (!matcher.group(2).equals("0")) {
            throw new SpamdException(Failure.BAD_REPLY, "spamd error " + matcher.group(2) + ": " + abbreviate(matcher.group(3)));
        }
    }

    /** Builds the verdict from the reply headers (names lower-cased) and body. */
    static SpamdReply reply(Map<String, String> headers, String body, SpamdCommand command, SpamdEndpoint endpoint) throws SpamdException {
        String spam = headers.get("spam");
        if (spam == null) {
            throw new SpamdException(Failure.BAD_REPLY, "spamd reply has no Spam: header");
        }
        Matcher matcher = SPAM.matcher(spam.strip());
        if (!matcher.matches()) {
            throw new SpamdException(Failure.BAD_REPLY, "spamd reply has a malformed Spam: header: '" + abbreviate(spam) + "'");
        }
        String flag = matcher.group(1).toLowerCase(Locale.ROOT);
        boolean isSpam = flag.equals("true") || flag.equals("yes");
        double score = Double.parseDouble(matcher.group(2));
        double threshold = Double.parseDouble(matcher.group(3));
        List<RuleHit> rules = command == SpamdCommand.REPORT ? reportRules(body) : symbols(body);
        return new SpamdReply(isSpam, score, threshold, rules, endpoint);
    }

    /** {@code GTUBE,NO_RELAYS} -> two rules; surrounding white space ignored. */
    static List<RuleHit> symbols(String body) throws SpamdException {
        List<RuleHit> rules = new ArrayList<>();
        for (String name : body.strip().split("\\s*,\\s*")) {
            if (name.isEmpty()) {
                continue;
            }
            if (!RULE_NAME.matcher(name).matches()) {
                throw new SpamdException(Failure.BAD_REPLY, "spamd SYMBOLS reply has a bad rule name: '" + abbreviate(name) + "'");
            }
            rules.add(RuleHit.named(name));
        }
        return rules;
    }

    /**
     * The rows of the report's table, which follows a ruler line {@code ---- ------...}:
     * <pre>
     *  pts rule name              description
     * ---- ---------------------- ------------------------------------
     * -0.0 NO_RELAYS              Informational: message was not relayed via SMTP
     * 1000 GTUBE                  BODY: Generic Test for Unsolicited Bulk Email
     * </pre>
     * Continuation lines of long descriptions (no score) are skipped; the table ends at a blank line.
     * A report without a table yields no rules.
     */
    static List<RuleHit> reportRules(String body) {
        List<RuleHit> rules = new ArrayList<>();
        boolean inTable = false;
        for (String line : body.split("\r?\n")) {
            if (!inTable) {
                inTable = line.startsWith(REPORT_RULER);
                continue;
            }
            if (line.isBlank()) {
                break;
            }
            Matcher row = REPORT_ROW.matcher(line);
            if (row.matches()) {
                rules.add(RuleHit.scored(row.group(2), Double.parseDouble(row.group(1))));
            }
        }
        return rules;
    }

    static String abbreviate(String text) {
        String printable = text.replaceAll("[\\p{Cntrl}]", "?");
        return printable.length() <= 120 ? printable : printable.substring(0, 120) + "...";
    }
}
