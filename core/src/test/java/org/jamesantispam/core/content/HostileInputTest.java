package org.jamesantispam.core.content;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import org.junit.jupiter.api.Test;

/**
 * Spammer-controlled input against operator patterns: bounded time and memory whatever the message.
 * Time bounds are generous upper limits (a backtracking engine or an unbounded buffer would blow
 * them by orders of magnitude), not performance measurements.
 */
class HostileInputTest {
    private static final String RULES = String.join("\n",
        "/(a+)+$/ WARN catastrophic for backtracking engines",
        "/^(\\w+\\s?)*$/ WARN another one",
        "/TAIL-MARK/ REJECT found the tail",
        "/HEAD-MARK/ REJECT found the head",
        "");

    private static ContentChecks everyScope() {
        ContentTable table = ContentTable.parse("hostile", RULES, ContentAction::problem);
        ContentChecks.Builder builder = ContentChecks.builder();
        for (Scope scope : Scope.values()) {
            builder.table(scope, table);
        }
        return builder.build();
    }

    @Test
    void oneMegabyteHeaderLineIsCutAtTheHeaderSizeLimit() throws Exception {
        String message = "Subject: " + "a".repeat(1024 * 1024) + "TAIL-MARK\r\nFrom: x@example.org\r\n\r\nbody\r\n";
        long start = System.nanoTime();
        ContentVerdict verdict = everyScope().check(new ByteArrayInputStream(message.getBytes(StandardCharsets.US_ASCII)));
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(30));
        assertThat(verdict.rejection()).as("the tail is past header_size_limit").isEmpty();
        assertThat(verdict.hits()).first().satisfies(hit -> {
            assertThat(hit.scope()).isEqualTo(Scope.HEADER);
            assertThat(hit.text()).hasSizeLessThan(ContentHit.SHOWN_CHARACTERS + 10);
        });
    }

    @Test
    void fiftyMegabyteMessageIsReadAsAStreamWithinTheLimits() throws Exception {
        InputStream head = new ByteArrayInputStream("Subject: big\r\n\r\nnothing special at the head\r\n".getBytes(StandardCharsets.US_ASCII));
        InputStream body = new ContentChecksTest.CountingStream("", 50L * 1024 * 1024);
        InputStream tail = new ByteArrayInputStream("\r\nTAIL-MARK\r\n".getBytes(StandardCharsets.US_ASCII));
        long start = System.nanoTime();
        ContentVerdict verdict = everyScope().check(new SequenceInputStream(new SequenceInputStream(head, body), tail));
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(60));
        assertThat(verdict.rejection()).as("the tail is past body_checks_size_limit").isEmpty();
    }

    @Test
    void manyHeadersAndPartsStayBounded() throws Exception {
        StringBuilder message = new StringBuilder();
        for (int i = 0; i < 20000; i++) {
            message.append("X-H").append(i).append(": ").append("a".repeat(50)).append("\r\n");
        }
        message.append("Content-Type: multipart/mixed; boundary=b\r\n\r\n");
        for (int i = 0; i < 5000; i++) {
            message.append("--b\r\nX-Part: ").append(i).append("\r\n\r\nline\r\n");
        }
        message.append("--b--\r\nTAIL-MARK\r\n");
        long start = System.nanoTime();
        ContentVerdict verdict = everyScope().check(new ByteArrayInputStream(message.toString().getBytes(StandardCharsets.US_ASCII)));
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(60));
        assertThat(verdict.rejection()).isPresent();
    }
}
