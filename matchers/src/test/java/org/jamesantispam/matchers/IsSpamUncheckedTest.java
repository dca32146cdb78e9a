package org.jamesantispam.matchers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.jamesantispam.matchers.SpamVerdictsFixture.judged;

import javax.mail.MessagingException;

import org.apache.james.core.MailAddress;
import org.apache.mailet.base.test.FakeMatcherConfig;
import org.jamesantispam.core.spam.ScanResult;
import org.junit.jupiter.api.Test;

class IsSpamUncheckedTest {
    private static IsSpamUnchecked matcher(String condition) throws MessagingException {
        IsSpamUnchecked matcher = new IsSpamUnchecked();
        matcher.init(FakeMatcherConfig.builder().matcherName("IsSpamUnchecked").condition(condition).build());
        return matcher;
    }

    @Test
    void matchesFailedScans() throws Exception {
        assertThat(matcher(null).match(judged("bob@x.test", SpamVerdictsFixture.failed(), "alice@example.test", "far@other.test"))).hasSize(2);
        assertThat(matcher("local").match(judged("bob@x.test", SpamVerdictsFixture.failed(), "alice@example.test", "far@other.test")))
            .containsExactly(new MailAddress("alice@example.test"));
    }

    @Test
    void notScannedOrTooBigIsNotUnchecked() throws Exception {
        assertThat(matcher(null).match(judged("bob@x.test", SpamVerdictsFixture.scanned(1), "alice@example.test"))).isEmpty();
        assertThat(matcher(null).match(judged("bob@x.test", ScanResult.tooBig(10, 5), "alice@example.test"))).isEmpty();
    }

    @Test
    void refusesOtherConditions() {
        assertThatThrownBy(() -> matcher("all")).hasMessageContaining("expected nothing or 'local'");
    }
}
