package org.jamesantispam.core.spam;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AddressListTest {
    private static AddressList list(String text) {
        return AddressList.parse("S: <allowSenders>", text);
    }

    @Test
    void exactAddressesIgnoreCase() {
        AddressList list = list("Bob@Example.ORG");
        assertThat(list.contains("bob@example.org")).isTrue();
        assertThat(list.contains("BOB@EXAMPLE.ORG")).isTrue();
        assertThat(list.contains("bob2@example.org")).isFalse();
    }

    @Test
    void aBareDomainMatchesThatDomainOnly() {
        AddressList list = list("example.org");
        assertThat(list.contains("anyone@example.org")).isTrue();
        assertThat(list.contains("anyone@mail.example.org")).isFalse();
        assertThat(list.contains("anyone@notexample.org")).isFalse();
        assertThat(list("@example.org").contains("x@example.org")).isTrue();
    }

    @Test
    void aDotDomainMatchesTheDomainAndItsSubdomains() {
        AddressList list = list(".example.com");
        assertThat(list.contains("a@example.com")).isTrue();
        assertThat(list.contains("a@mail.example.com")).isTrue();
        assertThat(list.contains("a@deep.mail.example.com")).isTrue();
        assertThat(list.contains("a@badexample.com")).isFalse();
    }

    @Test
    void regularExpressionsAreFoundAnywhereIgnoringCase() {
        AddressList list = list("/^newsletter-[0-9]+@shop\\.example$/, /@(spam|junk)\\./");
        assertThat(list.contains("Newsletter-42@shop.example")).isTrue();
        assertThat(list.contains("newsletter-x@shop.example")).isFalse();
        assertThat(list.contains("a@junk.example.net")).isTrue();
    }

    @Test
    void regexpsMayContainCommasAndSpaces() {
        AddressList list = list("/^a{1,3}@x\\.test$/ b@y.test");
        assertThat(list.contains("aa@x.test")).isTrue();
        assertThat(list.contains("b@y.test")).isTrue();
        assertThat(list.size()).isEqualTo(2);
    }

    @Test
    void localPartAnywhereNullSenderAndEverything() {
        assertThat(list("mailer-daemon@").contains("MAILER-DAEMON@anything.test")).isTrue();
        assertThat(list("<>").contains("")).isTrue();
        assertThat(list("<>").contains("a@b.test")).isFalse();
        assertThat(list(".").contains("a@b.test")).isTrue();
        assertThat(list(".").contains("")).isTrue();
    }

    @Test
    void theFirstMatchDecidesAndNegationExcludes() {
        AddressList list = list("!boss@example.com, .example.com");
        assertThat(list.contains("boss@example.com")).isFalse();
        assertThat(list.contains("clerk@example.com")).isTrue();
        AddressList regexpNegation = list("!/^boss@/ .example.com");
        assertThat(regexpNegation.contains("boss@example.com")).isFalse();
    }

    @Test
    void readsEntriesFromFilesWithComments(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("allow.txt");
        Files.writeString(file, "# partners\n.partner.test\n\n/^billing .*@bank\\.test$/\n");
        AddressList list = list("a@b.test, file:" + file);
        assertThat(list.contains("a@b.test")).isTrue();
        assertThat(list.contains("x@eu.partner.test")).isTrue();
        assertThat(list.contains("billing team@bank.test")).isTrue();
        assertThat(list.size()).isEqualTo(3);
    }

    @Test
    void refusesBadEntriesNamingParameterAndValue(@TempDir Path dir) throws Exception {
        assertThatThrownBy(() -> list("/unclosed")).hasMessageContaining("S: <allowSenders>").hasMessageContaining("no closing /");
        assertThatThrownBy(() -> list("/a(b/")).hasMessageContaining("bad regular expression /a(b/");
        assertThatThrownBy(() -> list("a@b@c")).hasMessageContaining("'a@b@c'");
        assertThatThrownBy(() -> list("!")).hasMessageContaining("empty list entry");
        assertThatThrownBy(() -> list("file:" + dir.resolve("missing.txt"))).hasMessageContaining("cannot read list file");
        Path bad = dir.resolve("bad.txt");
        Files.writeString(bad, "ok@x.test\n/broken(/\n");
        assertThatThrownBy(() -> list("file:" + bad)).hasMessageContaining("line 2");
    }
}
