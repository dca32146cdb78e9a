package org.jamesantispam.core.spam;

import java.util.Optional;
import java.util.OptionalDouble;

import org.jamesantispam.core.config.ParameterValues;
import org.jamesantispam.core.spam.SpamLevels.LevelName;
import org.jamesantispam.core.spamd.ScoreFormat;

/**
 * A score threshold in a condition: a number ({@code 3.0}) or the name of one of the recipient's
 * levels ({@code tag}, {@code tag2}, {@code kill}, {@code dsn_cutoff}), resolved per recipient.
 */
public final class Threshold {
    private final OptionalDouble value;
    private final Optional<LevelName> level;

    private Threshold(OptionalDouble value, Optional<LevelName> level) {
        this.value = value;
        this.level = level;
    }

    /** @throws IllegalArgumentException naming {@code parameter} when {@code text} is neither */
    public static Threshold parse(String parameter, String text) {
        Optional<LevelName> name = LevelName.of(text);
        if (name.isPresent()) {
            return new Threshold(OptionalDouble.empty(), name);
        }
        try {
            return new Threshold(OptionalDouble.of(ParameterValues.decimal(parameter, text)), Optional.empty());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(parameter + " is '" + text + "'; expected a score such as 3.0 or one of tag, tag2, kill, dsn_cutoff");
        }
    }

    public double resolve(SpamLevels levels) {
        return level.map(levels::level).orElseGet(value::getAsDouble);
    }

    @Override
    public String toString() {
        return level.map(LevelName::word).orElseGet(() -> ScoreFormat.format(value.getAsDouble()));
    }
}
