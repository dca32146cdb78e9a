package org.jamesantispam.core.content;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Properties;

import javax.mail.Session;
import javax.mail.internet.MimeMessage;

import org.junit.jupiter.api.Test;

class ContentEditsTest {
    private static final String MESSAGE = String.join("\r\n",
        "Received: from a",
        "Received: from b",
        "X-Mailer: SpamBot 3000",
        "Subject: hello",
        "Content-Type: multipart/mixed; boundary=z",
        "",
        "--z",
        "Content-Type: text/plain",
        "X-Internal: secret",
        "",
        "visit http://bad.example now",
        "keep this",
        "--z--",
        "");

    private static String edit(String rules, String message) throws Exception {
        ContentTable table = ContentTable.parse("t", rules, ContentAction::problem);
        ContentChecks checks = ContentChecks.builder()
            .table(Scope.HEADER, table).table(Scope.MIME_HEADER, table).table(Scope.BODY, table).build();
        MimeMessage mime = new MimeMessage(Session.getInstance(new Properties()), new ByteArrayInputStream(message.getBytes(StandardCharsets.UTF_8)));
        ContentVerdict verdict = checks.check(mime);
        MimeMessage edited = ContentEdits.apply(mime, verdict).orElse(mime);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        edited.writeTo(out);
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void editsChangeOnlyTheirLines() throws Exception {
        String edited = edit(String.join("\n",
            "/^Received: from b/ PREPEND X-Seen: before b",
            "/^X-Mailer:/ IGNORE",
            "/^Subject: (.*)/ REPLACE Subject: [checked] $1",
            "/^X-Internal:/ STRIP internal header",
            "/bad\\.example/ REPLACE [link removed]",
            "/^keep this$/ PREPEND inserted body line",
            ""), MESSAGE);
        assertThat(edited).isEqualTo(String.join("\r\n",
            "Received: from a",
            "X-Seen: before b",
            "Received: from b",
            "Subject: [checked] hello",
            "Content-Type: multipart/mixed; boundary=z",
            "",
            "--z",
            "Content-Type: text/plain",
            "",
            "[link removed]",
            "inserted body line",
            "keep this",
            "--z--",
            ""));
    }

    @Test
    void foldedHeaderIsReplacedWhole() throws Exception {
        String message = "Subject: first part\r\n\tsecond part\r\nFrom: x@example.org\r\n\r\nbody\r\n";
        assertThat(edit("/^Subject:.*second/ REPLACE Subject: short\n", message))
            .isEqualTo("Subject: short\r\nFrom: x@example.org\r\n\r\nbody\r\n");
    }

    @Test
    void headerEditWhoseTextIsNoHeaderIsSkipped() throws Exception {
        assertThat(edit("/^Subject:/ PREPEND not a header\n/^X-Mailer/ IGNORE\n", MESSAGE))
            .doesNotContain("not a header").doesNotContain("X-Mailer").contains("Subject: hello");
    }

    @Test
    void noEditLeavesTheMessageAlone() throws Exception {
        assertThat(edit("/^Subject:/ WARN\n", MESSAGE)).isEqualTo(MESSAGE);
    }

    @Test
    void insertedLinesFollowTheMessageLineEnding() throws Exception {
        // javax.mail writes headers with CRLF whatever it read; the body keeps its bare LFs
        String lf = MESSAGE.replace("\r\n", "\n");
        assertThat(edit("/^Subject:/ PREPEND X-New: 1\n/^keep this/ PREPEND new line\n", lf))
            .contains("X-New: 1\r\nSubject: hello\r\n").contains("new line\r\nkeep this\n");
    }
}
