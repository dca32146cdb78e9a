package org.jamesantispam.core.table;

/**
 * A table file that cannot be used as written: the message is {@code file:line: what is wrong}, as
 * an operator needs it to fix the file (e.g.
 * {@code /etc/james/sender_access:12: expected 'key value', found only 'bob@spam.test'}).
 */
public class TableSyntaxException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final String source;
    private final int line;
    private final String reason;

    public TableSyntaxException(String source, int line, String reason) {
        super(source + ":" + line + ": " + reason);
        this.source = source;
        this.line = line;
        this.reason = reason;
    }

    /** The file (or other source) the table was read from. */
    public String source() {
        return source;
    }

    /** The 1-based line of the source where the problem is (the first line of a continued line). */
    public int line() {
        return line;
    }

    /** What is wrong, without the location. */
    public String reason() {
        return reason;
    }
}
