package org.jamesantispam.core.spamd;

import java.util.Objects;
import java.util.OptionalDouble;

/**
 * A SpamAssassin rule that hit, e.g. {@code GTUBE}, with its score when spamd reported it
 * ({@link SpamdCommand#REPORT}).
 */
public record RuleHit(String name, OptionalDouble score) {
    public RuleHit {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(score, "score");
    }

    public static RuleHit named(String name) {
        return new RuleHit(name, OptionalDouble.empty());
    }

    public static RuleHit scored(String name, double score) {
        return new RuleHit(name, OptionalDouble.of(score));
    }

    /** {@code GTUBE} or {@code GTUBE=1000}. */
    @Override
    public String toString() {
        return score.isPresent() ? name + "=" + ScoreFormat.format(score.getAsDouble()) : name;
    }
}
