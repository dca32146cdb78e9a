package org.jamesantispam.mailets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;
import static org.jamesantispam.mailets.JudgedMails.judged;
import static org.jamesantispam.mailets.JudgedMails.scanned;
import static org.jamesantispam.mailets.JudgedMails.spamMessage;


import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;

import org.apache.james.core.MailAddress;
import org.apache.james.core.builder.MimeMessageBuilder;
import org.apache.james.metrics.tests.RecordingMetricFactory;
import org.apache.mailet.Mail;
import org.apache.mailet.base.test.FakeMail;
import org.apache.mailet.base.test.FakeMailContext;
import org.apache.mailet.base.test.FakeMailetConfig;
import org.jamesantispam.core.spam.ScanResult;
import org.jamesantispam.core.stats.AntispamStatistics;
import org.jamesantispam.core.stats.StatisticsSnapshot;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the mailets count in {@link AntispamStatistics} (webadmin {@code GET /antispam/stats}). */
class MailetStatisticsTest {
    private final AntispamStatistics statistics = AntispamStatistics.detached();

    @TempDir
    Path dir;

    private static FakeMailContext context() throws Exception {
        return FakeMailContext.builder().postmaster(new MailAddress("postmaster@example.test")).build();
    }

    private StatisticsSnapshot snapshot() {
        return statistics.snapshot();
    }

    @Test
    void logSpamSummaryCountsEachDeliveredRecipientByVerdict() throws Exception {
        LogSpamSummary mailet = new LogSpamSummary(statistics);
        mailet.init(FakeMailetConfig.builder().mailetName("LogSpamSummary").build());

        mailet.service(judged("bob@x.test", scanned(1.0), spamMessage(), "a@example.test", "b@example.test"));
        mailet.service(judged("bob@x.test", scanned(3.5), spamMessage(), "c@example.test"));
        ScanResult failed = ScanResult.unchecked(new org.jamesantispam.core.spamd.SpamdException(
            org.jamesantispam.core.spamd.SpamdException.Failure.TIMEOUT, "no answer"), 5000);
        mailet.service(judged("bob@x.test", failed, spamMessage(), "d@example.test"));

        assertThat(snapshot().verdicts()).containsExactly(entry("clean", 2L), entry("tagged", 1L), entry("unchecked", 1L));
        assertThat(snapshot().spamByDestiny().values()).containsOnly(0L);
    }

    @Test
    void applySpamDestinyCountsWhatHappenedToEachRecipient() throws Exception {
        FakeMailContext context = context();
        for (String destiny : new String[] {"D_DISCARD", "D_PASS", "D_BOUNCE"}) {
            ApplySpamDestiny mailet = new ApplySpamDestiny(statistics);
            mailet.init(FakeMailetConfig.builder().mailetName("ApplySpamDestiny").mailetContext(context).setProperty("destiny", destiny).build());
            mailet.service(judged("bob@x.test", scanned(6.0), spamMessage(), "a@example.test", "b@example.test"));
        }
        ApplySpamDestiny bounce = new ApplySpamDestiny(statistics);
        bounce.init(FakeMailetConfig.builder().mailetName("ApplySpamDestiny").mailetContext(context).setProperty("destiny", "D_BOUNCE").build());
        // no notice to a mailing list: discarded, and counted so
        bounce.service(judged("bob@x.test", scanned(6.0), spamMessage("List-Id", "<list.x.test>"), "c@example.test"));

        assertThat(snapshot().spamByDestiny()).containsExactly(entry("pass", 2L), entry("discard", 3L), entry("bounce", 2L), entry("reject", 0L));
    }

    @Test
    void applyContentChecksCountsARejectAfterAcceptanceByRule() throws Exception {
        ApplyContentChecks mailet = new ApplyContentChecks(null, statistics);
        mailet.init(FakeMailetConfig.builder().mailetName("ApplyContentChecks")
            .setProperty("rejectProcessor", "content-rejected").setProperty("holdProcessor", "content-hold")
            .setProperty("headerChecks", Files.writeString(dir.resolve("header_checks"), "/^Subject: hold/ HOLD\n/VIAGRA/ REJECT\n").toString())
            .build());
        FakeMail viagra = FakeMail.builder().name("m1").state(Mail.DEFAULT).sender("bob@x.test").recipient("a@example.test")
            .mimeMessage(MimeMessageBuilder.mimeMessageBuilder().setSubject("cheap VIAGRA").setText("x")).build();
        FakeMail held = FakeMail.builder().name("m2").state(Mail.DEFAULT).sender("bob@x.test").recipient("a@example.test")
            .mimeMessage(MimeMessageBuilder.mimeMessageBuilder().setSubject("hold me").setText("x")).build();

        mailet.service(viagra);
        mailet.service(held);

        assertThat(viagra.getState()).isEqualTo("content-rejected");
        assertThat(snapshot().rejectionsByCheck()).containsExactly(entry("header_checks header_checks:2 REJECT", 1L));
        assertThat(snapshot().rejectionsByStage()).contains(entry("pipeline", 1L));
        assertThat(snapshot().rejectionsByKind()).contains(entry("contentChecks", 1L));
    }

    @Test
    void scoreWithSpamdTimesEveryScanItTries() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        RecordingMetricFactory metrics = new RecordingMetricFactory();
        ScoreWithSpamd mailet = new ScoreWithSpamd(metrics, new org.jamesantispam.core.lists.InMemorySpamListStore(), statistics);
        mailet.init(FakeMailetConfig.builder().mailetName("ScoreWithSpamd")
            .setProperty("spamdHosts", "127.0.0.1:" + closedPort).setProperty("connectTimeout", "1s").setProperty("timeout", "5s")
            .setProperty("localDomains", ".example.test").build());

        mailet.service(FakeMail.builder().name("m1").sender("bob@x.test").recipients("a@example.test")
            .mimeMessage(MimeMessageBuilder.mimeMessageBuilder().setSubject("hello").setText("body")).build());
        // allow-listing nobody, block-listing nobody: one scan was tried (and failed: nobody listens)
        assertThat(snapshot().spamdScanTime().count()).isEqualTo(1);
        assertThat(snapshot().spamdScanTime().maxMillis()).isLessThan(5_000.0);
    }

}
