package org.jamesantispam.core.content;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Properties;

import javax.mail.Session;
import javax.mail.internet.MimeMessage;

import org.jamesantispam.core.content.ContentAction.Kind;
import org.junit.jupiter.api.Test;

class ContentChecksTest {
    /** A message touching every scope, each line marked with its expected scope. */
    static final String LAYERED = String.join("\r\n",
        "Received: from x (x [127.0.0.2])",
        "From: Bob <bob@example.org>",
        "Subject: PRIMARY-HEADER here,",
        "  folded PRIMARY-FOLD",
        "MIME-Version: 1.0",
        "Content-Type: multipart/mixed; boundary=\"outer\"",
        "",
        "PREAMBLE-BODY",
        "--outer",
        "Content-Type: text/plain; charset=us-ascii",
        "X-Part-Note: PART-HEADER",
        "",
        "TEXT-BODY line",
        "--outer",
        "Content-Type: message/rfc822",
        "",
        "Subject: NESTED-HEADER inside",
        "Content-Type: text/plain; name=\"NESTED-MIME.txt\"",
        "",
        "NESTED-BODY text",
        "--outer--",
        "EPILOGUE-BODY",
        "");

    private static ContentTable table(String text) {
        return ContentTable.parse("t", text, ContentAction::problem);
    }

    private static ContentChecks everyScope(String rules) {
        ContentTable table = table(rules);
        ContentChecks.Builder builder = ContentChecks.builder();
        for (Scope scope : Scope.values()) {
            builder.table(scope, table);
        }
        return builder.build();
    }

