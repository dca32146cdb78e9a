package org.jamesantispam.smtp;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.StringReader;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;

import javax.mail.Session;
import javax.mail.internet.MimeMessage;

import org.apache.commons.configuration2.Configuration;
import org.apache.commons.configuration2.XMLConfiguration;
import org.apache.commons.configuration2.io.FileHandler;
import org.apache.mailet.base.test.FakeMail;
import org.jamesantispam.core.dryrun.DryRun;
import org.jamesantispam.core.dryrun.DryRunCheck;
import org.jamesantispam.core.dryrun.DryRunMailFactory;
import org.jamesantispam.core.dryrun.DryRunReport;
import org.jamesantispam.core.dryrun.DryRunner;
import org.jamesantispam.core.dryrun.FinalAction;
import org.jamesantispam.core.dryrun.FiredCheck;
import org.jamesantispam.core.dryrun.RecipientOutcome;
import org.jamesantispam.core.runtime.ActiveComponents;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dry-run forms the SMTP hooks register in init(): the same decisions and replies as the hooks
 * themselves (their own tests pin those), reported per check and per recipient.
 */
class HooksDryRunTest {
    private static final DryRunMailFactory MAILS = (sender, recipients, message, clientIp) -> FakeMail.builder().name("dry-run")
        .sender(sender).recipients(recipients.toArray(String[]::new)).remoteAddr(clientIp)
        .mimeMessage(new MimeMessage(Session.getInstance(new Properties()), new ByteArrayInputStream(message))).build();
    private static final String CLEAN = "From: bob@example.org\r\nSubject: lunch\r\n\r\nFriday?\r\n";

    @TempDir
    Path dir;

    private final ActiveComponents components = new ActiveComponents();

    private static Configuration handler(String className, String children) throws Exception {
        XMLConfiguration chain = new XMLConfiguration();
        new FileHandler(chain).load(new StringReader("<handlerchain><handler class=\"" + className + "\">" + children + "</handler></handlerchain>"));
        return chain.configurationsAt("handler").get(0);
    }

    private void restrictions(String children) throws Exception {
        SmtpdRestrictionsHook hook = new SmtpdRestrictionsHook(null, null, null);
        hook.setComponents(components);
        hook.init(handler(SmtpdRestrictionsHook.class.getName(), children));
    }

    private void contentChecks(String headerChecks) throws Exception {
        ContentChecksHook hook = new ContentChecksHook();
        hook.setComponents(components);
        hook.init(handler(ContentChecksHook.class.getName(), "<headerChecks>" + Files.writeString(dir.resolve("header_checks"), headerChecks)
            + "</headerChecks><bodyChecks></bodyChecks>"));
    }

    private void bannedAttachments() throws Exception {
        BannedAttachmentHook hook = new BannedAttachmentHook();
        hook.setComponents(components);
        hook.init(handler(BannedAttachmentHook.class.getName(), "<extensions>exe</extensions>"));
    }

    private DryRunReport dryRun(String ip, String helo, String message, String... recipients) throws Exception {
        DryRun run = new DryRun(InetAddress.getByName(ip), helo, "bob@example.org", List.of(recipients), false,
            message.getBytes(StandardCharsets.UTF_8), MAILS);
        return DryRunner.run(run, components.byOwner(DryRunCheck.class));
    }

    private static RecipientOutcome outcome(DryRunReport report, int index) {
        return report.recipients().get(index).outcome();
    }

    @Test
    void initRegistersOneDryRunCheckPerHook() throws Exception {
        restrictions("<smtpd_helo_restrictions>reject_invalid_helo_hostname</smtpd_helo_restrictions>");
        contentChecks("/^Subject: Make Money/ REJECT\n");
        bannedAttachments();

        assertThat(components.byOwner(DryRunCheck.class)).containsOnlyKeys(SmtpdRestrictionsHook.class.getName(), ContentChecksHook.class.getName(), BannedAttachmentHook.class.getName());
    }

