package org.jamesantispam.core.spam;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.jamesantispam.core.spam.SpamHeaders.Field;
import org.jamesantispam.core.spamd.SpamdException;
import org.jamesantispam.core.spamd.SpamdException.Failure;
import org.junit.jupiter.api.Test;

class SpamHeadersTest {
    private static final SpamLevels LEVELS = new SpamLevels(-999, 3.0, 5.0, 10.0);

    private static RecipientVerdict verdict(Category category, Listing listing, ScanResult scan) {
        return new RecipientVerdict("alice@example.test", category, listing, false, true, LEVELS, scan);
    }

    private static List<Field> unfolded(List<Field> fields) {
        return fields.stream().map(field -> new Field(field.name(), field.value().replace("\r\n\t", " "))).toList();
    }

    @Test
    void spamHeadersAsAmavisWritesThem() {
        List<Field> fields = SpamHeaders.of(verdict(Category.SPAM, Listing.NONE, SpamJudgeTest.scanned(12.0, "ANTISPAM_TEST_SPAM", "NO_RELAYS")));
        assertThat(fields).hasSize(4).startsWith(
            new Field("X-Spam-Flag", "YES"),
            new Field("X-Spam-Score", "12.0"),
            new Field("X-Spam-Level", "************"));
        assertThat(fields.get(3).name()).isEqualTo("X-Spam-Status");
        assertThat(fields.get(3).value()).contains("\r\n\t");
        assertThat(fields.get(3).value().replace("\r\n\t", " "))
            .isEqualTo("Yes, score=12.0 tagged_above=-999.0 required=3.0 tests=[ANTISPAM_TEST_SPAM, NO_RELAYS]");
    }

    @Test
    void hamSaysNoWithEmptyLevel() {
        List<Field> fields = unfolded(SpamHeaders.of(verdict(Category.CLEAN, Listing.NONE, SpamJudgeTest.scanned(-0.1, "NO_RELAYS"))));
        assertThat(fields).contains(new Field("X-Spam-Flag", "NO"), new Field("X-Spam-Level", ""),
            new Field("X-Spam-Status", "No, score=-0.1 tagged_above=-999.0 required=3.0 tests=[NO_RELAYS]"));
    }

    @Test
    void withoutScoreTheStatusSaysWhy() {
        List<Field> unchecked = unfolded(SpamHeaders.of(verdict(Category.UNCHECKED, Listing.NONE,
            ScanResult.unchecked(new SpamdException(Failure.TIMEOUT, "slow"), 1))));
        assertThat(unchecked).containsExactly(new Field("X-Spam-Flag", "NO"),
            new Field("X-Spam-Status", "No, tagged_above=-999.0 required=3.0 tests=[] unchecked=timeout"));
        assertThat(SpamHeaders.status(verdict(Category.CLEAN, Listing.NONE, ScanResult.tooBig(9, 8)))).endsWith("skipped=size");
        assertThat(SpamHeaders.status(verdict(Category.SPAM, Listing.BLOCKED, ScanResult.notScanned())))
            .isEqualTo("Yes, tagged_above=-999.0 required=3.0 tests=[] listed=block");
        assertThat(SpamHeaders.status(verdict(Category.CLEAN, Listing.ALLOWED, SpamJudgeTest.scanned(1000, "GTUBE"))))
            .isEqualTo("No, score=1000.0 tagged_above=-999.0 required=3.0 tests=[GTUBE] listed=allow");
    }

    @Test
    void starsAreCappedAt50() {
        assertThat(SpamHeaders.stars(1000)).hasSize(50);
        assertThat(SpamHeaders.stars(3.9)).isEqualTo("***");
        assertThat(SpamHeaders.stars(-5)).isEmpty();
    }

    @Test
    void longStatusValuesAreFoldedBelow77Characters() {
        String[] rules = IntStream.range(0, 40).mapToObj(i -> "SOME_RULE_NUMBER_" + i).toArray(String[]::new);
        Field status = SpamHeaders.of(verdict(Category.SPAM, Listing.NONE, SpamJudgeTest.scanned(40, rules))).get(3);
        String[] lines = ("X-Spam-Status: " + status.value()).split("\r\n");
        assertThat(lines).allSatisfy(line -> assertThat(line.length()).isLessThanOrEqualTo(76));
        assertThat(status.value().replace("\r\n\t", " ")).contains(IntStream.range(0, 40).mapToObj(i -> "SOME_RULE_NUMBER_" + i)
            .collect(Collectors.joining(", ")));
    }

    @Test
    void recognisesItsOwnNames() {
        assertThat(SpamHeaders.isOurs("x-spam-status")).isTrue();
        assertThat(SpamHeaders.isOurs("X-Spam-Report")).isFalse();
    }
}
