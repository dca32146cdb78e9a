package org.jamesantispam.core.spam;

import java.util.Objects;
import java.util.function.Predicate;

/**
 * The {@link SpamPolicy} read from configuration: allow and block lists of senders, spam lovers,
 * local domains (an {@link AddressList} each), default levels and a {@link LevelTable} of
 * per-recipient overrides. When no local-domain list is configured, {@code defaultIsLocal}
 * decides (James' own domain list).
 */
public final class ConfiguredSpamPolicy implements SpamPolicy {
    private final AddressList allowSenders;
    private final AddressList blockSenders;
    private final AddressList spamLovers;
    private final AddressList localDomains;
    private final Predicate<String> defaultIsLocal;
    private final SpamLevels defaults;
    private final LevelTable levelTable;

    public ConfiguredSpamPolicy(AddressList allowSenders, AddressList blockSenders, AddressList spamLovers,
                                AddressList localDomains, Predicate<String> defaultIsLocal,
                                SpamLevels defaults, LevelTable levelTable) {
        this.allowSenders = Objects.requireNonNull(allowSenders);
        this.blockSenders = Objects.requireNonNull(blockSenders);
        this.spamLovers = Objects.requireNonNull(spamLovers);
        this.localDomains = Objects.requireNonNull(localDomains);
        this.defaultIsLocal = Objects.requireNonNull(defaultIsLocal);
        this.defaults = Objects.requireNonNull(defaults);
        this.levelTable = Objects.requireNonNull(levelTable);
    }

    @Override
    public Listing senderListing(String sender, String recipient) {
        if (allowSenders.contains(sender)) {
            return Listing.ALLOWED;
        }
        if (blockSenders.contains(sender)) {
            return Listing.BLOCKED;
        }
        return Listing.NONE;
    }

    @Override
    public boolean isSpamLover(String recipient) {
        return spamLovers.contains(recipient);
    }

    @Override
    public boolean isLocal(String recipient) {
        return localDomains.isEmpty() ? defaultIsLocal.test(recipient) : localDomains.contains(recipient);
    }

    @Override
    public SpamLevels levels(String recipient) {
        return levelTable.levelsFor(recipient, defaults);
    }
}
