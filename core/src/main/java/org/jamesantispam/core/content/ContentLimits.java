package org.jamesantispam.core.content;

/**
 * How much of a message the content checks look at, as Postfix bounds it.
 *
 * @param headerSizeLimit Postfix {@code header_size_limit} (default 102400): a logical header longer
 *     than this is cut to this many bytes before matching
 * @param bodyChecksSizeLimit Postfix {@code body_checks_size_limit} (default 51200): lines starting past
 *     this many bytes of a body segment (the text between two MIME boundaries) are not checked;
 *     0 checks every line, as in Postfix
 * @param lineLengthLimit Postfix {@code line_length_limit} (default 2048): longer body lines are
 *     checked in pieces of this many bytes
 * @param mimeNestingLimit Postfix {@code mime_nesting_limit} (default 100): deeper multiparts and
 *     attached messages are read as plain body
 */
public record ContentLimits(int headerSizeLimit, int bodyChecksSizeLimit, int lineLengthLimit, int mimeNestingLimit) {
    public static final ContentLimits POSTFIX_DEFAULTS = new ContentLimits(102400, 51200, 2048, 100);

    public ContentLimits {
        require("headerSizeLimit", headerSizeLimit, 1);
        require("bodyChecksSizeLimit", bodyChecksSizeLimit, 0);
        require("lineLengthLimit", lineLengthLimit, 80);
        require("mimeNestingLimit", mimeNestingLimit, 1);
    }

    private static void require(String name, int value, int minimum) {
        if (value < minimum) {
            throw new IllegalArgumentException(name + " is " + value + "; expected at least " + minimum);
        }
    }
}