    @Test
    void aHeloRefusalDecidesEachRecipientWithTheHooksReply() throws Exception {
        restrictions("<smtpd_helo_restrictions>reject_invalid_helo_hostname</smtpd_helo_restrictions>");
        contentChecks("/^Subject: lunch/ REJECT\n");

        DryRunReport report = dryRun("192.0.2.1", "bad..helo", CLEAN, "alice@example.test", "carol@example.test");

        assertThat(report.recipients()).extracting(r -> r.outcome().action()).containsOnly(FinalAction.REJECT);
        RecipientOutcome alice = outcome(report, 0);
        assertThat(alice.stage()).isEqualTo("rcpt");
        assertThat(alice.check()).isEqualTo("reject_invalid_helo_hostname");
        assertThat(alice.reply()).isEqualTo("501 5.5.2 <bad..helo>: Helo command rejected: Invalid name");
        assertThat(report.checks()).extracting(FiredCheck::list, FiredCheck::recipient)
            .containsExactly(org.assertj.core.groups.Tuple.tuple("smtpd_helo_restrictions", "alice@example.test"),
                org.assertj.core.groups.Tuple.tuple("smtpd_helo_restrictions", "carol@example.test"));
        assertThat(report.components()).as("the message never reaches DATA").containsExactly(SmtpdRestrictionsHook.class.getName());
    }

    @Test
    void permitsAndRecipientRulesAreReportedPerRecipient() throws Exception {
        Path table = Files.writeString(dir.resolve("recipient_access"), "carol@example.test REJECT no mail for carol\n");
        restrictions("<mynetworks>192.0.2.0/24</mynetworks>"
            + "<smtpd_helo_restrictions>permit_mynetworks, reject</smtpd_helo_restrictions>"
            + "<smtpd_recipient_restrictions>check_recipient_access hash:" + table + "</smtpd_recipient_restrictions>");

        DryRunReport trusted = dryRun("192.0.2.1", "mail.example.org", CLEAN, "alice@example.test", "carol@example.test");

        assertThat(outcome(trusted, 0).action()).isEqualTo(FinalAction.DELIVER);
        assertThat(outcome(trusted, 1).action()).isEqualTo(FinalAction.REJECT);
        assertThat(outcome(trusted, 1).reply()).isEqualTo("554 5.7.1 <carol@example.test>: Recipient address rejected: no mail for carol");
        assertThat(trusted.checks()).extracting(FiredCheck::check, FiredCheck::result).contains(
            org.assertj.core.groups.Tuple.tuple("permit_mynetworks", "PERMIT"));

        DryRunReport untrusted = dryRun("198.51.100.1", "mail.example.org", CLEAN, "alice@example.test");
        assertThat(outcome(untrusted, 0).action()).isEqualTo(FinalAction.REJECT);
        assertThat(outcome(untrusted, 0).reply()).isEqualTo("554 5.7.1 <mail.example.org>: Helo command rejected: Access denied");
    }

    @Test
    void anAccessTableHoldKeepsTheMessageAsideAfterTheDataChecks() throws Exception {
        Path table = Files.writeString(dir.resolve("sender_access"), "bob@example.org HOLD\n");
        restrictions("<smtpd_sender_restrictions>check_sender_access hash:" + table + "</smtpd_sender_restrictions>");
        contentChecks("/^Subject: Make Money/ REJECT\n");

        DryRunReport report = dryRun("192.0.2.1", "mail.example.org", CLEAN, "alice@example.test");

        assertThat(outcome(report, 0).action()).isEqualTo(FinalAction.HOLD);
        assertThat(outcome(report, 0).stage()).isEqualTo("pipeline");
        assertThat(report.components()).containsExactly(SmtpdRestrictionsHook.class.getName(), ContentChecksHook.class.getName());
    }

    @Test
    void withoutDelayRejectAHeloRefusalIsAtHelo() throws Exception {
        restrictions("<smtpd_delay_reject>no</smtpd_delay_reject><smtpd_helo_restrictions>reject_non_fqdn_helo_hostname</smtpd_helo_restrictions>");

        DryRunReport report = dryRun("192.0.2.1", "localhost", CLEAN, "alice@example.test", "carol@example.test");

        assertThat(report.recipients()).extracting(r -> r.outcome().stage()).containsOnly("helo");
        assertThat(report.checks()).singleElement().satisfies(fired -> assertThat(fired.recipient()).isNull());
        assertThat(outcome(report, 1).reply()).isEqualTo("504 5.5.2 <localhost>: Helo command rejected: need fully-qualified hostname");
    }

