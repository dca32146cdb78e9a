package org.jamesantispam.mailets;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import javax.mail.Session;
import javax.mail.internet.MimeMessage;

import org.apache.james.mailrepository.api.MailRepositoryUrl;
import org.apache.james.metrics.tests.RecordingMetricFactory;
import org.apache.mailet.base.test.FakeMail;
import org.apache.mailet.base.test.FakeMailContext;
import org.apache.mailet.base.test.FakeMailetConfig;
import org.jamesantispam.core.dryrun.DryRun;
import org.jamesantispam.core.dryrun.DryRunCheck;
import org.jamesantispam.core.dryrun.DryRunMailFactory;
import org.jamesantispam.core.dryrun.DryRunPhase;
import org.jamesantispam.core.dryrun.DryRunReport;
import org.jamesantispam.core.dryrun.DryRunner;
import org.jamesantispam.core.dryrun.FinalAction;
import org.jamesantispam.core.dryrun.FiredCheck;
import org.jamesantispam.core.runtime.ActiveComponents;
import org.jamesantispam.core.spam.AddressList;
import org.jamesantispam.core.spam.Category;
import org.jamesantispam.core.spam.ConfiguredSpamPolicy;
import org.jamesantispam.core.spam.LevelTable;
import org.jamesantispam.core.spam.RecipientVerdict;
import org.jamesantispam.core.spam.ScanResult;
import org.jamesantispam.core.spam.SpamJudge;
import org.jamesantispam.core.spam.SpamLevels;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dry-run forms the mailets register in init(): content actions, scoring (without spamd: the
 * real UNCHECKED path, no metric moved), quarantine and destiny (nothing stored, nothing sent).
 */
class MailetsDryRunTest {
    private static final DryRunMailFactory MAILS = (sender, recipients, message, clientIp) -> {
        FakeMail.Builder builder = FakeMail.builder().name("dry-run").recipients(recipients.toArray(String[]::new)).remoteAddr(clientIp)
            .mimeMessage(new MimeMessage(Session.getInstance(new Properties()), new ByteArrayInputStream(message)));
        return sender.isEmpty() ? builder.build() : builder.sender(sender).build();
    };
    private static final String QUARANTINE = "memory://var/mail/quarantine/";
    private static final SpamJudge JUDGE = new SpamJudge(new ConfiguredSpamPolicy(AddressList.empty(), AddressList.empty(),
        AddressList.parse("lovers", "lover@example.test"), AddressList.parse("local", ".example.test"), any -> false,
        new SpamLevels(-999, 3.0, 5.0, 10.0), LevelTable.empty()));
    private static int closedPort;

    @TempDir
    Path dir;

    private final ActiveComponents components = new ActiveComponents();
    private final Map<String, DryRunCheck> checks = new LinkedHashMap<>();
    private final TestRepositoryStore repositories = new TestRepositoryStore();
    private final FakeMailContext context = FakeMailContext.defaultContext();

