package org.jamesantispam.core.content;

/**
 * The four Postfix content inspection classes: which lines of a message each table sees.
 */
public enum Scope {
    /** Primary message headers, except the MIME ones. Postfix {@code header_checks}. */
    HEADER("header_checks"),
    /**
     * MIME headers anywhere: {@code Content-Type}, {@code Content-Transfer-Encoding},
     * {@code Content-Disposition}, {@code Content-Description}, {@code Content-ID}, {@code MIME-Version}
     * of the message and of attached messages, and every header of a multipart body part. Postfix
     * {@code mime_header_checks} (default: the header_checks table).
     */
    MIME_HEADER("mime_header_checks"),
    /** Headers of attached {@code message/rfc822} parts, except the MIME ones. Postfix {@code nested_header_checks} (default: the header_checks table). */
    NESTED_HEADER("nested_header_checks"),
    /** Everything else, one line at a time: body lines, MIME boundaries, preambles and epilogues. Postfix {@code body_checks}. */
    BODY("body_checks");

    private final String postfixName;

    Scope(String postfixName) {
        this.postfixName = postfixName;
    }

    /** The Postfix parameter name, used in logs: {@code header_checks}, ... */
    public String postfixName() {
        return postfixName;
    }

    @Override
    public String toString() {
        return postfixName;
    }
}
