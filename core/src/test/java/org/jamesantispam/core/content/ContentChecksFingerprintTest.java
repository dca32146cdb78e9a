package org.jamesantispam.core.content;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Properties;

import javax.mail.Session;
import javax.mail.internet.MimeMessage;

import org.junit.jupiter.api.Test;

/** The fingerprint by which the mailet skips a second scan of a message the SMTP hook found clean. */
class ContentChecksFingerprintTest {
    private static final String MESSAGE = "From: bob@example.org\r\nSubject: lunch\r\n\r\nsee you at noon\r\n";

    private static MimeMessage message(String text) throws Exception {
        return new MimeMessage(Session.getInstance(new Properties()), new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)));
    }

    private static ContentChecks checks(String headerRules, String bodyRules, ContentLimits limits, ContentChecks.BodyMode mode) {
        return ContentChecks.builder()
            .table(Scope.HEADER, ContentTable.parse("/conf/header_checks", headerRules, ContentAction::problem))
            .table(Scope.BODY, ContentTable.parse("/conf/body_checks", bodyRules, ContentAction::problem))
            .limits(limits).bodyMode(mode).build();
    }

    private static ContentChecks checks(String headerRules, String bodyRules) {
        return checks(headerRules, bodyRules, ContentLimits.POSTFIX_DEFAULTS, ContentChecks.BodyMode.RAW);
    }

    @Test
    void aCleanCheckHasTheFingerprintThatAnotherCheckerWithTheSameTablesComputesWithoutScanning() throws Exception {
        ContentChecks.Checked checked = checks("/^Subject: Make Money/ REJECT\n", "/viagra/ HOLD\n").checkAndFingerprint(message(MESSAGE));
        assertThat(checked.verdict().isEmpty()).isTrue();
        assertThat(checked.cleanFingerprint()).isPresent();
        // a second, separately loaded instance of the same tables (the mailet's)
        assertThat(checks("/^Subject: Make Money/ REJECT\n", "/viagra/ HOLD\n").fingerprint(message(MESSAGE)))
            .isEqualTo(checked.cleanFingerprint().get());
    }

    @Test
    void dunnoMatchesAreNoHitsSoTheCheckIsStillClean() throws Exception {
        assertThat(checks("/^Subject:/ DUNNO\n", "/noon/ OK\n").checkAndFingerprint(message(MESSAGE)).cleanFingerprint()).isPresent();
    }

    @Test
    void anyHitEvenANonFinalOneGivesNoFingerprint() throws Exception {
        for (String rule : new String[] {"/lunch/ HOLD\n", "/lunch/ PREPEND X-Seen: yes\n", "/lunch/ WARN\n", "/lunch/ REJECT\n",
            "/lunch/ REDIRECT r@example.test\n", "/lunch/ DISCARD\n", "/lunch/ INFO\n"}) {
            ContentChecks.Checked checked = checks(rule, "").checkAndFingerprint(message(MESSAGE));
            assertThat(checked.verdict().isEmpty()).as(rule).isFalse();
            assertThat(checked.cleanFingerprint()).as(rule).isEmpty();
        }
    }

    @Test
    void theFingerprintChangesWithTheMessageTheTablesTheLimitsAndTheBodyMode() throws Exception {
        String clean = checks("/^Subject: Make Money/ REJECT\n", "/viagra/ HOLD\n").checkAndFingerprint(message(MESSAGE))
            .cleanFingerprint().orElseThrow();
        assertThat(checks("/^Subject: Make Money/ REJECT\n", "/viagra/ HOLD\n").fingerprint(message(MESSAGE.replace("noon", "one"))))
            .as("other message bytes").isNotEqualTo(clean);
        assertThat(checks("/^Subject: Make Money/ REJECT\n", "/viagra/ HOLD\n/cialis/ HOLD\n").fingerprint(message(MESSAGE)))
            .as("a table edited (reloaded)").isNotEqualTo(clean);
        assertThat(checks("/^Subject: Make Money/ REJECT\n", "").fingerprint(message(MESSAGE)))
            .as("an empty table").isNotEqualTo(clean);
        assertThat(ContentChecks.builder()
            .table(Scope.HEADER, ContentTable.parse("/conf/header_checks", "/^Subject: Make Money/ REJECT\n", ContentAction::problem))
            .build().fingerprint(message(MESSAGE)))
            .as("a scope without table").isNotEqualTo(clean);
        assertThat(ContentChecks.builder()
            .table(Scope.HEADER, ContentTable.parse("/conf/header_checks", "/^Subject: Make Money/ REJECT\n", ContentAction::problem))
            .table(Scope.BODY, ContentTable.parse("/other/body_checks", "/viagra/ HOLD\n", ContentAction::problem))
            .build().fingerprint(message(MESSAGE)))
            .as("another table file with the same rules").isNotEqualTo(clean);
        assertThat(ContentChecks.builder()
            .table(Scope.HEADER, ContentTable.parse("/conf/header_checks", "/^Subject: Make Money/ REJECT\n", ContentAction::problem))
            .table(Scope.MIME_HEADER, ContentTable.parse("/conf/body_checks", "/viagra/ HOLD\n", ContentAction::problem))
            .build().fingerprint(message(MESSAGE)))
            .as("the same table for another scope").isNotEqualTo(clean);
        assertThat(checks("/^Subject: Make Money/ REJECT\n", "/viagra/ HOLD\n", new ContentLimits(102400, 100, 2048, 100),
            ContentChecks.BodyMode.RAW).fingerprint(message(MESSAGE))).as("other limits").isNotEqualTo(clean);
        assertThat(checks("/^Subject: Make Money/ REJECT\n", "/viagra/ HOLD\n", ContentLimits.POSTFIX_DEFAULTS,
            ContentChecks.BodyMode.DECODED).fingerprint(message(MESSAGE))).as("decoded body mode").isNotEqualTo(clean);
    }

    @Test
    void aReloadedTableChangesTheFingerprintOfTheSameChecks() throws Exception {
        ContentTable[] current = {ContentTable.parse("/conf/body_checks", "/viagra/ HOLD\n", ContentAction::problem)};
        ContentChecks checks = ContentChecks.builder().table(Scope.BODY, () -> current[0]).build();
        String before = checks.checkAndFingerprint(message(MESSAGE)).cleanFingerprint().orElseThrow();
        assertThat(checks.fingerprint(message(MESSAGE))).isEqualTo(before);
        current[0] = ContentTable.parse("/conf/body_checks", "/viagra/ HOLD\n/noon/ HOLD\n", ContentAction::problem);
        assertThat(checks.fingerprint(message(MESSAGE))).isNotEqualTo(before);
    }
}
