package org.jamesantispam.core.spam;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.jamesantispam.core.spamd.ScoreFormat;

/**
 * The {@code X-Spam-*} header fields for one recipient, as amavis writes them:
 * <pre>
 * X-Spam-Flag: YES
 * X-Spam-Score: 12.3
 * X-Spam-Level: ************
 * X-Spam-Status: Yes, score=12.3 tagged_above=-999.0 required=3.0 tests=[ANTISPAM_TEST_SPAM, NO_RELAYS]
 * </pre>
 * {@code required} is the recipient's tag2 level (amavis' meaning, not spamd's
 * {@code required_score}). {@code X-Spam-Level} has one star per whole point (at most 50; empty
 * below 1). Without a score ({@code X-Spam-Score} and {@code X-Spam-Level} are then left out) the
 * status says why: {@code unchecked=timeout}, {@code skipped=size}; a listed sender adds
 * {@code listed=allow} or {@code listed=block}. Long status values are folded.
 */
public final class SpamHeaders {
    public static final String FLAG = "X-Spam-Flag";
    public static final String SCORE = "X-Spam-Score";
    public static final String LEVEL = "X-Spam-Level";
    public static final String STATUS = "X-Spam-Status";
    /** The names this filter writes; the same names supplied by the sender are removed. */
    public static final List<String> NAMES = List.of(FLAG, SCORE, LEVEL, STATUS);

    private static final int MAX_STARS = 50;
    private static final int FOLD_AT = 76;

    /** One header field. */
    public record Field(String name, String value) {
    }

    private SpamHeaders() {
    }

    public static List<Field> of(RecipientVerdict verdict) {
        List<Field> fields = new ArrayList<>();
        fields.add(new Field(FLAG, verdict.isSpammy() ? "YES" : "NO"));
        verdict.score().ifPresent(score -> {
            fields.add(new Field(SCORE, ScoreFormat.format(score)));
            fields.add(new Field(LEVEL, stars(score)));
        });
        fields.add(new Field(STATUS, fold(STATUS, status(verdict))));
        return fields;
    }

    /** {@code Yes, score=12.3 tagged_above=-999.0 required=3.0 tests=[...]}, unfolded. */
    public static String status(RecipientVerdict verdict) {
        StringBuilder status = new StringBuilder(verdict.isSpammy() ? "Yes" : "No").append(',');
        verdict.score().ifPresent(score -> status.append(" score=").append(ScoreFormat.format(score)));
        status.append(" tagged_above=").append(ScoreFormat.format(verdict.levels().tag()))
            .append(" required=").append(ScoreFormat.format(verdict.levels().tag2()))
            .append(" tests=[").append(verdict.scan().testsText()).append(']');
        if (verdict.listing() != Listing.NONE) {
            status.append(" listed=").append(verdict.listing() == Listing.ALLOWED ? "allow" : "block");
        }
        switch (verdict.scan().status()) {
            case UNCHECKED -> status.append(" unchecked=").append(verdict.scan().reason());
            case TOO_BIG -> status.append(" skipped=size");
            default -> {
            }
        }
        return status.toString();
    }

    static String stars(double score) {
        int count = (int) Math.min(MAX_STARS, Math.max(0, Math.floor(score)));
        return "*".repeat(count);
    }

    /** Folds at spaces so that no line of {@code name: value} is longer than 76 characters. */
    static String fold(String name, String value) {
        StringBuilder folded = new StringBuilder();
        int lineLength = name.length() + 2;
        for (String word : value.split(" ")) {
            if (folded.length() > 0) {
                if (lineLength + 1 + word.length() > FOLD_AT) {
                    folded.append("\r\n\t");
                    lineLength = 1;
                } else {
                    folded.append(' ');
                    lineLength++;
                }
            }
            folded.append(word);
            lineLength += word.length();
        }
        return folded.toString();
    }

    /** Whether {@code name} is one of {@link #NAMES}, case-insensitive. */
    public static boolean isOurs(String name) {
        return NAMES.stream().anyMatch(ours -> ours.toLowerCase(Locale.ROOT).equals(name.toLowerCase(Locale.ROOT)));
    }
}
