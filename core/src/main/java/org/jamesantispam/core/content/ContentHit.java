package org.jamesantispam.core.content;

/**
 * One table rule that matched one line of a message: where (scope, table file, table line), what
 * (the matched text, cut for logs) and the action. {@code start}/{@code end} are the byte positions of
 * the matched line in the message as scanned (for PREPEND, REPLACE, IGNORE, STRIP); both are -1 for
 * a line of decoded body text, which has no place in the raw message.
 */
public record ContentHit(Scope scope, String table, int tableLine, String text, ContentAction action, long start, long end) {
    /** How much of a matched line logs and attributes show. */
    public static final int SHOWN_CHARACTERS = 200;

    public ContentHit {
        text = Text.forLog(text, SHOWN_CHARACTERS);
    }

    /** Whether the hit has a position in the raw message (so the line can be edited). */
    public boolean hasPosition() {
        return start >= 0;
    }

    /** {@code header_checks /etc/james/header_checks:3} */
    public String where() {
        return scope.postfixName() + " " + table + ":" + tableLine;
    }

    /** For logs and the mail attribute: {@code header_checks /conf/header_checks:3 REJECT: "Subject: Make Money"}. */
    public String describe() {
        return where() + " " + action + ": \"" + text + "\"";
    }

    @Override
    public String toString() {
        return describe();
    }
}
