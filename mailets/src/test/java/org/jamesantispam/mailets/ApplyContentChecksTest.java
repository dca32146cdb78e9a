package org.jamesantispam.mailets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Properties;

import javax.mail.MessagingException;
import javax.mail.Session;
import javax.mail.internet.MimeMessage;

import org.apache.james.core.MailAddress;
import org.apache.mailet.Attribute;
import org.apache.mailet.AttributeValue;
import org.apache.mailet.Mail;
import org.apache.mailet.base.test.FakeMail;
import org.apache.mailet.base.test.FakeMailetConfig;
import org.jamesantispam.core.content.ContentChecks;
import org.jamesantispam.core.content.ContentChecksParameters;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;

class ApplyContentChecksTest {
    private static final String MESSAGE = String.join("\r\n",
        "From: Bob <bob@example.org>",
        "To: Alice <alice@example.test>",
        "X-Mailer: BulkBlaster 2",
        "Subject: quarterly report",
        "",
        "Numbers attached.",
        "");

    @TempDir
    Path dir;

    private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
    private final Logger logger = (Logger) LoggerFactory.getLogger(ApplyContentChecks.class);

    @BeforeEach
    void captureLogs() {
        logs.start();
        logger.addAppender(logs);
    }

    @AfterEach
    void releaseLogs() {
        logger.detachAppender(logs);
    }

    private ApplyContentChecks mailet(String headerRules, String bodyRules) throws Exception {
        FakeMailetConfig.Builder config = FakeMailetConfig.builder().mailetName("ApplyContentChecks")
            .setProperty("rejectProcessor", "content-rejected")
            .setProperty("holdProcessor", "content-hold");
        if (headerRules != null) {
            config.setProperty("headerChecks", Files.writeString(dir.resolve("header_checks"), headerRules).toString());
        }
        if (bodyRules != null) {
            config.setProperty("bodyChecks", Files.writeString(dir.resolve("body_checks"), bodyRules).toString());
        }
        ApplyContentChecks mailet = new ApplyContentChecks();
        mailet.init(config.build());
        return mailet;
    }

    private static FakeMail mail() throws MessagingException {
        return FakeMail.builder().name("mail1").state(Mail.DEFAULT)
            .mimeMessage(new MimeMessage(Session.getInstance(new Properties()), new ByteArrayInputStream(MESSAGE.getBytes(StandardCharsets.UTF_8))))
            .sender("bob@example.org").recipient("alice@example.test").build();
    }

