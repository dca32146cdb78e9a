package org.jamesantispam.core.table;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits the text of a Postfix table file into logical lines, with the rules every Postfix table
 * reader shares ({@code readlline}):
 * <ul>
 *   <li>empty lines, whitespace-only lines and lines whose first non-whitespace character is
 *       {@code #} are ignored;</li>
 *   <li>a logical line starts with non-whitespace text; a following line that starts with
 *       whitespace continues it (appended as it is, leading whitespace included);</li>
 *   <li>{@code CRLF} line ends are accepted.</li>
 * </ul>
 * A continuation line with nothing to continue is an error (Postfix warns and skips it; silently
 * skipping half of an entry is worse than refusing the file).
 */
public final class TableLines {
    private TableLines() {
    }

    /**
     * @param source the file name, for error messages
     * @param content the whole file
     * @throws TableSyntaxException for a continuation line at the start of the file
     */
    public static List<TableLine> of(String source, String content) {
        List<TableLine> lines = new ArrayList<>();
        StringBuilder current = null;
        int currentNumber = 0;
        int number = 0;
        int start = 0;
        while (start <= content.length()) {
            int end = content.indexOf('\n', start);
            if (end < 0) {
                end = content.length();
            }
            String physical = content.substring(start, end);
            if (physical.endsWith("\r")) {
                physical = physical.substring(0, physical.length() - 1);
            }
            number++;
            start = end + 1;
            String stripped = physical.strip();
            if (stripped.isEmpty() || stripped.startsWith("#")) {
                continue;
            }
            if (Character.isWhitespace(physical.charAt(0))) {
                if (current == null) {
                    throw new TableSyntaxException(source, number,
                        "a line starting with whitespace continues the previous entry, but there is none");
                }
                current.append(physical);
                continue;
            }
            if (current != null) {
                lines.add(new TableLine(currentNumber, current.toString().strip()));
            }
            current = new StringBuilder(physical);
            currentNumber = number;
        }
        if (current != null) {
            lines.add(new TableLine(currentNumber, current.toString().strip()));
        }
        return List.copyOf(lines);
    }
}
