package org.jamesantispam.core.lists;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;

import org.jamesantispam.core.spam.AddressList;
import org.jamesantispam.core.spam.ConfiguredSpamPolicy;
import org.jamesantispam.core.spam.LevelTable;
import org.jamesantispam.core.spam.Listing;
import org.jamesantispam.core.spam.SpamLevels;
import org.jamesantispam.core.spam.SpamPolicy;
import org.junit.jupiter.api.Test;

class StoredListsSpamPolicyTest {
    private static final String ALICE = "alice@example.test";
    private static final String CAROL = "carol@example.test";

    private final InMemorySpamListStore store = new InMemorySpamListStore();

    private static SpamPolicy configured(String allow, String block, String lovers) {
        return new ConfiguredSpamPolicy(AddressList.parse("allowSenders", allow), AddressList.parse("blockSenders", block),
            AddressList.parse("spamLovers", lovers), AddressList.parse("localDomains", ".example.test"), r -> false,
            SpamLevels.DEFAULT, LevelTable.empty());
    }

    private SpamPolicy policy(SpamPolicy configured) {
        return new StoredListsSpamPolicy(configured, store);
    }

    private void add(SpamList list, String entry) {
        store.add(list, ListEntry.of(list, entry));
    }

    private void addFor(String recipient, SpamList list, String entry) {
        store.add(list, ListEntry.of(list, entry, Optional.of(recipient)));
    }

    @Test
    void withAnEmptyStoreTheConfiguredListsDecide() {
        SpamPolicy policy = policy(configured("friend@partner.test", ".blocked.test", "lover@example.test"));
        assertThat(policy.senderListing("friend@partner.test", ALICE)).isEqualTo(Listing.ALLOWED);
        assertThat(policy.senderListing("x@mx.blocked.test", ALICE)).isEqualTo(Listing.BLOCKED);
        assertThat(policy.senderListing("bob@example.org", ALICE)).isEqualTo(Listing.NONE);
        assertThat(policy.isSpamLover("lover@example.test")).isTrue();
        assertThat(policy.isSpamLover(ALICE)).isFalse();
        assertThat(policy.isLocal(ALICE)).isTrue();
        assertThat(policy.levels(ALICE)).isEqualTo(SpamLevels.DEFAULT);
    }

    @Test
    void theStoresEntriesAddToTheConfiguredOnesAndTakeEffectOnTheNextLookup() {
        SpamPolicy policy = policy(configured("", "", ""));
        assertThat(policy.senderListing("bob@example.org", ALICE)).isEqualTo(Listing.NONE);
        add(SpamList.BLOCK_SENDERS, "bob@example.org");
        assertThat(policy.senderListing("bob@example.org", ALICE)).isEqualTo(Listing.BLOCKED);
        add(SpamList.ALLOW_SENDERS, ".example.org");
        assertThat(policy.senderListing("bob@example.org", ALICE)).as("allow wins over block").isEqualTo(Listing.ALLOWED);
        store.remove(SpamList.ALLOW_SENDERS, ListEntry.of(SpamList.ALLOW_SENDERS, ".example.org"));
        assertThat(policy.senderListing("bob@example.org", ALICE)).isEqualTo(Listing.BLOCKED);
        add(SpamList.SPAM_LOVERS, ALICE);
        assertThat(policy.isSpamLover(ALICE)).isTrue();
        assertThat(policy.isSpamLover(CAROL)).isFalse();
    }

    @Test
    void allowWinsOverBlockWhicheverSideListsIt() {
        add(SpamList.ALLOW_SENDERS, "bob@example.org");
        assertThat(policy(configured("", "bob@example.org", "")).senderListing("bob@example.org", ALICE)).isEqualTo(Listing.ALLOWED);
        store.remove(SpamList.ALLOW_SENDERS, ListEntry.of(SpamList.ALLOW_SENDERS, "bob@example.org"));
        add(SpamList.BLOCK_SENDERS, "bob@example.org");
        assertThat(policy(configured("bob@example.org", "", "")).senderListing("bob@example.org", ALICE)).isEqualTo(Listing.ALLOWED);
    }

    @Test
    void aStoredNegationDoesNotUnlistAConfiguredEntry() {
        add(SpamList.BLOCK_SENDERS, "!bob@example.org");
        assertThat(policy(configured("", "bob@example.org", "")).senderListing("bob@example.org", ALICE)).isEqualTo(Listing.BLOCKED);
    }

    @Test
    void scopedEntriesApplyToTheirRecipientsOnlyAndComeFirst() {
        SpamPolicy policy = policy(configured("", "", ""));
        addFor(ALICE, SpamList.ALLOW_SENDERS, "newsletter@shop.example");
        assertThat(policy.senderListing("newsletter@shop.example", ALICE)).isEqualTo(Listing.ALLOWED);
        assertThat(policy.senderListing("newsletter@shop.example", CAROL)).isEqualTo(Listing.NONE);

        add(SpamList.BLOCK_SENDERS, ".spam.example");
        addFor(".example.test", SpamList.BLOCK_SENDERS, "!friend@spam.example");
        assertThat(policy.senderListing("friend@spam.example", ALICE)).as("scoped negation before the global entry").isEqualTo(Listing.NONE);
        assertThat(policy.senderListing("friend@spam.example", "someone@other.test")).isEqualTo(Listing.BLOCKED);
        assertThat(policy.senderListing("foe@spam.example", ALICE)).as("scope has no match: global decides").isEqualTo(Listing.BLOCKED);
    }

    @Test
    void theFirstMatchingEntryDecides() {
        SpamPolicy policy = policy(configured("", "", ""));
        add(SpamList.BLOCK_SENDERS, "!boss@example.org");
        add(SpamList.BLOCK_SENDERS, "example.org");
        assertThat(policy.senderListing("boss@example.org", ALICE)).isEqualTo(Listing.NONE);
        assertThat(policy.senderListing("other@example.org", ALICE)).isEqualTo(Listing.BLOCKED);
        add(SpamList.BLOCK_SENDERS, "/^ads-/");
        assertThat(policy.senderListing("ADS-1@shop.example", ALICE)).isEqualTo(Listing.BLOCKED);
        add(SpamList.BLOCK_SENDERS, "<>");
        assertThat(policy.senderListing("", ALICE)).isEqualTo(Listing.BLOCKED);
    }
}
