package org.jamesantispam.core.lists;

import java.util.Objects;

import org.jamesantispam.core.spam.Listing;
import org.jamesantispam.core.spam.SpamLevels;
import org.jamesantispam.core.spam.SpamPolicy;

/**
 * A {@link SpamPolicy} that adds the run-time lists of a {@link SpamListStore} to a configured
 * policy: a sender is allowed when either allows it, else blocked when either blocks it (allow
 * wins over block, as amavis does); a recipient is a spam lover when either says so. Local
 * domains and levels come from the configured policy.
 *
 * <p>Every lookup reads the store's current {@link ListSnapshot} (a volatile read, no I/O), so a
 * webadmin edit changes the outcome of the next message.
 */
public final class StoredListsSpamPolicy implements SpamPolicy {
    private final SpamPolicy configured;
    private final SpamListStore store;

    public StoredListsSpamPolicy(SpamPolicy configured, SpamListStore store) {
        this.configured = Objects.requireNonNull(configured);
        this.store = Objects.requireNonNull(store);
    }

    @Override
    public Listing senderListing(String sender, String recipient) {
        Listing listing = configured.senderListing(sender, recipient);
        if (listing == Listing.ALLOWED) {
            return listing;
        }
        ListSnapshot lists = store.snapshot();
        if (lists.allows(sender, recipient)) {
            return Listing.ALLOWED;
        }
        if (listing == Listing.BLOCKED || lists.blocks(sender, recipient)) {
            return Listing.BLOCKED;
        }
        return Listing.NONE;
    }

    @Override
    public boolean isSpamLover(String recipient) {
        return configured.isSpamLover(recipient) || store.snapshot().isSpamLover(recipient);
    }

    @Override
    public boolean isLocal(String recipient) {
        return configured.isLocal(recipient);
    }

    @Override
    public SpamLevels levels(String recipient) {
        return configured.levels(recipient);
    }
}
