package org.jamesantispam.webadmin;

/**
 * A quarantine operation that cannot be done, with the HTTP status the routes answer (through
 * James' {@code ErrorResponder}): 400 bad input, 404 unknown id or no quarantine configured,
 * 409 a recipient that is not (any more) in quarantine, 502 spamd refused or did not answer.
 */
final class QuarantineException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    enum Kind {
        BAD_REQUEST(400),
        NOT_FOUND(404),
        CONFLICT(409),
        BAD_GATEWAY(502);

        private final int status;

        Kind(int status) {
            this.status = status;
        }

        int status() {
            return status;
        }
    }

    private final Kind kind;

    QuarantineException(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    QuarantineException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    Kind kind() {
        return kind;
    }

    static QuarantineException notFound(String id) {
        return new QuarantineException(Kind.NOT_FOUND, "no quarantined mail " + id + " (never quarantined, deleted, or released to all its recipients)");
    }
}
