package org.jamesantispam.matchers;

import java.util.ArrayList;
import java.util.List;

import javax.mail.MessagingException;

import org.apache.mailet.base.test.FakeMail;
import org.jamesantispam.core.spam.AddressList;
import org.jamesantispam.core.spam.ConfiguredSpamPolicy;
import org.jamesantispam.core.spam.LevelTable;
import org.jamesantispam.core.spam.RecipientVerdict;
import org.jamesantispam.core.spam.ScanResult;
import org.jamesantispam.core.spam.SpamJudge;
import org.jamesantispam.core.spam.SpamLevels;
import org.jamesantispam.core.spamd.RuleHit;
import org.jamesantispam.core.spamd.SpamdEndpoint;
import org.jamesantispam.core.spamd.SpamdException;
import org.jamesantispam.core.spamd.SpamdReply;
import org.jamesantispam.core.spam.mail.SpamAttributes;

/**
 * Mails carrying the verdicts ScoreWithSpamd would record: levels tag -999, tag2 3, kill 5;
 * {@code strict@example.test} has tag2 2 and kill 4; {@code lover@example.test} is a spam lover;
 * {@code friend@partner.test} is allow-listed, {@code spammer@bad.test} block-listed;
 * {@code example.test} is local.
 */
final class SpamVerdictsFixture {
    static final SpamLevels LEVELS = new SpamLevels(-999, 3.0, 5.0, 10.0);
    private static final SpamJudge JUDGE = new SpamJudge(new ConfiguredSpamPolicy(
        AddressList.parse("allow", "friend@partner.test"), AddressList.parse("block", "spammer@bad.test"),
        AddressList.parse("lovers", "lover@example.test"), AddressList.parse("local", ".example.test"), any -> false,
        LEVELS, LevelTable.parse("levels", List.of("strict@example.test - 2.0 4.0"), LEVELS)));

    private SpamVerdictsFixture() {
    }

    static ScanResult scanned(double score) {
        return ScanResult.scanned(new SpamdReply(score >= 5, score, 5, List.of(RuleHit.named("TEST_RULE")), new SpamdEndpoint("127.0.0.1", 783)), 5);
    }

    static ScanResult failed() {
        return ScanResult.unchecked(new SpamdException(SpamdException.Failure.TIMEOUT, "slow"), 5);
    }

    /** A mail from {@code sender} to {@code recipients}, judged with {@code scan}. */
    static FakeMail judged(String sender, ScanResult scan, String... recipients) throws MessagingException {
        FakeMail mail = FakeMail.builder().name("m").sender(sender).recipients(recipients).build();
        List<RecipientVerdict> verdicts = new ArrayList<>();
        for (String recipient : recipients) {
            verdicts.add(JUDGE.judge(sender, recipient, scan));
        }
        SpamAttributes.storeVerdicts(mail, verdicts);
        return mail;
    }
}
