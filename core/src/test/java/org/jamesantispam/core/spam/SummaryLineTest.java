package org.jamesantispam.core.spam;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;

import org.jamesantispam.core.spamd.SpamdException;
import org.jamesantispam.core.spamd.SpamdException.Failure;
import org.junit.jupiter.api.Test;

class SummaryLineTest {
    @Test
    void blockedSpamLine() {
        String line = SummaryLine.blocked(Category.SPAM).action("Discarded").action("Quarantined")
            .client("203.0.113.7").envelope("bob@example.org", List.of("alice@example.test", "carol@example.test"))
            .quarantine(Optional.of("spam-abc")).message("<GTUBE1@example.net>", "Mail1-2", 1171)
            .scan(SpamJudgeTest.scanned(1000, "GTUBE", "NO_RELAYS")).elapsed(124).toString();
        assertThat(line).isEqualTo("Blocked SPAM {Discarded,Quarantined}, [203.0.113.7] <bob@example.org> -> "
            + "<alice@example.test>,<carol@example.test>, quarantine: spam-abc, Message-ID: <GTUBE1@example.net>, mail_id: Mail1-2, "
            + "Hits: 1000.0, tests=[GTUBE, NO_RELAYS], size: 1171, 124 ms");
    }

    @Test
    void uncheckedLineSaysWhy() {
        String line = SummaryLine.passed(Category.UNCHECKED).action("Delivered").client("127.0.0.2").envelope("", List.of("a@example.test"))
            .message(null, "m", 10).scan(ScanResult.unchecked(new SpamdException(Failure.TIMEOUT, "spamd 127.0.0.1:783 did not answer in time"), 10))
            .elapsed(10004).toString();
        assertThat(line).isEqualTo("Passed UNCHECKED {Delivered}, [127.0.0.2] <> -> <a@example.test>, Message-ID: -, mail_id: m, Hits: -, "
            + "unchecked: timeout (spamd 127.0.0.1:783 did not answer in time), size: 10, 10004 ms");
    }
}
