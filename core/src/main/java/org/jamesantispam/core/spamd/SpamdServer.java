package org.jamesantispam.core.spamd;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Where the content filter's spamd runs, as {@code ScoreWithSpamd} was configured: registered in
 * {@link org.jamesantispam.core.runtime.ActiveComponents} so that webadmin can talk to the same
 * spamd (the quarantine routes teach it spam and ham).
 *
 * @param endpoints spamd addresses, tried in this order
 * @param connectTimeout TCP connect timeout, per host
 * @param replyTimeout per host, connect to end of reply
 */
public record SpamdServer(List<SpamdEndpoint> endpoints, Duration connectTimeout, Duration replyTimeout) {
    public SpamdServer {
        endpoints = List.copyOf(endpoints);
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        Objects.requireNonNull(replyTimeout, "replyTimeout");
        if (endpoints.isEmpty()) {
            throw new IllegalArgumentException("no spamd endpoint");
        }
    }

    /** A client for these endpoints and timeouts. */
    public SpamdClient client() {
        return new SpamdClient(endpoints, connectTimeout, replyTimeout);
    }
}