    @BeforeAll
    static void findClosedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
    }

    private FakeMailetConfig.Builder config(String name) {
        return FakeMailetConfig.builder().mailetName(name).mailetContext(context);
    }

    private void applyContentChecks(String headerChecks) throws Exception {
        ApplyContentChecks mailet = new ApplyContentChecks();
        mailet.setComponents(components);
        mailet.init(config("ApplyContentChecks").setProperty("headerChecks", Files.writeString(dir.resolve("header_checks"), headerChecks).toString())
            .setProperty("bodyChecks", "").setProperty("rejectProcessor", "content-rejected").setProperty("holdProcessor", "content-hold").build());
    }

    /** Stands for ScoreWithSpamd: every recipient judged on {@code scan}. */
    private void scored(ScanResult scan) {
        components.register(DryRunCheck.class, "scorer", new DryRunCheck() {
            @Override
            public DryRunPhase phase() {
                return DryRunPhase.PIPELINE;
            }

            @Override
            public void evaluate(DryRun run) {
                List<RecipientVerdict> verdicts = new ArrayList<>();
                run.openRecipients().forEach(recipient -> verdicts.add(JUDGE.judge(run.sender(), recipient, scan)));
                run.storeScans(Map.of("", scan));
                run.storeVerdicts(verdicts);
            }
        });
    }

    private void spamProcessor(String destiny) throws Exception {
        Quarantine quarantine = new Quarantine(repositories);
        quarantine.setComponents(components);
        quarantine.init(config("Quarantine").setProperty("repository", QUARANTINE).setProperty("forwardTo", "spam-quarantine@example.test").build());
        ApplySpamDestiny apply = new ApplySpamDestiny();
        apply.setComponents(components);
        apply.init(config("ApplySpamDestiny").setProperty("destiny", destiny).build());
    }

    private DryRunReport dryRun(String sender, String message, String... recipients) throws Exception {
        DryRun run = new DryRun(InetAddress.getByName("203.0.113.7"), "mail.example.org", sender, List.of(recipients), false,
            message.getBytes(StandardCharsets.UTF_8), MAILS);
        return DryRunner.run(run, components.byOwner(DryRunCheck.class));
    }

    private static DryRunReport.Recipient recipient(DryRunReport report, String address) {
        return report.recipients().stream().filter(r -> r.outcome().recipient().equals(address)).findFirst().orElseThrow();
    }

    private static ScanResult gtube() {
        return JudgedMails.scanned(1000, "GTUBE");
    }

    @Test
    void contentRedirectAndBccChangeTheRecipientsTheLaterChecksSee() throws Exception {
        applyContentChecks("/^Subject: prize/ REDIRECT abuse@example.test\n/^X-Copy: yes/ BCC audit@example.test\n");
        scored(JudgedMails.scanned(0.5));

        DryRunReport report = dryRun("bob@example.org", "Subject: prize\r\nX-Copy: yes\r\n\r\nwin\r\n", "alice@example.test");

        assertThat(recipient(report, "alice@example.test").outcome().action()).isEqualTo(FinalAction.REDIRECT);
        assertThat(recipient(report, "alice@example.test").outcome().detail()).isEqualTo("to abuse@example.test");
        assertThat(recipient(report, "abuse@example.test").outcome().action()).isEqualTo(FinalAction.DELIVER);
        assertThat(recipient(report, "abuse@example.test").verdict().orElseThrow().category()).isEqualTo(Category.CLEAN);
        assertThat(recipient(report, "audit@example.test").outcome().action()).isEqualTo(FinalAction.DELIVER);
        assertThat(report.checks()).extracting(FiredCheck::result).containsExactly("REDIRECT", "BCC");
    }

    @Test
    void contentHoldAndRejectNameTheirProcessor() throws Exception {
        applyContentChecks("/^Subject: hold/ HOLD\n/^Subject: refuse/ REJECT not here\n");

        DryRunReport held = dryRun("bob@example.org", "Subject: hold me\r\n\r\nx\r\n", "alice@example.test");
        assertThat(held.recipients().get(0).outcome().action()).isEqualTo(FinalAction.HOLD);
        assertThat(held.recipients().get(0).outcome().detail()).isEqualTo("kept in processor content-hold");

        DryRunReport refused = dryRun("bob@example.org", "Subject: refuse me\r\n\r\nx\r\n", "alice@example.test");
        assertThat(refused.recipients().get(0).outcome().action()).isEqualTo(FinalAction.REJECT);
        assertThat(refused.recipients().get(0).outcome().reply()).isEqualTo("550 5.7.1 not here");
        assertThat(refused.recipients().get(0).outcome().stage()).isEqualTo("pipeline");
    }

    @Test
    void scoringWithoutSpamdIsUncheckedAndMovesNoMetric() throws Exception {
        RecordingMetricFactory metrics = new RecordingMetricFactory();
        ScoreWithSpamd mailet = new ScoreWithSpamd(metrics);
        mailet.setComponents(components);
        mailet.init(config("ScoreWithSpamd").setProperty("spamdHosts", "127.0.0.1:" + closedPort).setProperty("connectTimeout", "1s")
            .setProperty("timeout", "5s").setProperty("localDomains", ".example.test").build());

        DryRunReport report = dryRun("bob@example.org", "Subject: hi\r\n\r\nx\r\n", "alice@example.test");

        assertThat(report.scan().orElseThrow().status()).isEqualTo(ScanResult.Status.UNCHECKED);
        assertThat(recipient(report, "alice@example.test").verdict().orElseThrow().category()).isEqualTo(Category.UNCHECKED);
        assertThat(recipient(report, "alice@example.test").outcome().action()).isEqualTo(FinalAction.DELIVER);
        assertThat(report.checks()).singleElement().satisfies(fired -> {
            assertThat(fired.component()).isEqualTo("ScoreWithSpamd");
            assertThat(fired.result()).isEqualTo("UNCHECKED");
        });
        assertThat(metrics.countFor("antispam.spamd.unchecked")).isZero();
        assertThat(metrics.countFor("antispam.spamd.scanned")).isZero();
    }

    @Test
    void blockedSpamIsQuarantinedAndDiscardedWithoutStoringAnything() throws Exception {
        scored(gtube());
        spamProcessor("D_DISCARD");

        DryRunReport report = dryRun("bob@example.org", "Subject: gtube\r\n\r\nx\r\n", "alice@example.test", "lover@example.test");

        DryRunReport.Recipient alice = recipient(report, "alice@example.test");
        assertThat(alice.outcome().action()).isEqualTo(FinalAction.DISCARD);
        assertThat(alice.outcome().stage()).isEqualTo("spam");
        assertThat(alice.outcome().detail()).isEqualTo("D_DISCARD");
        assertThat(alice.quarantine()).contains(QUARANTINE + ", forwarded to spam-quarantine@example.test");
        DryRunReport.Recipient lover = recipient(report, "lover@example.test");
        assertThat(lover.outcome().action()).as("spam lovers get their spam").isEqualTo(FinalAction.DELIVER);
        assertThat(lover.verdict().orElseThrow().category()).isEqualTo(Category.SPAM);
        assertThat(lover.quarantine()).isEmpty();
        assertThat(repositories.select(MailRepositoryUrl.from(QUARANTINE)).size()).isZero();
        assertThat(context.getSentMails()).isEmpty();
    }

    @Test
    void bounceDestinyBouncesUnlessTheNoticeWouldBeBackscatter() throws Exception {
        scored(JudgedMails.scanned(6.0));
        spamProcessor("D_BOUNCE");

        assertThat(dryRun("bob@example.org", "Subject: pills\r\n\r\nx\r\n", "alice@example.test").recipients().get(0).outcome().action())
            .isEqualTo(FinalAction.BOUNCE);
        DryRunReport nullSender = dryRun("", "Subject: pills\r\n\r\nx\r\n", "alice@example.test");
        assertThat(nullSender.recipients().get(0).outcome().action()).isEqualTo(FinalAction.DISCARD);
        assertThat(nullSender.recipients().get(0).outcome().detail()).isEqualTo("D_BOUNCE, no notice: null sender");
        assertThat(context.getSentMails()).isEmpty();
    }

    @Test
    void hamIsNotBlocked() throws Exception {
        scored(JudgedMails.scanned(3.5));
        spamProcessor("D_DISCARD");

        DryRunReport report = dryRun("bob@example.org", "Subject: hi\r\n\r\nx\r\n", "alice@example.test");

        assertThat(report.recipients().get(0).outcome().action()).isEqualTo(FinalAction.DELIVER);
        assertThat(report.recipients().get(0).verdict().orElseThrow().category()).isEqualTo(Category.SPAMMY);
        assertThat(report.components()).containsExactly("scorer");
    }
}
