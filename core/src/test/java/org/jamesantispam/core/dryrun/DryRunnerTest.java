package org.jamesantispam.core.dryrun;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import javax.mail.Session;
import javax.mail.internet.MimeMessage;

import org.apache.mailet.base.test.FakeMail;
import org.jamesantispam.core.spam.Category;
import org.jamesantispam.core.spam.Listing;
import org.jamesantispam.core.spam.RecipientVerdict;
import org.jamesantispam.core.spam.ScanResult;
import org.jamesantispam.core.spam.SpamLevels;
import org.junit.jupiter.api.Test;

class DryRunnerTest {
    static final DryRunMailFactory FAKE_MAILS = (sender, recipients, message, clientIp) -> {
        FakeMail.Builder builder = FakeMail.builder().name("dry-run").recipients(recipients.toArray(String[]::new))
            .mimeMessage(new MimeMessage(Session.getInstance(new Properties()), new ByteArrayInputStream(message)))
            .remoteAddr(clientIp);
        if (!sender.isEmpty()) {
            builder.sender(sender);
        }
        return builder.build();
    };

    static DryRun run(String... recipients) throws Exception {
        return new DryRun(InetAddress.getByName("192.0.2.1"), "mail.example.org", "bob@example.org", List.of(recipients), false,
            "Subject: hi\r\n\r\nhello\r\n".getBytes(StandardCharsets.US_ASCII), FAKE_MAILS);
    }

    private final List<String> calls = new ArrayList<>();
    private final Map<String, DryRunCheck> checks = new LinkedHashMap<>();

    private void check(String name, DryRunPhase phase, CheckBody body) {
        checks.put(name, new DryRunCheck() {
            @Override
            public DryRunPhase phase() {
                return phase;
            }

            @Override
            public void evaluate(DryRun run) throws Exception {
                calls.add(name);
                body.evaluate(run);
            }
        });
    }

    interface CheckBody {
        void evaluate(DryRun run) throws Exception;
    }

    private static RecipientOutcome outcome(DryRunReport report, String recipient) {
        return report.recipients().stream().map(DryRunReport.Recipient::outcome).filter(o -> o.recipient().equals(recipient)).findFirst().orElseThrow();
    }

    @Test
    void runsPhasesInFlowOrderWhateverTheRegistrationOrder() throws Exception {
        check("destiny", DryRunPhase.SPAM, run -> { });
        check("scorer", DryRunPhase.PIPELINE, run -> run.storeVerdicts(List.of(verdict("alice@example.test", Category.SPAM))));
        check("content", DryRunPhase.DATA, run -> { });
        check("restrictions", DryRunPhase.RCPT, run -> { });
        check("banned", DryRunPhase.DATA, run -> { });

        DryRunReport report = DryRunner.run(run("alice@example.test"), checks);

        assertThat(calls).containsExactly("restrictions", "content", "banned", "scorer", "destiny");
        assertThat(report.components()).containsExactlyElementsOf(calls);
        assertThat(outcome(report, "alice@example.test").action()).isEqualTo(FinalAction.DELIVER);
    }

    @Test
    void onlyBlockedSpamEntersTheSpamProcessor() throws Exception {
        check("scorer", DryRunPhase.PIPELINE, run -> run.storeVerdicts(List.of(verdict("alice@example.test", Category.SPAMMY))));
        check("destiny", DryRunPhase.SPAM, run -> { });

        DryRunReport report = DryRunner.run(run("alice@example.test"), checks);

        assertThat(calls).containsExactly("scorer");
        assertThat(report.recipients().get(0).verdict().orElseThrow().category()).isEqualTo(Category.SPAMMY);
    }

    private static RecipientVerdict verdict(String recipient, Category category) {
        return new RecipientVerdict(recipient, category, Listing.NONE, false, true, SpamLevels.DEFAULT, ScanResult.notScanned());
    }

