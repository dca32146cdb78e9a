package org.jamesantispam.core.spam;

import org.jamesantispam.core.spamd.ScoreFormat;

/**
 * A recipient's spam levels (amavis {@code $sa_tag_level_deflt}, {@code $sa_tag2_level_deflt},
 * {@code $sa_kill_level_deflt}, {@code $sa_dsn_cutoff_level}):
 * <ul>
 *   <li>{@code tag}: from this score on, the {@code X-Spam-*} headers are written ({@code -999}: always);</li>
 *   <li>{@code tag2}: from here the message is spammy: {@code X-Spam-Flag: YES}, subject tag;</li>
 *   <li>{@code kill}: from here it is spam: quarantine, notice, final destiny;</li>
 *   <li>{@code dsnCutoff}: from here no non-delivery notice is sent even with {@code D_BOUNCE}.</li>
 * </ul>
 * Requires {@code tag <= tag2 <= kill}.
 */
public record SpamLevels(double tag, double tag2, double kill, double dsnCutoff) {
    /** tag -999 (headers for everyone), tag2 and kill 5.0 (SpamAssassin's required_score), DSN cut-off 10. */
    public static final SpamLevels DEFAULT = new SpamLevels(-999, 5.0, 5.0, 10.0);

    public SpamLevels {
        if (!(tag <= tag2 && tag2 <= kill)) {
            throw new IllegalArgumentException("spam levels must satisfy tag <= tag2 <= kill; got tag " + ScoreFormat.format(tag)
                + ", tag2 " + ScoreFormat.format(tag2) + ", kill " + ScoreFormat.format(kill));
        }
    }

    public double level(LevelName name) {
        return switch (name) {
            case TAG -> tag;
            case TAG2 -> tag2;
            case KILL -> kill;
            case DSN_CUTOFF -> dsnCutoff;
        };
    }

    /** The level names usable in conditions and tables. */
    public enum LevelName {
        TAG("tag"), TAG2("tag2"), KILL("kill"), DSN_CUTOFF("dsn_cutoff");

        private final String word;

        LevelName(String word) {
            this.word = word;
        }

        public String word() {
            return word;
        }

        public static java.util.Optional<LevelName> of(String word) {
            for (LevelName name : values()) {
                if (name.word.equalsIgnoreCase(word.strip())) {
                    return java.util.Optional.of(name);
                }
            }
            return java.util.Optional.empty();
        }
    }
}
