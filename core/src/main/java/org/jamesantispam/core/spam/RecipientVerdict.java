package org.jamesantispam.core.spam;

import java.util.Objects;
import java.util.OptionalDouble;

/**
 * The filter's verdict for one recipient: its category, why (scan result, sender listing), and the
 * recipient's levels, spam-lover and local flags. Stored on the mail (see {@code SpamAttributes}) so
 * matchers and mailets further down the pipeline act per recipient.
 */
public record RecipientVerdict(String recipient, Category category, Listing listing, boolean spamLover, boolean local,
                               SpamLevels levels, ScanResult scan) {
    public RecipientVerdict {
        Objects.requireNonNull(recipient);
        Objects.requireNonNull(category);
        Objects.requireNonNull(listing);
        Objects.requireNonNull(levels);
        Objects.requireNonNull(scan);
    }

    /** SpamAssassin's score for this recipient, when the message was scanned. */
    public OptionalDouble score() {
        return scan.score();
    }

    /**
     * Whether the message counts as scoring at least {@code threshold} for this recipient: an
     * allow-listed sender never does, a block-listed sender always does, an unscanned message
     * never does.
     */
    public boolean reaches(double threshold) {
        return switch (listing) {
            case ALLOWED -> false;
            case BLOCKED -> true;
            case NONE -> scan.score().isPresent() && scan.score().getAsDouble() >= threshold;
        };
    }

    /** Spam at the kill level for a recipient who is not a spam lover: the final destiny applies. */
    public boolean isBlocked() {
        return category == Category.SPAM && !spamLover;
    }

    /** Spammy or spam: {@code X-Spam-Flag: YES}, subject tag. */
    public boolean isSpammy() {
        return category == Category.SPAMMY || category == Category.SPAM;
    }

    /**
     * Whether this recipient gets the {@code X-Spam-*} headers: local recipients when the score is
     * at or above their tag level, or when there is no score to compare (listed, unchecked, too big:
     * the headers then say why).
     */
    public boolean wantsHeaders() {
        if (!local) {
            return false;
        }
        return listing != Listing.NONE || scan.score().isEmpty() || scan.score().getAsDouble() >= levels.tag();
    }

    /** The stored text form (see {@link #decode}). */
    public String encode() {
        KeyValues values = KeyValues.create()
            .put("category", category.name())
            .put("listing", listing.name())
            .put("lover", spamLover)
            .put("local", local)
            .put("tag", levels.tag())
            .put("tag2", levels.tag2())
            .put("kill", levels.kill())
            .put("dsnCutoff", levels.dsnCutoff());
        return scan.fields(values).encode();
    }

    /** @throws IllegalArgumentException when {@code text} is not an encoded verdict */
    public static RecipientVerdict decode(String recipient, String text) {
        try {
            KeyValues values = KeyValues.decode(text);
            SpamLevels levels = new SpamLevels(values.requireDecimal("tag"), values.requireDecimal("tag2"),
                values.requireDecimal("kill"), values.requireDecimal("dsnCutoff"));
            return new RecipientVerdict(recipient, Category.valueOf(values.require("category")),
                Listing.valueOf(values.require("listing")), values.bool("lover"), values.bool("local"), levels,
                ScanResult.from(values));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("not a stored spam verdict for " + recipient + ": " + text, e);
        }
    }
}
