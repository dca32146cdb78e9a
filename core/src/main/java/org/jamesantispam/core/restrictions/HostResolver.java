package org.jamesantispam.core.restrictions;

/**
 * DNS look-ups the restrictions need, with the answer "the name does not exist" kept apart from
 * "the DNS did not answer": only the first may ever lead to a permanent refusal.
 */
public interface HostResolver {
    enum Lookup {
        /** The name has at least one record of the kinds asked for. */
        FOUND,
        /** The DNS answered that it has none (NXDOMAIN, or no such record). */
        NOT_FOUND,
        /** No answer: timeout, SERVFAIL, network error. */
        FAILED
    }

    /** Whether {@code name} has an A, AAAA or MX record (Postfix's "host not found" test). */
    Lookup addressOrMx(String name);
}
