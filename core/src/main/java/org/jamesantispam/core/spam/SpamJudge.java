package org.jamesantispam.core.spam;

import java.util.Objects;

/**
 * Turns a scan result into a recipient's verdict with the {@link SpamPolicy}, as amavis does:
 * <ol>
 *   <li>allow-listed sender: {@link Category#CLEAN}, whatever the score;</li>
 *   <li>block-listed sender: {@link Category#SPAM};</li>
 *   <li>scan failed: {@link Category#UNCHECKED};</li>
 *   <li>not scanned (too big): {@link Category#CLEAN};</li>
 *   <li>score at or above kill: {@link Category#SPAM}; at or above tag2: {@link Category#SPAMMY};
 *       else {@link Category#CLEAN}.</li>
 * </ol>
 */
public final class SpamJudge {
    private final SpamPolicy policy;

    public SpamJudge(SpamPolicy policy) {
        this.policy = Objects.requireNonNull(policy);
    }

    /** Whether {@code recipient}'s verdict depends on the score, i.e. the sender is not listed for it. */
    public boolean needsScan(String sender, String recipient) {
        return policy.senderListing(sender, recipient) == Listing.NONE;
    }

    public RecipientVerdict judge(String sender, String recipient, ScanResult scan) {
        Listing listing = policy.senderListing(sender, recipient);
        SpamLevels levels = policy.levels(recipient);
        return new RecipientVerdict(recipient, category(listing, levels, scan), listing, policy.isSpamLover(recipient),
            policy.isLocal(recipient), levels, scan);
    }

    private static Category category(Listing listing, SpamLevels levels, ScanResult scan) {
        if (listing == Listing.ALLOWED) {
            return Category.CLEAN;
        }
        if (listing == Listing.BLOCKED) {
            return Category.SPAM;
        }
        return switch (scan.status()) {
            case UNCHECKED -> Category.UNCHECKED;
            case TOO_BIG, NOT_SCANNED -> Category.CLEAN;
            case SCANNED -> {
                double score = scan.score().getAsDouble();
                if (score >= levels.kill()) {
                    yield Category.SPAM;
                }
                yield score >= levels.tag2() ? Category.SPAMMY : Category.CLEAN;
            }
        };
    }
}
