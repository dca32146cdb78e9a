package org.jamesantispam.core.spamd;

import java.util.List;
import java.util.Objects;

/**
 * What spamd answered for one message: its own spam verdict (score at or above its
 * {@code required_score}), the score, that threshold, the rules that hit, and which spamd answered.
 */
public record SpamdReply(boolean spam, double score, double threshold, List<RuleHit> rules, SpamdEndpoint endpoint) {
    public SpamdReply {
        rules = List.copyOf(rules);
        Objects.requireNonNull(endpoint, "endpoint");
    }
}
