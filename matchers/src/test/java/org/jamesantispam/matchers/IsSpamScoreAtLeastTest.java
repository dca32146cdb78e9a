package org.jamesantispam.matchers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.jamesantispam.matchers.SpamVerdictsFixture.judged;
import static org.jamesantispam.matchers.SpamVerdictsFixture.scanned;

import javax.mail.MessagingException;

import org.apache.james.core.MailAddress;
import org.apache.mailet.base.test.FakeMail;
import org.apache.mailet.base.test.FakeMatcherConfig;
import org.junit.jupiter.api.Test;

class IsSpamScoreAtLeastTest {
    private static IsSpamScoreAtLeast matcher(String condition) throws MessagingException {
        IsSpamScoreAtLeast matcher = new IsSpamScoreAtLeast();
        matcher.init(FakeMatcherConfig.builder().matcherName("IsSpamScoreAtLeast").condition(condition).build());
        return matcher;
    }

    @Test
    void comparesWithANumber() throws Exception {
        assertThat(matcher("3.0").match(judged("bob@x.test", scanned(3.0), "alice@example.test"))).hasSize(1);
        assertThat(matcher("3.0").match(judged("bob@x.test", scanned(2.9), "alice@example.test"))).isEmpty();
    }

    @Test
    void levelNamesResolvePerRecipient() throws Exception {
        FakeMail mail = judged("bob@x.test", scanned(4.5), "alice@example.test", "strict@example.test");
        assertThat(matcher("kill").match(mail)).containsExactly(new MailAddress("strict@example.test"));
        assertThat(matcher("tag2").match(mail)).hasSize(2);
        assertThat(matcher("tag").match(judged("bob@x.test", scanned(-5), "alice@example.test"))).hasSize(1);
    }

    @Test
    void listsOverrideTheScore() throws Exception {
        assertThat(matcher("tag").match(judged("friend@partner.test", scanned(1000), "alice@example.test"))).isEmpty();
        assertThat(matcher("kill").match(judged("spammer@bad.test", scanned(-10), "alice@example.test"))).hasSize(1);
    }

    @Test
    void localRestrictsToLocalRecipients() throws Exception {
        FakeMail mail = judged("bob@x.test", scanned(4.0), "alice@example.test", "far@other.test");
        assertThat(matcher("tag2, local").match(mail)).containsExactly(new MailAddress("alice@example.test"));
        assertThat(matcher("tag2").match(mail)).hasSize(2);
    }

    @Test
    void unscannedOrUnjudgedMailNeverMatches() throws Exception {
        assertThat(matcher("-1000").match(judged("bob@x.test", SpamVerdictsFixture.failed(), "alice@example.test"))).isEmpty();
        assertThat(matcher("-1000").match(FakeMail.builder().name("n").recipient("alice@example.test").build())).isEmpty();
    }

    @Test
    void onlyRecipientsStillOnTheMailMatch() throws Exception {
        FakeMail mail = judged("bob@x.test", scanned(9), "alice@example.test", "carol@example.test");
        mail.setRecipients(java.util.List.of(new MailAddress("carol@example.test")));
        assertThat(matcher("kill").match(mail)).containsExactly(new MailAddress("carol@example.test"));
    }

    @Test
    void refusesBadConditions() {
        assertThatThrownBy(() -> matcher("")).hasMessageContaining("expected a score or tag, tag2, kill");
        assertThatThrownBy(() -> matcher("high")).hasMessageContaining("'high'");
        assertThatThrownBy(() -> matcher("3 5")).hasMessageContaining("'3 5'");
    }
}