    private static String raw(Mail mail) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        mail.getMessage().writeTo(out);
        return out.toString(StandardCharsets.UTF_8);
    }

    private static Collection<MailAddress> recipients(Mail mail) {
        return mail.getRecipients();
    }

    @Test
    void rejectAfterAcceptanceGoesToTheRejectProcessorWithThePostfixReply() throws Exception {
        FakeMail mail = mail();
        mailet("/^Subject: quarterly/ REJECT\n", null).service(mail);
        assertThat(mail.getState()).isEqualTo("content-rejected");
        assertThat(mail.getErrorMessage()).isEqualTo("550 5.7.1 message content rejected");
        assertThat(mail.getAttribute(ApplyContentChecks.HITS)).hasValueSatisfying(attribute ->
            assertThat(attribute.getValue().value().toString()).contains("header_checks " + dir.resolve("header_checks") + ":1 REJECT"));
    }

    @Test
    void discardGhostsTheMail() throws Exception {
        FakeMail mail = mail();
        mailet(null, "/^Numbers/ DISCARD\n").service(mail);
        assertThat(mail.getState()).isEqualTo(Mail.GHOST);
    }

    @Test
    void holdGoesToTheHoldProcessorAndIsNotHeldAgainWhenReleased() throws Exception {
        FakeMail mail = mail();
        ApplyContentChecks mailet = mailet("/^X-Mailer: Bulk/ HOLD bulk mailer\n", null);
        mailet.service(mail);
        assertThat(mail.getState()).isEqualTo("content-hold");
        mail.setState(Mail.DEFAULT);
        mailet.service(mail);
        assertThat(mail.getState()).isEqualTo(Mail.DEFAULT);
    }

    @Test
    void redirectReplacesRecipientsBccAddsOneFilterRoutes() throws Exception {
        FakeMail redirected = mail();
        mailet("/^Subject:/ REDIRECT review@example.test\n/^X-Mailer:/ BCC audit@example.test\n", null).service(redirected);
        assertThat(recipients(redirected)).extracting(MailAddress::asString).containsExactly("review@example.test", "audit@example.test");
        assertThat(redirected.getState()).isEqualTo(Mail.DEFAULT);

        FakeMail copied = mail();
        mailet("/^X-Mailer:/ BCC audit@example.test\n", null).service(copied);
        assertThat(recipients(copied)).extracting(MailAddress::asString).containsExactly("alice@example.test", "audit@example.test");

        FakeMail filtered = mail();
        mailet("/^X-Mailer:/ FILTER spam-review\n", null).service(filtered);
        assertThat(filtered.getState()).isEqualTo("spam-review");
    }

    @Test
    void editsChangeTheMessage() throws Exception {
        FakeMail mail = mail();
        mailet("/^X-Mailer:/ IGNORE\n/^Subject: (.*)/ REPLACE Subject: [external] $1\n/^From:/ PREPEND X-Content-Checked: yes\n",
            "/^Numbers/ REPLACE (body line removed)\n").service(mail);
        assertThat(raw(mail)).isEqualTo(String.join("\r\n",
            "X-Content-Checked: yes",
            "From: Bob <bob@example.org>",
            "To: Alice <alice@example.test>",
            "Subject: [external] quarterly report",
            "",
            "(body line removed)",
            ""));
        assertThat(mail.getMessage().getSubject()).isEqualTo("[external] quarterly report");
    }

    @Test
    void warnAndInfoAreLoggedWithTableLineScopeAndText() throws Exception {
        FakeMail mail = mail();
        mailet("/^X-Mailer:/ WARN bulk mailer\n/^Subject:/ INFO\n", null).service(mail);
        assertThat(mail.getState()).isEqualTo(Mail.DEFAULT);
        assertThat(logs.list).filteredOn(event -> event.getLevel() == Level.WARN).singleElement()
            .extracting(ILoggingEvent::getFormattedMessage).asString()
            .contains("content warn: " + dir.resolve("header_checks") + ":1 line=\"X-Mailer: BulkBlaster 2\" scope=header_checks mail=mail1")
            .contains("from=<bob@example.org> to=<alice@example.test>: bulk mailer");
        assertThat(logs.list).filteredOn(event -> event.getLevel() == Level.INFO)
            .extracting(ILoggingEvent::getFormattedMessage).anyMatch(line -> line.startsWith("content info: ") && line.contains(":2 line=\"Subject: quarterly report\""));
    }

    @Test
    void mailSentByMailetsIsNotCheckedUnlessAsked() throws Exception {
        FakeMail bounce = mail();
        bounce.setAttribute(Mail.SENT_BY_MAILET_ATTRIBUTE);
        mailet("/^Subject:/ DISCARD\n", null).service(bounce);
        assertThat(bounce.getState()).isEqualTo(Mail.DEFAULT);
        assertThat(bounce.getAttribute(ApplyContentChecks.CHECKED)).isEmpty();
    }

    @Test
    void cleanMailIsMarkedCheckedAndLeftAlone() throws Exception {
        FakeMail mail = mail();
        mailet("/^Subject: viagra/ REJECT\n", null).service(mail);
        assertThat(mail.getState()).isEqualTo(Mail.DEFAULT);
        assertThat(mail.getAttribute(ApplyContentChecks.CHECKED)).hasValueSatisfying(attribute ->
            assertThat(attribute.getValue()).isEqualTo(AttributeValue.of(true)));
        assertThat(raw(mail)).isEqualTo(MESSAGE);
    }

    @Test
    void anEmptyMimeHeaderTableSwitchesMimeHeaderChecksOff() throws Exception {
        Path header = Files.writeString(dir.resolve("hc"), "/^Content-Type: text/ DISCARD\n");
        String message = "Subject: x\r\nContent-Type: text/plain\r\n\r\nbody\r\n";
        for (String mimeTable : new String[] {null, ""}) {
            FakeMailetConfig.Builder config = FakeMailetConfig.builder().mailetName("ApplyContentChecks")
                .setProperty("headerChecks", header.toString()).setProperty("rejectProcessor", "r").setProperty("holdProcessor", "h");
            if (mimeTable != null) {
                config.setProperty("mimeHeaderChecks", mimeTable);
            }
            ApplyContentChecks mailet = new ApplyContentChecks();
            mailet.init(config.build());
            FakeMail mail = FakeMail.builder().name("m").state(Mail.DEFAULT)
                .mimeMessage(new MimeMessage(Session.getInstance(new Properties()), new ByteArrayInputStream(message.getBytes(StandardCharsets.UTF_8))))
                .recipient("alice@example.test").build();
            mailet.service(mail);
            assertThat(mail.getState()).as("mimeHeaderChecks=%s", mimeTable).isEqualTo(mimeTable == null ? Mail.GHOST : Mail.DEFAULT);
        }
    }

    @Test
    void configurationErrorsNameTheProblem() throws Exception {
        Path table = Files.writeString(dir.resolve("t"), "/x/ REJECT\n");
        assertThatThrownBy(() -> new ApplyContentChecks().init(FakeMailetConfig.builder().mailetName("ApplyContentChecks")
            .setProperty("headerChecks", table.toString()).setProperty("holdProcessor", "h").build()))
            .hasMessage("ApplyContentChecks: parameter <rejectProcessor> is required");
        assertThatThrownBy(() -> new ApplyContentChecks().init(FakeMailetConfig.builder().mailetName("ApplyContentChecks")
            .setProperty("headerChecks", table.toString()).setProperty("holdProcessor", "h").setProperty("rejectProcessor", "r")
            .setProperty("bodycheck", "x").build()))
            .hasMessageContaining("unknown parameter <bodycheck>");
        Path broken = Files.writeString(dir.resolve("b"), "/x/ HOLD\n/y/ REDIRECT\n");
        assertThatThrownBy(() -> new ApplyContentChecks().init(FakeMailetConfig.builder().mailetName("ApplyContentChecks")
            .setProperty("bodyChecks", broken.toString()).setProperty("holdProcessor", "h").setProperty("rejectProcessor", "r").build()))
            .hasMessageStartingWith(broken + ":2: REDIRECT needs one address user@domain");
    }

    /** What ContentChecksHook records at the end of DATA, with these table texts at the same paths, when it found no hit. */
    private String smtpFingerprint(String headerRules, String bodyRules, String headerSizeLimit, Mail mail) throws Exception {
        java.util.Map<String, String> parameters = new java.util.HashMap<>();
        if (headerRules != null) {
            parameters.put("headerChecks", Files.writeString(dir.resolve("header_checks"), headerRules).toString());
        }
        if (bodyRules != null) {
            parameters.put("bodyChecks", Files.writeString(dir.resolve("body_checks"), bodyRules).toString());
        }
        if (headerSizeLimit != null) {
            parameters.put("headerSizeLimit", headerSizeLimit);
        }
        ContentChecks.Checked checked = ContentChecksParameters.parse("ContentChecksHook",
            name -> java.util.Optional.ofNullable(parameters.get(name)), Path::of).checkAndFingerprint(mail.getMessage());
        assertThat(checked.verdict().isEmpty()).isTrue();
        return checked.cleanFingerprint().orElseThrow();
    }

    private static void markCleanAtSmtp(Mail mail, Object fingerprint) {
        mail.setAttribute(new Attribute(ApplyContentChecks.CLEAN_SCAN, AttributeValue.ofAny(fingerprint)));
    }

    private boolean skippedScan() {
        return logs.list.stream().anyMatch(event -> event.getFormattedMessage().contains("not scanned again"));
    }

    @Test
    void aMailTheHookFoundCleanWithTheSameTablesIsNotScannedAgain() throws Exception {
        logger.setLevel(Level.DEBUG);
        try {
            FakeMail mail = mail();
            markCleanAtSmtp(mail, smtpFingerprint("/^Subject: Make Money/ REJECT\n", "/viagra/ HOLD\n", null, mail));
            mailet("/^Subject: Make Money/ REJECT\n", "/viagra/ HOLD\n").service(mail);
            assertThat(skippedScan()).isTrue();
            assertThat(mail.getAttribute(ApplyContentChecks.CHECKED)).isPresent();
            assertThat(mail.getAttribute(ApplyContentChecks.HITS)).isEmpty();
            assertThat(mail.getState()).isEqualTo(Mail.DEFAULT);
            assertThat(raw(mail)).isEqualTo(MESSAGE);
        } finally {
            logger.setLevel(null);
        }
    }

    @Test
    void aTableReloadedBetweenTheHookAndTheMailetMeansAScan() throws Exception {
        FakeMail mail = mail();
        markCleanAtSmtp(mail, smtpFingerprint("/^X-Mailer: Other/ HOLD\n", null, null, mail));
        // the file edited after the hook checked; the mailet loads the new text
        mailet("/^X-Mailer: Bulk/ HOLD bulk mailer\n", null).service(mail);
        assertThat(mail.getState()).isEqualTo("content-hold");
        assertThat(skippedScan()).isFalse();
    }

    @Test
    void otherLimitsAtTheHookMeanAScan() throws Exception {
        FakeMail mail = mail();
        // the hook cut headers to 10 bytes, so it did not see "BulkBlaster" in "X-Mailer: BulkBlaster 2"
        markCleanAtSmtp(mail, smtpFingerprint("/BulkBlaster/ HOLD\n", null, "10", mail));
        mailet("/BulkBlaster/ HOLD\n", null).service(mail);
        assertThat(mail.getState()).isEqualTo("content-hold");
    }

    @Test
    void aMessageChangedAfterTheHookMeansAScan() throws Exception {
        FakeMail mail = mail();
        markCleanAtSmtp(mail, smtpFingerprint("/^X-Added: yes/ HOLD\n", null, null, mail));
        mail.getMessage().addHeader("X-Added", "yes");
        mail.getMessage().saveChanges();
        mailet("/^X-Added: yes/ HOLD\n", null).service(mail);
        assertThat(mail.getState()).isEqualTo("content-hold");
    }

    @Test
    void aFingerprintThatIsNotOneOrNotAStringMeansAScan() throws Exception {
        for (Object fingerprint : new Object[] {"0000", Boolean.TRUE, ""}) {
            FakeMail mail = mail();
            markCleanAtSmtp(mail, fingerprint);
            mailet("/^X-Mailer: Bulk/ HOLD bulk mailer\n", null).service(mail);
            assertThat(mail.getState()).as(String.valueOf(fingerprint)).isEqualTo("content-hold");
        }
    }

    @Test
    void aMailWithHitsAtTheHookHasNoFingerprintAndEachHitIsAppliedByTheMailet() throws Exception {
        FakeMail mail = mail();
        String header = Files.writeString(dir.resolve("header_checks"), "/^X-Mailer:/ PREPEND X-Bulk: yes\n").toString();
        ContentChecks.Checked atSmtp = ContentChecksParameters.parse("ContentChecksHook",
            name -> name.equals("headerChecks") ? java.util.Optional.of(header) : java.util.Optional.empty(), Path::of)
            .checkAndFingerprint(mail.getMessage());
        assertThat(atSmtp.cleanFingerprint()).isEmpty();
        mailet("/^X-Mailer:/ PREPEND X-Bulk: yes\n", null).service(mail);
        assertThat(raw(mail)).contains("X-Bulk: yes\r\nX-Mailer: BulkBlaster 2");
        assertThat(mail.getAttribute(ApplyContentChecks.HITS)).isPresent();
    }
}
