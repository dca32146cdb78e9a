package org.jamesantispam.mailets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.Collection;
import java.util.List;
import java.util.Map;

import javax.mail.MessagingException;

import org.apache.james.core.MailAddress;
import org.apache.james.core.builder.MimeMessageBuilder;
import org.apache.james.metrics.tests.RecordingMetricFactory;
import org.apache.mailet.PerRecipientHeaders.Header;
import org.apache.mailet.base.test.FakeMail;
import org.apache.mailet.base.test.FakeMailetConfig;
import org.jamesantispam.core.spam.Category;
import org.jamesantispam.core.spam.Listing;
import org.jamesantispam.core.spam.RecipientVerdict;
import org.jamesantispam.core.spam.ScanResult;
import org.jamesantispam.core.spam.mail.SpamAttributes;
import org.jamesantispam.core.spamd.RuleHit;
import org.jamesantispam.core.spamd.SpamdEndpoint;
import org.jamesantispam.core.spamd.SpamdReply;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * ScoreWithSpamd's own logic through init(): what it records and writes when spamd cannot be
 * reached, when lists decide, for big messages and for mail scanned before. Scoring by a real
 * spamd is proven in integration-tests (ContentFilterTest).
 */
class ScoreWithSpamdTest {
    private static int closedPort;
    private final RecordingMetricFactory metrics = new RecordingMetricFactory();

