package org.jamesantispam.core.dnsbl;

import java.util.Objects;
import java.util.Optional;

/**
 * What {@link RejectRblClient} does when a blocklist could not be queried (timeout, network error,
 * SERVFAIL) and no other zone lists the client: {@link #dunno()} (Postfix's behaviour: the lookup
 * is ignored, logged and counted) or {@link #defer(RblReply)} a temporary refusal (default
 * {@code 450 4.7.1}, {@link RblReply#deferDefault()}) so the client retries later.
 */
public final class DnsblFailurePolicy {
    private static final DnsblFailurePolicy DUNNO = new DnsblFailurePolicy(null);

    private final RblReply deferReply;

    private DnsblFailurePolicy(RblReply deferReply) {
        this.deferReply = deferReply;
    }

    public static DnsblFailurePolicy dunno() {
        return DUNNO;
    }

    public static DnsblFailurePolicy defer() {
        return defer(RblReply.deferDefault());
    }

    /** @param reply a 4XX reply */
    public static DnsblFailurePolicy defer(RblReply reply) {
        Objects.requireNonNull(reply, "reply");
        if (reply.code() >= 500) {
            throw new IllegalArgumentException("DNSBL failure reply '" + reply
                + "' is permanent; a DNS failure may only defer: expected a 4XX reply, e.g. 450 4.7.1 ...");
        }
        return new DnsblFailurePolicy(reply);
    }

    /** The temporary reply, empty for {@link #dunno()}. */
    public Optional<RblReply> deferReply() {
        return Optional.ofNullable(deferReply);
    }

    @Override
    public String toString() {
        return deferReply == null ? "dunno" : "defer " + deferReply;
    }
}
