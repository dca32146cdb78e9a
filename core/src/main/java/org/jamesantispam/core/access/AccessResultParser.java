package org.jamesantispam.core.access;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jamesantispam.core.access.AccessResult.Discard;
import org.jamesantispam.core.access.AccessResult.Dunno;
import org.jamesantispam.core.access.AccessResult.Hold;
import org.jamesantispam.core.access.AccessResult.Permit;
import org.jamesantispam.core.access.AccessResult.Refuse;
import org.jamesantispam.core.access.AccessResult.Restrictions;
import org.jamesantispam.core.access.AccessResult.Warn;

/** Parsing rules of {@link AccessResult#parse}. */
final class AccessResultParser {
    private static final Pattern ENHANCED_STATUS = Pattern.compile("([245]\\.\\d{1,3}\\.\\d{1,3})(?:\\s+(.*))?", Pattern.DOTALL);
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.-]+");
    private static final Set<String> UNSUPPORTED = Set.of("FILTER", "REDIRECT", "BCC", "PREPEND", "DEFER_IF_PERMIT",
        "DEFER_IF_REJECT", "DELAY", "INFO", "REPLACE", "IGNORE", "PASS");
    private static final String EXPECTED = "expected OK, DUNNO, REJECT [text], DEFER [text], 4NN text, 5NN text,"
        + " DISCARD [text], HOLD [text], WARN [text] or restriction class names";

    private AccessResultParser() {
    }

    static AccessResult parse(String raw) {
        String value = raw.strip();
        if (value.isEmpty()) {
            throw new IllegalArgumentException("empty result; " + EXPECTED);
        }
        String[] words = value.split("\\s+", 2);
        String action = words[0];
        String text = words.length > 1 ? words[1].strip() : "";
        switch (action.toUpperCase(Locale.ROOT)) {
            case "OK":
            case "RELAY":
                return new Permit();
            case "DUNNO":
                return new Dunno();
            case "REJECT":
                return refuse(AccessResult.REJECT_CODE, text);
            case "DEFER":
                return refuse(AccessResult.DEFER_CODE, text);
            case "WARN":
                return new Warn(text);
            case "DISCARD":
                return new Discard(text);
            case "HOLD":
                return new Hold(text);
            default:
                break;
        }
        if (UNSUPPORTED.contains(action.toUpperCase(Locale.ROOT))) {
            throw new IllegalArgumentException("action " + action.toUpperCase(Locale.ROOT)
                + " is not supported in james-antispam access tables; " + EXPECTED);
        }
        if (isDigits(value)) {
            if (value.length() == 3 && (value.charAt(0) == '4' || value.charAt(0) == '5')) {
                throw new IllegalArgumentException("'" + value + "' has no text: Postfix reads an all-digit result as OK;"
                    + " write '" + value + " text' to refuse, or OK to accept");
            }
            return new Permit();
        }
        if (action.length() == 3 && isDigits(action) && (action.charAt(0) == '4' || action.charAt(0) == '5')) {
            return refuse(Integer.parseInt(action), text);
        }
        if (value.contains(":")) {
            throw new IllegalArgumentException("'" + value + "' names a lookup table, which a table result cannot"
                + " (as in Postfix); define a restriction class with it and name the class");
        }
        List<String> names = List.of(value.split("[\\s,]+"));
        for (String name : names) {
            if (!NAME.matcher(name).matches()) {
                throw new IllegalArgumentException("'" + value + "' is not an access result; " + EXPECTED);
            }
        }
        return new Restrictions(names);
    }

    private static Refuse refuse(int code, String text) {
        Matcher status = ENHANCED_STATUS.matcher(text);
        if (status.matches()) {
            return new Refuse(code, Optional.of(status.group(1)), status.group(2) == null ? "" : status.group(2).strip());
        }
        return new Refuse(code, Optional.empty(), text);
    }

    private static boolean isDigits(String text) {
        return !text.isEmpty() && text.chars().allMatch(c -> c >= '0' && c <= '9');
    }
}