    private static ContentVerdict check(ContentChecks checks, String message) throws IOException {
        return checks.check(new ByteArrayInputStream(message.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void eachLineGoesToItsOwnScope() throws Exception {
        ContentChecks checks = everyScope(String.join("\n",
            "/PRIMARY-HEADER.*PRIMARY-FOLD/ WARN",
            "/PREAMBLE-BODY/ WARN",
            "/PART-HEADER/ WARN",
            "/TEXT-BODY/ WARN",
            "/NESTED-HEADER/ WARN",
            "/NESTED-MIME/ WARN",
            "/NESTED-BODY/ WARN",
            "/EPILOGUE-BODY/ WARN",
            "/^--outer--$/ INFO",
            "/^--outer$/ INFO",
            "/^Content-Type: multipart/ INFO",
            "/^MIME-Version/ INFO",
            ""));
        List<String> seen = check(checks, LAYERED).hits().stream()
            .map(hit -> hit.scope() + " " + hit.tableLine() + " " + hit.text()).toList();
        assertThat(seen).containsExactly(
            "header_checks 1 Subject: PRIMARY-HEADER here,  folded PRIMARY-FOLD",
            "mime_header_checks 12 MIME-Version: 1.0",
            "mime_header_checks 11 Content-Type: multipart/mixed; boundary=\"outer\"",
            "body_checks 2 PREAMBLE-BODY",
            "body_checks 10 --outer",
            "mime_header_checks 3 X-Part-Note: PART-HEADER",
            "body_checks 4 TEXT-BODY line",
            "body_checks 10 --outer",
            "nested_header_checks 5 Subject: NESTED-HEADER inside",
            "mime_header_checks 6 Content-Type: text/plain; name=\"NESTED-MIME.txt\"",
            "body_checks 7 NESTED-BODY text",
            "body_checks 9 --outer--",
            "body_checks 8 EPILOGUE-BODY");
    }

    @Test
    void aScopeWithoutTableIsNotChecked() throws Exception {
        ContentTable table = table("/-(HEADER|BODY)/ WARN\n");
        ContentChecks onlyBody = ContentChecks.builder().table(Scope.BODY, table).build();
        assertThat(check(onlyBody, LAYERED).hits()).allMatch(hit -> hit.scope() == Scope.BODY)
            .extracting(ContentHit::text).containsExactly("PREAMBLE-BODY", "TEXT-BODY line", "NESTED-BODY text", "EPILOGUE-BODY");
        ContentChecks onlyNested = ContentChecks.builder().table(Scope.NESTED_HEADER, table).build();
        assertThat(check(onlyNested, LAYERED).hits()).extracting(ContentHit::text).containsExactly("Subject: NESTED-HEADER inside");
    }

    @Test
    void rejectEndsTheChecksAndGivesPostfixReply() throws Exception {
        ContentChecks checks = everyScope("/PRIMARY-HEADER/ REJECT\n/TEXT-BODY/ REJECT body\n");
        ContentVerdict verdict = check(checks, LAYERED);
        assertThat(verdict.hits()).hasSize(1);
        assertThat(verdict.rejection().orElseThrow().action().reply().line()).isEqualTo("550 5.7.1 message content rejected");
        ContentVerdict body = check(everyScope("/TEXT-BODY/ REJECT Spam body\n"), LAYERED);
        assertThat(body.rejection().orElseThrow().action().reply().line()).isEqualTo("550 5.7.1 Spam body");
        ContentVerdict temporary = check(everyScope("/TEXT-BODY/ REJECT 4.7.1 try later\n"), LAYERED);
        assertThat(temporary.rejection().orElseThrow().action().reply().line()).isEqualTo("450 4.7.1 try later");
    }

    @Test
    void actionsAccumulateAsInPostfix() throws Exception {
        ContentChecks checks = everyScope(String.join("\n",
            "/^Received:/ BCC audit@example.test",
            "/^From:/ FILTER review",
            "/PRIMARY/ REDIRECT trap@example.test",
            "/PREAMBLE/ HOLD quarantined",
            "/TEXT-BODY/ HOLD second",
            "/NESTED-BODY/ PASS",
            "/EPILOGUE/ REJECT never reached",
            ""));
        ContentVerdict verdict = check(checks, LAYERED);
        assertThat(verdict.bccs()).extracting(hit -> hit.action().argument()).containsExactly("audit@example.test");
        assertThat(verdict.redirect().orElseThrow().action().argument()).isEqualTo("trap@example.test");
        assertThat(verdict.filter()).as("REDIRECT overrides FILTER").isEmpty();
        assertThat(verdict.hold().orElseThrow().action().argument()).isEqualTo("quarantined");
        assertThat(verdict.rejection()).as("PASS stops the checks").isEmpty();
        assertThat(verdict.hits()).last().extracting(hit -> hit.action().kind()).isEqualTo(Kind.PASS);
    }

    @Test
    void dunnoEndsTheLookupOfThatLineOnly() throws Exception {
        ContentChecks checks = everyScope("/^Subject:/ DUNNO\n/PRIMARY-HEADER|TEXT-BODY/ WARN\n");
        assertThat(check(checks, LAYERED).hits()).extracting(ContentHit::text).containsExactly("TEXT-BODY line");
    }

    @Test
    void bodyLinesPastTheSizeLimitOfTheirSegmentAreNotChecked() throws Exception {
        String filler = ("filler line of text\r\n").repeat(10);
        String message = "Subject: x\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\n\r\n"
            + filler + "LATE-WORD\r\n--b\r\n\r\nEARLY-WORD\r\n" + filler + "--b--\r\n";
        ContentTable table = table("/(LATE|EARLY)-WORD/ WARN\n");
        ContentChecks limited = ContentChecks.builder().table(Scope.BODY, table)
            .limits(new ContentLimits(102400, 100, 2048, 100)).build();
        assertThat(check(limited, message).hits()).extracting(ContentHit::text).containsExactly("EARLY-WORD");
        ContentChecks unlimited = ContentChecks.builder().table(Scope.BODY, table)
            .limits(new ContentLimits(102400, 0, 2048, 100)).build();
        assertThat(check(unlimited, message).hits()).hasSize(2);
    }

    @Test
    void headersAreCutAtTheHeaderSizeLimit() throws Exception {
        String message = "Subject: " + "x".repeat(500) + "TAIL\r\n\r\nbody\r\n";
        ContentTable table = table("/TAIL/ REJECT\n/^Subject: x+$/ WARN long\n");
        ContentChecks checks = ContentChecks.builder().table(Scope.HEADER, table)
            .limits(new ContentLimits(200, 51200, 2048, 100)).build();
        ContentVerdict verdict = check(checks, message);
        assertThat(verdict.rejection()).isEmpty();
        assertThat(verdict.hits()).extracting(hit -> hit.action().kind()).containsExactly(Kind.WARN);
    }

    @Test
    void longBodyLinesAreCheckedInPieces() throws Exception {
        String message = "Subject: x\r\n\r\n" + "a".repeat(3000) + "NEEDLE" + "b".repeat(100) + "\r\n";
        ContentChecks checks = ContentChecks.builder().table(Scope.BODY, table("/^a*NEEDLE/ WARN\n/^a+$/ INFO\n")).build();
        assertThat(check(checks, message).hits()).extracting(hit -> hit.action().kind()).containsExactly(Kind.INFO, Kind.WARN);
    }

    @Test
    void rawModeSeesEncodedTextDecodedModeSeesWhatTheReaderSees() throws Exception {
        String base64 = Base64.getMimeEncoder().encodeToString("Buy cheap VIAGRA now\r\nsecond line\r\n".getBytes(StandardCharsets.UTF_8));
        String message = "Subject: =?UTF-8?B?" + Base64.getEncoder().encodeToString("Make Money €".getBytes(StandardCharsets.UTF_8)) + "?=\r\n"
            + "MIME-Version: 1.0\r\nContent-Type: multipart/alternative; boundary=\"b\"\r\n\r\n"
            + "--b\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n\r\n" + base64 + "\r\n"
            + "--b\r\nContent-Type: text/html; charset=iso-8859-1\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n"
            + "<p>Gr=FC=DFe, make mo=\r\nney</p>\r\n--b--\r\n";
        ContentTable table = table("/viagra/ WARN body\n/Make Money €/ WARN subject\n/Grüße, make money/ WARN qp\n");
        ContentChecks raw = ContentChecks.builder().table(Scope.HEADER, table).table(Scope.BODY, table).build();
        assertThat(check(raw, message).hits()).isEmpty();
        ContentChecks decoded = ContentChecks.builder().table(Scope.HEADER, table).table(Scope.BODY, table)
            .bodyMode(ContentChecks.BodyMode.DECODED).build();
        assertThat(check(decoded, message).hits()).extracting(hit -> hit.action().argument()).containsExactly("subject", "body", "qp");
    }

    @Test
    void malformedMimeNeverThrows() throws Exception {
        ContentChecks checks = everyScope("/SPAM/ WARN\n");
        String[] messages = {
            "",
            "no header at all\r\nSPAM\r\n",
            "Subject: x\r\nContent-Type: multipart/mixed\r\n\r\n--\r\nSPAM\r\n",
            "Subject: x\r\nContent-Type: multipart/mixed; boundary=\"\"\r\n\r\n--\r\nSPAM\r\n",
            "Content-Type: multipart/mixed; boundary=a\r\n\r\n--a\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\n\r\nSPAM\r\n--a--\r\nSPAM after\r\n",
            "Content-Type: message/rfc822\r\n\r\n",
            "Subject: ;;;\"unterminated\r\n folded\r\n\tmore\r\n",
            "\r\n\r\n\r\n",
            "Subject: x",
            " leading continuation\r\nSubject: x\r\n\r\nSPAM",
            "Content-Type: text/plain; charset=\"no-such-charset\"\r\nContent-Transfer-Encoding: base64\r\n\r\n!!!!====$$$$\r\n",
        };
        for (String message : messages) {
            check(checks, message);
            check(ContentChecks.builder().table(Scope.BODY, table("/SPAM/ WARN\n")).bodyMode(ContentChecks.BodyMode.DECODED).build(), message);
        }
        // the unterminated inner multipart is closed by the outer boundary: the epilogue is body
        assertThat(check(checks, messages[4]).hits()).extracting(ContentHit::text).containsExactly("SPAM", "SPAM after");
    }

    @Test
    void deepNestingStopsAtTheLimitAndReadsTheRestAsBody() throws Exception {
        StringBuilder message = new StringBuilder("Subject: deep\r\n");
        for (int i = 0; i < 150; i++) {
            message.append("Content-Type: multipart/mixed; boundary=b").append(i).append("\r\n\r\n--b").append(i).append("\r\n");
        }
        message.append("\r\nDEEP-TEXT\r\n");
        ContentChecks checks = everyScope("/DEEP-TEXT/ REJECT\n");
        assertThat(check(checks, message.toString()).rejection()).isPresent();
    }

    @Test
    void checksAMimeMessageAsWrittenOut() throws Exception {
        MimeMessage message = new MimeMessage(Session.getInstance(new Properties()),
            new ByteArrayInputStream(LAYERED.getBytes(StandardCharsets.US_ASCII)));
        ContentChecks checks = everyScope("/NESTED-BODY/ REJECT nested\n");
        assertThat(checks.check(message).rejection().orElseThrow().action().reply().text()).isEqualTo("nested");
    }

    @Test
    void aFinalActionStopsReadingTheMessage() throws Exception {
        ContentChecks checks = everyScope("/^Subject:/ DISCARD\n");
        CountingStream endless = new CountingStream("Subject: x\r\n\r\n", 50L * 1024 * 1024);
        assertThat(checks.check(endless).discard()).isPresent();
        assertThat(endless.served).isLessThan(1024 * 1024);
    }

    /** A header then a long body of text lines, generated, counting what was read. */
    static final class CountingStream extends InputStream {
        private final byte[] head;
        private final long size;
        private long served;

        CountingStream(String head, long size) {
            this.head = head.getBytes(StandardCharsets.US_ASCII);
            this.size = size;
        }

        @Override
        public int read() {
            if (served >= size) {
                return -1;
            }
            long at = served++;
            if (at < head.length) {
                return head[(int) at];
            }
            return (at - head.length) % 64 == 63 ? '\n' : 'a' + (int) (at % 26);
        }

        @Override
        public int read(byte[] buffer, int off, int len) {
            if (served >= size) {
                return -1;
            }
            int n = (int) Math.min(len, size - served);
            for (int i = 0; i < n; i++) {
                buffer[off + i] = (byte) read();
            }
            return n;
        }
    }
}
