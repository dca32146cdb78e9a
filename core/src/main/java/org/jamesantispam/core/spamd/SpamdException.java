package org.jamesantispam.core.spamd;

import java.io.IOException;
import java.util.Locale;

/** A scan that did not produce a verdict, with the reason as amavis would log it. */
public class SpamdException extends IOException {
    private static final long serialVersionUID = 1L;

    /** Why there is no verdict. */
    public enum Failure {
        /** No spamd could be reached (connection refused, unknown host, network down). */
        UNREACHABLE,
        /** spamd accepted the connection but did not answer in time. */
        TIMEOUT,
        /** spamd answered something that is not a SPAMC/1.x verdict, or an error code. */
        BAD_REPLY,
        /** All scan slots stayed busy until the deadline ({@code maxParallelScans}). */
        BUSY;

        /** {@code timeout}, {@code unreachable}, {@code bad-reply}, {@code busy}. */
        public String keyword() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    private final Failure failure;

    public SpamdException(Failure failure, String message) {
        super(message);
        this.failure = failure;
    }

    public SpamdException(Failure failure, String message, Throwable cause) {
        super(message, cause);
        this.failure = failure;
    }

    public Failure failure() {
        return failure;
    }
}
