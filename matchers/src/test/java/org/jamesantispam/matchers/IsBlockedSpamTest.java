package org.jamesantispam.matchers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.jamesantispam.matchers.SpamVerdictsFixture.judged;
import static org.jamesantispam.matchers.SpamVerdictsFixture.scanned;

import javax.mail.MessagingException;

import org.apache.james.core.MailAddress;
import org.apache.mailet.base.test.FakeMatcherConfig;
import org.junit.jupiter.api.Test;

class IsBlockedSpamTest {
    private static IsBlockedSpam matcher(String condition) throws MessagingException {
        IsBlockedSpam matcher = new IsBlockedSpam();
        matcher.init(FakeMatcherConfig.builder().matcherName("IsBlockedSpam").condition(condition).build());
        return matcher;
    }

    @Test
    void spamAtKillLevelExceptForSpamLovers() throws Exception {
        assertThat(matcher(null).match(judged("bob@x.test", scanned(12), "alice@example.test", "lover@example.test")))
            .containsExactly(new MailAddress("alice@example.test"));
    }

    @Test
    void notBelowKillNorFromAllowListedSenders() throws Exception {
        assertThat(matcher(null).match(judged("bob@x.test", scanned(4.9), "alice@example.test"))).isEmpty();
        assertThat(matcher(null).match(judged("friend@partner.test", scanned(1000), "alice@example.test"))).isEmpty();
        assertThat(matcher(null).match(judged("spammer@bad.test", scanned(0), "alice@example.test"))).hasSize(1);
        assertThat(matcher(null).match(judged("bob@x.test", SpamVerdictsFixture.failed(), "alice@example.test"))).isEmpty();
    }

    @Test
    void refusesAConditon() {
        assertThatThrownBy(() -> matcher("kill")).hasMessageContaining("expected none");
    }
}