    @Test
    void aHeaderChecksRejectRefusesTheMessageAtData() throws Exception {
        restrictions("<smtpd_helo_restrictions>reject_invalid_helo_hostname</smtpd_helo_restrictions>");
        contentChecks("/^Subject: Make Money/ REJECT\n");

        DryRunReport report = dryRun("192.0.2.1", "mail.example.org", "Subject: Make Money fast\r\n\r\nnow\r\n", "alice@example.test");

        RecipientOutcome alice = outcome(report, 0);
        assertThat(alice.action()).isEqualTo(FinalAction.REJECT);
        assertThat(alice.stage()).isEqualTo("data");
        assertThat(alice.reply()).isEqualTo("550 5.7.1 message content rejected");
        assertThat(report.checks()).singleElement().satisfies(fired -> {
            assertThat(fired.list()).isEqualTo("header_checks");
            assertThat(fired.check()).endsWith("header_checks:1");
            assertThat(fired.detail()).isEqualTo("Subject: Make Money fast");
        });
    }

    @Test
    void aBannedAttachmentRefusesTheMessageWithTheHooksReply() throws Exception {
        bannedAttachments();
        String message = "Subject: invoice\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n"
            + "--b\r\nContent-Type: text/plain\r\n\r\nsee attached\r\n"
            + "--b\r\nContent-Type: application/octet-stream; name=setup.exe\r\nContent-Disposition: attachment; filename=setup.exe\r\n"
            + "Content-Transfer-Encoding: base64\r\n\r\nTVqQAAMAAAAEAAAA\r\n--b--\r\n";

        DryRunReport report = dryRun("192.0.2.1", "mail.example.org", message, "alice@example.test");

        assertThat(outcome(report, 0).action()).isEqualTo(FinalAction.REJECT);
        assertThat(outcome(report, 0).reply()).isEqualTo("554 5.7.0 Message rejected: banned attachment setup.exe");
    }

    @Test
    void aFailedEndOfDataScanWithTempFailOnErrorIsDeferredAndKeptForTheScorer() throws Exception {
        int closedPort;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        DataSpamHook hook = new DataSpamHook(null);
        hook.setComponents(components);
        hook.init(handler(DataSpamHook.class.getName(), "<spamdHosts>127.0.0.1:" + closedPort + "</spamdHosts><connectTimeout>1s</connectTimeout>"
            + "<timeout>5s</timeout><localDomains>.example.test</localDomains><tempFailOnError>true</tempFailOnError>"));

        DryRun run = new DryRun(InetAddress.getByName("192.0.2.1"), "mail.example.org", "bob@example.org", List.of("alice@example.test"), false,
            CLEAN.getBytes(StandardCharsets.UTF_8), MAILS);
        DryRunReport report = DryRunner.run(run, components.byOwner(DryRunCheck.class));

        assertThat(outcome(report, 0).action()).isEqualTo(FinalAction.DEFER);
        assertThat(outcome(report, 0).reply()).isEqualTo("451 4.3.0 Content filter unavailable, try again later, id=dry-run");
        assertThat(report.scan().orElseThrow().reason()).isEqualTo("unreachable");
        assertThat(run.scans()).containsKey("");
    }

    @Test
    void aTrustedClientIsNotScannedAtDataUnlessCheckTrusted() throws Exception {
        DataSpamHook hook = new DataSpamHook(null);
        hook.setComponents(components);
        hook.init(handler(DataSpamHook.class.getName(), "<spamdHosts>127.0.0.1:1</spamdHosts><localDomains>.example.test</localDomains>"));

        DryRun run = new DryRun(InetAddress.getByName("127.0.0.1"), "localhost", "alice@example.test", List.of("bob@example.org"), true,
            CLEAN.getBytes(StandardCharsets.UTF_8), MAILS);
        DryRunReport report = DryRunner.run(run, components.byOwner(DryRunCheck.class));

        assertThat(report.scan()).isEmpty();
        assertThat(outcome(report, 0).action()).isEqualTo(FinalAction.DELIVER);
    }

    @Test
    void aCleanMessagePassesEveryHook() throws Exception {
        restrictions("<smtpd_helo_restrictions>reject_invalid_helo_hostname</smtpd_helo_restrictions>");
        contentChecks("/^Subject: Make Money/ REJECT\n");
        bannedAttachments();

        DryRunReport report = dryRun("192.0.2.1", "mail.example.org", CLEAN, "alice@example.test");

        assertThat(outcome(report, 0).action()).isEqualTo(FinalAction.DELIVER);
        assertThat(report.checks()).isEmpty();
        assertThat(report.components()).containsExactly(SmtpdRestrictionsHook.class.getName(), ContentChecksHook.class.getName(),
            BannedAttachmentHook.class.getName());
    }
}