    @BeforeAll
    static void findClosedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
    }

    private ScoreWithSpamd mailet(String... keyValues) throws MessagingException {
        FakeMailetConfig.Builder config = FakeMailetConfig.builder().mailetName("ScoreWithSpamd")
            .setProperty("spamdHosts", "127.0.0.1:" + closedPort)
            .setProperty("connectTimeout", "1s")
            .setProperty("timeout", "5s")
            .setProperty("tag2Level", "3.0")
            .setProperty("killLevel", "5.0")
            .setProperty("localDomains", ".example.test");
        for (int i = 0; i < keyValues.length; i += 2) {
            config.setProperty(keyValues[i], keyValues[i + 1]);
        }
        ScoreWithSpamd mailet = new ScoreWithSpamd(metrics);
        mailet.init(config.build());
        return mailet;
    }

    private static FakeMail mail(String sender, String... recipients) throws MessagingException {
        return FakeMail.builder().name("m1").sender(sender).recipients(recipients)
            .mimeMessage(MimeMessageBuilder.mimeMessageBuilder()
                .addHeader("X-Spam-Status", "No, score=-100")
                .addHeader("X-Spam-Flag", "NO")
                .setSubject("hello").setText("body"))
            .build();
    }

    private static Collection<Header> headers(FakeMail mail, String recipient) throws Exception {
        return mail.getPerRecipientSpecificHeaders().getHeadersForRecipient(new MailAddress(recipient));
    }

    private static String header(FakeMail mail, String recipient, String name) throws Exception {
        return headers(mail, recipient).stream().filter(h -> h.getName().equals(name)).map(Header::getValue)
            .findFirst().orElse(null);
    }

    @Test
    void spamdDownMeansUncheckedCountedAndStillHeaderedForLocalRecipients() throws Exception {
        FakeMail mail = mail("bob@x.test", "alice@example.test", "far@other.test");
        mailet().service(mail);

        Map<String, RecipientVerdict> verdicts = SpamAttributes.verdicts(mail);
        assertThat(verdicts.get("alice@example.test").category()).isEqualTo(Category.UNCHECKED);
        assertThat(verdicts.get("alice@example.test").scan().reason()).isEqualTo("unreachable");
        assertThat(header(mail, "alice@example.test", "X-Spam-Status")).isEqualTo("No, tagged_above=-999.0 required=3.0 tests=[]\r\n\tunchecked=unreachable");
        assertThat(headers(mail, "far@other.test")).isEmpty();
        assertThat(metrics.countFor("antispam.spamd.unchecked")).isEqualTo(1);
        assertThat(mail.getAttribute(SpamAttributes.STATUS)).get().extracting(a -> a.getValue().getValue()).isEqualTo("UNCHECKED");
    }

    @Test
    void senderSuppliedSpamHeadersAreRemoved() throws Exception {
        FakeMail mail = mail("bob@x.test", "alice@example.test");
        mailet().service(mail);
        assertThat(mail.getMessage().getHeader("X-Spam-Status")).isNull();
        assertThat(mail.getMessage().getHeader("X-Spam-Flag")).isNull();
    }

    @Test
    void whenListsDecideForEveryRecipientSpamdIsNotAsked() throws Exception {
        FakeMail mail = mail("friend@partner.test", "alice@example.test");
        mailet("allowSenders", ".partner.test").service(mail);
        RecipientVerdict verdict = SpamAttributes.verdicts(mail).get("alice@example.test");
        assertThat(verdict.category()).isEqualTo(Category.CLEAN);
        assertThat(verdict.listing()).isEqualTo(Listing.ALLOWED);
        assertThat(verdict.scan().status()).isEqualTo(ScanResult.Status.NOT_SCANNED);
        assertThat(header(mail, "alice@example.test", "X-Spam-Status")).endsWith("listed=allow");
        assertThat(metrics.countFor("antispam.spamd.unchecked")).isZero();

        FakeMail blocked = mail("spammer@bad.test", "alice@example.test");
        mailet("blockSenders", "/^spammer@/").service(blocked);
        assertThat(SpamAttributes.verdicts(blocked).get("alice@example.test").isBlocked()).isTrue();
        assertThat(header(blocked, "alice@example.test", "X-Spam-Flag")).isEqualTo("YES");
    }

    @Test
    void bigMessagesAreNotSentAndPassClean() throws Exception {
        FakeMail mail = mail("bob@x.test", "alice@example.test");
        mailet("maxSize", "10").service(mail);
        RecipientVerdict verdict = SpamAttributes.verdicts(mail).get("alice@example.test");
        assertThat(verdict.scan().status()).isEqualTo(ScanResult.Status.TOO_BIG);
        assertThat(verdict.category()).isEqualTo(Category.CLEAN);
        assertThat(header(mail, "alice@example.test", "X-Spam-Status")).endsWith("skipped=size");
        assertThat(metrics.countFor("antispam.spamd.too_big")).isEqualTo(1);
    }

    @Test
    void aScanStoredByTheDataHookIsReusedNotRepeated() throws Exception {
        FakeMail mail = mail("bob@x.test", "alice@example.test", "lover@example.test");
        SpamAttributes.storeScans(mail, Map.of("", ScanResult.scanned(new SpamdReply(true, 12.0, 5.0,
            List.of(RuleHit.named("ANTISPAM_TEST_SPAM")), new SpamdEndpoint("127.0.0.1", 783)), 40)));

        mailet("spamLovers", "lover@example.test").service(mail);

        Map<String, RecipientVerdict> verdicts = SpamAttributes.verdicts(mail);
        assertThat(verdicts.get("alice@example.test").isBlocked()).isTrue();
        assertThat(verdicts.get("lover@example.test").category()).isEqualTo(Category.SPAM);
        assertThat(verdicts.get("lover@example.test").isBlocked()).isFalse();
        assertThat(header(mail, "alice@example.test", "X-Spam-Score")).isEqualTo("12.0");
        assertThat(header(mail, "alice@example.test", "X-Spam-Level")).isEqualTo("************");
        assertThat(metrics.countFor("antispam.spamd.scanned")).isEqualTo(1);
        assertThat(metrics.countFor("antispam.spamd.unchecked")).isZero();
    }

    @Test
    void judgedMailIsLeftAlone() throws Exception {
        FakeMail mail = mail("bob@x.test", "alice@example.test");
        ScoreWithSpamd mailet = mailet();
        mailet.service(mail);
        mailet.service(mail);
        assertThat(headers(mail, "alice@example.test")).hasSize(2);
        assertThat(metrics.countFor("antispam.spamd.unchecked")).isEqualTo(1);
    }

    @Test
    void refusesUnknownParametersAndBadValues() {
        assertThatThrownBy(() -> mailet("spamdHost", "x")).hasMessageContaining("unknown parameter <spamdHost>");
        assertThatThrownBy(() -> mailet("killLevel", "lots")).hasMessageContaining("ScoreWithSpamd: <killLevel>").hasMessageContaining("'lots'");
        assertThatThrownBy(() -> mailet("tag2Level", "9")).hasMessageContaining("tag <= tag2 <= kill");
    }
}
