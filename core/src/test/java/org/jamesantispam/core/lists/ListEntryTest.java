package org.jamesantispam.core.lists;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class ListEntryTest {
    @ParameterizedTest
    @ValueSource(strings = {"bob@example.org", "example.org", "@example.org", ".example.org", "postmaster@", "<>", ".",
        "/^news-.*@shop\\.example$/", "!bob@example.org", "!.example.org", "user+tag@example.org", "/a b, c/"})
    void acceptsEveryFormOfTheConfiguredLists(String entry) {
        assertThat(ListEntry.of(SpamList.ALLOW_SENDERS, entry).pattern()).isEqualTo(entry);
    }

    @Test
    void canonicalFormIgnoresCaseAndSpacesButNotInsideARegexp() {
        assertThat(ListEntry.of(SpamList.BLOCK_SENDERS, "  Bob@Example.ORG ")).isEqualTo(ListEntry.of(SpamList.BLOCK_SENDERS, "bob@example.org"));
        assertThat(ListEntry.of(SpamList.BLOCK_SENDERS, "! .Example.org").pattern()).isEqualTo("!.example.org");
        assertThat(ListEntry.of(SpamList.BLOCK_SENDERS, "/^Bob@/").pattern()).isEqualTo("/^Bob@/");
    }

    @Test
    void aRecipientScopeIsPartOfTheEntry() {
        ListEntry scoped = ListEntry.of(SpamList.ALLOW_SENDERS, "bob@example.org", Optional.of("Alice@Example.test"));
        assertThat(scoped.recipient()).contains("alice@example.test");
        assertThat(scoped).isNotEqualTo(ListEntry.of(SpamList.ALLOW_SENDERS, "bob@example.org"));
        assertThat(ListEntry.of(SpamList.ALLOW_SENDERS, "bob@example.org", Optional.of(" ")).recipient()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "  ", "!", "bob smith@example.org", "a@b@c", "/unclosed", "/(/", "file:/etc/passwd",
        "bob@example.org\nevil@example.org", "tab\there", "a,b", "<bob@example.org>", "example..org", "example.org."})
    void refusesWhatIsNotAnEntryNamingItAndWhatIsExpected(String entry) {
        assertThatThrownBy(() -> ListEntry.of(SpamList.ALLOW_SENDERS, entry))
            .isInstanceOf(InvalidListEntryException.class)
            .hasMessageContaining("list allow-senders: entry '")
            .hasMessageContaining("expected an address (user@example.org), a domain (example.org), .domain");
    }

    @Test
    void aBadRegexpSaysWhatIsWrong() {
        assertThatThrownBy(() -> ListEntry.of(SpamList.BLOCK_SENDERS, "/a(b/"))
            .hasMessageContaining("'/a(b/'").hasMessageContaining("bad regular expression");
    }

    @Test
    void spamLoversTakeNoRecipientScope() {
        assertThatThrownBy(() -> ListEntry.of(SpamList.SPAM_LOVERS, "abuse@example.test", Optional.of("alice@example.test")))
            .isInstanceOf(InvalidListEntryException.class)
            .hasMessageContaining("spam-lovers").hasMessageContaining("expected no recipient");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/alice/", "!alice@example.test", "<>", ".", "a b@example.test", "a@b@c"})
    void aRecipientScopeIsAnAddressOrDomain(String scope) {
        assertThatThrownBy(() -> ListEntry.of(SpamList.ALLOW_SENDERS, "bob@example.org", Optional.of(scope)))
            .isInstanceOf(InvalidListEntryException.class)
            .hasMessageContaining("recipient '")
            .hasMessageContaining("expected an address (alice@example.test), a domain (example.test)");
    }

    @Test
    void listsAreNamedAsInUrls() {
        assertThat(SpamList.named("allow-senders")).contains(SpamList.ALLOW_SENDERS);
        assertThat(SpamList.named("block-senders")).contains(SpamList.BLOCK_SENDERS);
        assertThat(SpamList.named("spam-lovers")).contains(SpamList.SPAM_LOVERS);
        assertThat(SpamList.named("whitelist")).isEmpty();
        assertThat(SpamList.named("ALLOW-SENDERS")).isEmpty();
    }
}
