package org.jamesantispam.webadmin;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;

import org.apache.james.webadmin.utils.JsonTransformer;
import org.jamesantispam.core.stats.AntispamStatistics;
import org.jamesantispam.core.stats.RejectionKind;
import org.jamesantispam.core.stats.RejectionStage;
import org.jamesantispam.core.stats.StatisticsSnapshot;
import org.jamesantispam.core.stats.Verdict;
import org.junit.jupiter.api.Test;

/** The JSON document of {@code GET /antispam/stats}; the HTTP route itself is tested on a real James (it/webadmin). */
class StatisticsRoutesTest {
    @Test
    void rendersEveryFigureInADocumentedOrder() throws Exception {
        AntispamStatistics statistics = AntispamStatistics.detached();
        statistics.countVerdict(Verdict.CLEAN, 2);
        statistics.countVerdict(Verdict.SPAM_DISCARD, 1);
        statistics.countRejection(RejectionStage.RCPT, RejectionKind.RESTRICTIONS, "reject_rbl_client bl.example.test", true);
        statistics.timeSpamdScan(() -> "x");
        StatisticsSnapshot snapshot = statistics.snapshot();
        Clock inAnHour = Clock.fixed(snapshot.startedAt().plus(Duration.ofHours(1)), ZoneOffset.UTC);

        String json = new JsonTransformer().render(new StatisticsRoutes(statistics, inAnHour).body(snapshot));

        assertThat(json).startsWith("{\"startedAt\":\"" + snapshot.startedAt() + "\",\"uptimeSeconds\":3600,"
            + "\"verdicts\":{\"clean\":2,\"tagged\":0,\"unchecked\":0,\"spam\":{\"pass\":0,\"discard\":1,\"bounce\":0,\"reject\":0}},"
            + "\"rejections\":{\"total\":1,\"temporary\":0,"
            + "\"byStage\":{\"connect\":0,\"helo\":0,\"mail\":0,\"rcpt\":1,\"data\":0,\"pipeline\":0},"
            + "\"byKind\":{\"restrictions\":1,\"contentChecks\":0,\"bannedAttachments\":0,\"spam\":0},"
            + "\"byCheck\":{\"reject_rbl_client bl.example.test\":1}},"
            + "\"dnsbl\":{");
        assertThat(json).containsPattern("\"spamdScanTime\":\\{\"count\":1,\"p50Ms\":[0-9.]+,\"p95Ms\":[0-9.]+,\"p99Ms\":[0-9.]+,\"maxMs\":[0-9.]+,\"meanMs\":[0-9.]+}}$");
    }

    @Test
    void answersUnderItsBasePath() {
        assertThat(new StatisticsRoutes(AntispamStatistics.detached()).getBasePath()).isEqualTo("/antispam/stats");
    }
}
