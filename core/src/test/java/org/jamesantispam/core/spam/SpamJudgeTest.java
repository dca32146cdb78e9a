package org.jamesantispam.core.spam;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.OptionalDouble;

import org.jamesantispam.core.spamd.RuleHit;
import org.jamesantispam.core.spamd.SpamdEndpoint;
import org.jamesantispam.core.spamd.SpamdException;
import org.jamesantispam.core.spamd.SpamdException.Failure;
import org.jamesantispam.core.spamd.SpamdReply;
import org.junit.jupiter.api.Test;

class SpamJudgeTest {
    private static final SpamLevels LEVELS = new SpamLevels(-999, 3.0, 5.0, 10.0);
    private static final SpamPolicy POLICY = new ConfiguredSpamPolicy(
        AddressList.parse("allow", ".friends.test"),
        AddressList.parse("block", "spammer@bad.test, friend@friends.test"),
        AddressList.parse("lovers", "lover@example.test"),
        AddressList.empty(), recipient -> recipient.endsWith("@example.test"),
        LEVELS, LevelTable.parse("levels", List.of("strict@example.test - 2.0 4.0"), LEVELS));
    private static final SpamJudge JUDGE = new SpamJudge(POLICY);

    static ScanResult scanned(double score, String... rules) {
        return ScanResult.scanned(new SpamdReply(score >= 5, score, 5.0,
            java.util.Arrays.stream(rules).map(RuleHit::named).toList(), new SpamdEndpoint("127.0.0.1", 783)), 12);
    }

    @Test
    void categoriesFollowTheRecipientsLevels() {
        assertThat(JUDGE.judge("bob@x.test", "alice@example.test", scanned(2.9)).category()).isEqualTo(Category.CLEAN);
        assertThat(JUDGE.judge("bob@x.test", "alice@example.test", scanned(3.0)).category()).isEqualTo(Category.SPAMMY);
        assertThat(JUDGE.judge("bob@x.test", "alice@example.test", scanned(5.0)).category()).isEqualTo(Category.SPAM);
        assertThat(JUDGE.judge("bob@x.test", "strict@example.test", scanned(4.0)).category()).isEqualTo(Category.SPAM);
    }

    @Test
    void allowListWinsOverScoreAndBlockList() {
        RecipientVerdict verdict = JUDGE.judge("friend@friends.test", "alice@example.test", scanned(1000, "GTUBE"));
        assertThat(verdict.category()).isEqualTo(Category.CLEAN);
        assertThat(verdict.listing()).isEqualTo(Listing.ALLOWED);
        assertThat(verdict.reaches(-999)).isFalse();
        assertThat(verdict.isBlocked()).isFalse();
        assertThat(JUDGE.needsScan("friend@friends.test", "alice@example.test")).isFalse();
    }

    @Test
    void blockListMakesSpamWhateverTheScore() {
        RecipientVerdict verdict = JUDGE.judge("spammer@bad.test", "alice@example.test", ScanResult.notScanned());
        assertThat(verdict.category()).isEqualTo(Category.SPAM);
        assertThat(verdict.reaches(1000)).isTrue();
        assertThat(verdict.isBlocked()).isTrue();
    }

    @Test
    void spamLoversGetSpamButAreNotBlocked() {
        RecipientVerdict verdict = JUDGE.judge("bob@x.test", "lover@example.test", scanned(12));
        assertThat(verdict.category()).isEqualTo(Category.SPAM);
        assertThat(verdict.spamLover()).isTrue();
        assertThat(verdict.isBlocked()).isFalse();
        assertThat(verdict.isSpammy()).isTrue();
    }

    @Test
    void failuresAreUncheckedAndTooBigIsClean() {
        RecipientVerdict unchecked = JUDGE.judge("bob@x.test", "alice@example.test",
            ScanResult.unchecked(new SpamdException(Failure.TIMEOUT, "slow"), 10_000));
        assertThat(unchecked.category()).isEqualTo(Category.UNCHECKED);
        assertThat(unchecked.reaches(-999)).isFalse();
        RecipientVerdict tooBig = JUDGE.judge("bob@x.test", "alice@example.test", ScanResult.tooBig(600_000, 512_000));
        assertThat(tooBig.category()).isEqualTo(Category.CLEAN);
        assertThat(tooBig.score()).isEmpty();
    }

    @Test
    void onlyLocalRecipientsAtOrAboveTheTagLevelWantHeaders() {
        SpamLevels tagAt2 = new SpamLevels(2.0, 3.0, 5.0, 10);
        ScanResult low = scanned(1.0);
        assertThat(new RecipientVerdict("a@example.test", Category.CLEAN, Listing.NONE, false, true, tagAt2, low).wantsHeaders()).isFalse();
        assertThat(new RecipientVerdict("a@example.test", Category.CLEAN, Listing.NONE, false, true, LEVELS, low).wantsHeaders()).isTrue();
        assertThat(new RecipientVerdict("a@other.test", Category.CLEAN, Listing.NONE, false, false, LEVELS, low).wantsHeaders()).isFalse();
        assertThat(JUDGE.judge("bob@x.test", "far@other.test", low).local()).isFalse();
    }

    @Test
    void verdictsSurviveTheirTextForm() {
        RecipientVerdict verdict = JUDGE.judge("bob@x.test", "lover@example.test",
            ScanResult.scanned(new SpamdReply(true, 12.5, 5.0, List.of(RuleHit.scored("ANTISPAM_TEST_SPAM", 12), RuleHit.named("T_LOWER_case.9")),
                new SpamdEndpoint("127.0.0.1", 7830)), 33));
        RecipientVerdict decoded = RecipientVerdict.decode("lover@example.test", verdict.encode());
        assertThat(decoded.category()).isEqualTo(verdict.category());
        assertThat(decoded.spamLover()).isTrue();
        assertThat(decoded.local()).isTrue();
        assertThat(decoded.levels()).isEqualTo(LEVELS);
        assertThat(decoded.score()).isEqualTo(OptionalDouble.of(12.5));
        assertThat(decoded.scan().scanner()).isEqualTo("127.0.0.1:7830");
        assertThat(decoded.scan().elapsedMillis()).isEqualTo(33);
        assertThat(decoded.scan().rules().get(0)).isEqualTo(RuleHit.scored("ANTISPAM_TEST_SPAM", 12));

        RecipientVerdict failed = JUDGE.judge("bob@x.test", "alice@example.test",
            ScanResult.unchecked(new SpamdException(Failure.UNREACHABLE, "cannot connect; refused=yes"), 3));
        RecipientVerdict back = RecipientVerdict.decode("alice@example.test", failed.encode());
        assertThat(back.scan().reason()).isEqualTo("unreachable");
        assertThat(back.scan().detail()).isEqualTo("cannot connect; refused=yes");
        assertThat(back.category()).isEqualTo(Category.UNCHECKED);
    }
}