    @Test
    void stopsOnceEveryRecipientIsDecidedAndKeepsTheFirstDecision() throws Exception {
        check("restrictions", DryRunPhase.RCPT, run -> run.decide(new RecipientOutcome("alice@example.test", FinalAction.REJECT, "rcpt",
            "restrictions", "reject", "554 5.7.1 no", null)));
        check("content", DryRunPhase.DATA, run -> {
            assertThat(run.openRecipients()).containsExactly("bob@example.test");
            run.openRecipients().forEach(r -> run.decide(new RecipientOutcome(r, FinalAction.REJECT, "data", "content", "x", "550 5.7.1 content", null)));
            run.decide(new RecipientOutcome("alice@example.test", FinalAction.DISCARD, "data", "content", "x", null, null));
        });
        check("scorer", DryRunPhase.PIPELINE, run -> { });

        DryRunReport report = DryRunner.run(run("alice@example.test", "bob@example.test"), checks);

        assertThat(calls).containsExactly("restrictions", "content");
        assertThat(outcome(report, "alice@example.test").reply()).isEqualTo("554 5.7.1 no");
        assertThat(outcome(report, "bob@example.test").reply()).isEqualTo("550 5.7.1 content");
        assertThat(report.scan()).isEmpty();
    }

    @Test
    void aRestrictionDiscardDropsTheMessageAtTheEndOfDataBeforeTheDataChecks() throws Exception {
        check("restrictions", DryRunPhase.RCPT, run -> run.markDiscard("SmtpdRestrictionsHook", "check_client_access"));
        check("content", DryRunPhase.DATA, run -> { });

        DryRunReport report = DryRunner.run(run("alice@example.test"), checks);

        assertThat(calls).containsExactly("restrictions");
        RecipientOutcome alice = outcome(report, "alice@example.test");
        assertThat(alice.action()).isEqualTo(FinalAction.DISCARD);
        assertThat(alice.stage()).isEqualTo("data");
        assertThat(alice.reply()).isEqualTo("250 2.0.0 Ok: queued");
        assertThat(alice.check()).isEqualTo("check_client_access");
    }

    @Test
    void aRestrictionHoldKeepsTheMessageAsideAfterTheDataChecks() throws Exception {
        check("restrictions", DryRunPhase.RCPT, run -> run.markHold("SmtpdRestrictionsHook", "check_sender_access"));
        check("content", DryRunPhase.DATA, run -> { });
        check("scorer", DryRunPhase.PIPELINE, run -> { });

        DryRunReport report = DryRunner.run(run("alice@example.test"), checks);

        assertThat(calls).containsExactly("restrictions", "content");
        assertThat(outcome(report, "alice@example.test").action()).isEqualTo(FinalAction.HOLD);
    }

    @Test
    void aFailingCheckIsReportedAndTheRunGoesOn() throws Exception {
        check("broken", DryRunPhase.DATA, run -> {
            throw new IllegalStateException("table gone");
        });
        check("scorer", DryRunPhase.PIPELINE, run -> { });

        DryRunReport report = DryRunner.run(run("alice@example.test"), checks);

        assertThat(calls).containsExactly("broken", "scorer");
        assertThat(report.checks()).singleElement().satisfies(fired -> {
            assertThat(fired.result()).isEqualTo("ERROR");
            assertThat(fired.component()).isEqualTo("broken");
            assertThat(fired.detail()).contains("table gone");
        });
        assertThat(outcome(report, "alice@example.test").action()).isEqualTo(FinalAction.DELIVER);
    }

    @Test
    void recipientsAddedByARuleAreEvaluatedByTheLaterChecks() throws Exception {
        check("content", DryRunPhase.PIPELINE, run -> {
            run.decide(new RecipientOutcome("alice@example.test", FinalAction.REDIRECT, "pipeline", "content", "x", null, "to abuse@example.test"));
            run.addRecipient("abuse@example.test");
        });
        check("scorer", DryRunPhase.PIPELINE, run -> assertThat(run.openRecipients()).containsExactly("abuse@example.test"));

        DryRunReport report = DryRunner.run(run("alice@example.test"), checks);

        assertThat(calls).containsExactly("content", "scorer");
        assertThat(report.recipients()).extracting(r -> r.outcome().recipient() + " " + r.outcome().action())
            .containsExactly("alice@example.test REDIRECT", "abuse@example.test DELIVER");
    }

    @Test
    void checksReadFreshCopiesOfTheMessage() throws Exception {
        check("editor", DryRunPhase.DATA, run -> {
            MimeMessage message = run.mail().getMessage();
            message.setSubject("changed");
            message.saveChanges();
        });
        check("reader", DryRunPhase.PIPELINE, run -> assertThat(run.mail().getMessage().getSubject()).isEqualTo("hi"));

        DryRunner.run(run("alice@example.test"), checks);

        assertThat(calls).containsExactly("editor", "reader");
    }
}
