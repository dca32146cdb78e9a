package org.jamesantispam.core.spam.mail;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import javax.mail.MessagingException;

import org.apache.james.core.builder.MimeMessageBuilder;
import org.apache.mailet.base.test.FakeMail;
import org.jamesantispam.core.spam.Category;
import org.jamesantispam.core.spam.RecipientVerdict;
import org.jamesantispam.core.spam.ScanResult;
import org.jamesantispam.core.spam.SpamFilterSettings;
import org.jamesantispam.core.spamd.Deadline;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What SpamCheck sends and how many scans it makes, against a small TCP server that records each
 * request and answers like spamd with a score depending on the User: header.
 */
class SpamCheckTest {
    private ServerSocket server;
    private final List<String> requests = new CopyOnWriteArrayList<>();

    @BeforeEach
    void startRecordingSpamd() throws IOException {
        server = new ServerSocket(0, 10, InetAddress.getLoopbackAddress());
        Thread thread = new Thread(() -> {
            while (!server.isClosed()) {
                try (Socket socket = server.accept()) {
                    InputStream in = socket.getInputStream();
                    ByteArrayOutputStream request = new ByteArrayOutputStream();
                    in.transferTo(request);
                    String text = request.toString(StandardCharsets.ISO_8859_1);
                    requests.add(text);
                    String score = text.contains("User: lover@example.test") ? "12.0" : "4.0";
                    socket.getOutputStream().write(("SPAMD/1.1 0 EX_OK\r\nSpam: False ; " + score + " / 5.0\r\n\r\nRULE_A")
                        .getBytes(StandardCharsets.US_ASCII));
                } catch (IOException e) {
                    // closed
                }
            }
        }, "recording-spamd");
        thread.setDaemon(true);
        thread.start();
    }

    @AfterEach
    void stop() throws IOException {
        server.close();
    }

    private SpamCheck check(Map<String, String> parameters) {
        Map<String, String> all = new java.util.HashMap<>(parameters);
        all.put("spamdHosts", "127.0.0.1:" + server.getLocalPort());
        all.put("tag2Level", "3");
        all.put("killLevel", "5");
        all.put("localDomains", ".example.test");
        all.put("spamLovers", "lover@example.test");
        SpamFilterSettings settings = SpamFilterSettings.parse("test", name -> Optional.ofNullable(all.get(name)));
        return new SpamCheck(settings, settings.policy(any -> false), settings.scanner());
    }

    private static FakeMail mail(String... recipients) throws MessagingException {
        return FakeMail.builder().name("m").sender("bob@x.test").recipients(recipients)
            .mimeMessage(MimeMessageBuilder.mimeMessageBuilder()
                .addHeader("Return-Path", "<stale@old.test>")
                .setSubject("hello").setText("body"))
            .build();
    }

    private static Deadline soon() {
        return Deadline.in(Duration.ofSeconds(10));
    }

    @Test
    void spamdSeesTheEnvelopeSenderAsReturnPathInsteadOfAStaleOne() throws Exception {
        check(Map.of()).check(mail("alice@example.test"), soon());
        String message = requests.get(0).split("\r\n\r\n", 2)[1];
        assertThat(message).startsWith("Return-Path: <bob@x.test>\r\n").doesNotContain("stale@old.test").contains("Subject: hello");
    }

    @Test
    void withReturnPathFalseTheMessageGoesAsItIs() throws Exception {
        check(Map.of("returnPath", "false")).check(mail("alice@example.test"), soon());
        assertThat(requests.get(0)).contains("Return-Path: <stale@old.test>").doesNotContain("bob@x.test");
    }

    @Test
    void oneScanPerMessageWithoutPerUserPrefs() throws Exception {
        SpamCheck.Outcome outcome = check(Map.of()).check(mail("alice@example.test", "carol@example.test"), soon());
        assertThat(requests).hasSize(1);
        assertThat(requests.get(0)).doesNotContain("User:");
        assertThat(outcome.verdicts()).extracting(RecipientVerdict::category).containsExactly(Category.SPAMMY, Category.SPAMMY);
    }

    @Test
    void oneScanPerRecipientWithPerUserPrefsAndVerdictsFromEachUsersScore() throws Exception {
        SpamCheck.Outcome outcome = check(Map.of("perUserPrefs", "address")).check(mail("alice@example.test", "lover@example.test"), soon());
        assertThat(requests).hasSize(2);
        assertThat(requests).anyMatch(r -> r.contains("User: alice@example.test\r\n")).anyMatch(r -> r.contains("User: lover@example.test\r\n"));
        assertThat(outcome.verdicts().get(0).score()).hasValue(4.0);
        assertThat(outcome.verdicts().get(1).score()).hasValue(12.0);
        assertThat(outcome.verdicts().get(1).category()).isEqualTo(Category.SPAM);
        assertThat(outcome.verdicts().get(1).isBlocked()).as("a spam lover").isFalse();
    }

    @Test
    void storedScansAreReusedAndVerdictsSurviveTheMail() throws Exception {
        FakeMail mail = mail("alice@example.test");
        SpamCheck.Outcome first = check(Map.of()).check(mail, soon());
        SpamAttributes.storeScans(mail, first.scans());
        SpamCheck.Outcome second = check(Map.of()).check(mail, soon());
        assertThat(requests).hasSize(1);
        assertThat(second.reused()).containsExactly("");
        assertThat(second.scans().get("").status()).isEqualTo(ScanResult.Status.SCANNED);

        SpamAttributes.storeVerdicts(mail, second.verdicts());
        assertThat(SpamAttributes.isJudged(mail)).isTrue();
        assertThat(SpamAttributes.verdicts(mail).get("alice@example.test").score()).hasValue(4.0);
        assertThat(mail.getAttribute(SpamAttributes.STATUS).orElseThrow().getValue().getValue()).isEqualTo("SPAMMY");
        assertThat(mail.getAttribute(SpamAttributes.TESTS).orElseThrow().getValue().getValue()).isEqualTo("RULE_A");
    }
}
