package org.jamesantispam.webadmin;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Date;
import java.util.List;
import java.util.Map;

import org.apache.james.core.builder.MimeMessageBuilder;
import org.apache.mailet.Attribute;
import org.apache.mailet.AttributeValue;
import org.apache.mailet.base.test.FakeMail;
import org.jamesantispam.core.spam.QuarantineReason;
import org.jamesantispam.core.spam.mail.QuarantineAttributes;
import org.jamesantispam.core.spam.mail.SpamAttributes;
import org.junit.jupiter.api.Test;

class QuarantinedMailTest {
    @Test
    void summaryHasEnvelopeVerdictAndReason() throws Exception {
        FakeMail mail = FakeMail.builder().name("banned-ABCDEFabcdef")
            .sender("bob@example.org").recipients("alice@example.test", "carol@example.test")
            .remoteAddr("192.0.2.7")
            .lastUpdated(new Date(1_796_000_000_000L))
            .mimeMessage(MimeMessageBuilder.mimeMessageBuilder().setSubject("Invoice").addHeader("X-Quarantine-ID", "<banned-ABCDEFabcdef>")
                .setText("see attachment"))
            .build();
        mail.setAttribute(new Attribute(SpamAttributes.SCORE, AttributeValue.of(7.5)));
        mail.setAttribute(new Attribute(SpamAttributes.TESTS, AttributeValue.of("BAYES_99, HTML_MESSAGE")));
        QuarantineAttributes.setReason(mail, QuarantineReason.BANNED);

        Map<String, Object> summary = new QuarantinedMail("banned-ABCDEFabcdef", mail).summary();
        assertThat(summary).containsExactly(
            Map.entry("id", "banned-ABCDEFabcdef"),
            Map.entry("arrivalDate", "2026-11-30T00:53:20Z"),
            Map.entry("clientIp", "192.0.2.7"),
            Map.entry("sender", "bob@example.org"),
            Map.entry("recipients", List.of("alice@example.test", "carol@example.test")),
            Map.entry("subject", "Invoice"),
            Map.entry("score", 7.5),
            Map.entry("rules", List.of("BAYES_99", "HTML_MESSAGE")),
            Map.entry("reason", "banned"));
    }

    @Test
    void detailsAddSizeAndHeaders() throws Exception {
        FakeMail mail = FakeMail.builder().name("spam-ABCDEFabcdef").recipient("alice@example.test")
            .mimeMessage(MimeMessageBuilder.mimeMessageBuilder().setSubject("hi").addHeader("X-Envelope-To", "<a@example.test>,\r\n\t<b@example.test>")
                .setText("body"))
            .build();
        Map<String, Object> details = new QuarantinedMail("spam-ABCDEFabcdef", mail).details();
        assertThat((Long) details.get("size")).isPositive();
        @SuppressWarnings("unchecked")
        List<Map<String, String>> headers = (List<Map<String, String>>) details.get("headers");
        assertThat(headers).contains(Map.of("name", "X-Envelope-To", "value", "<a@example.test>, <b@example.test>"),
            Map.of("name", "Subject", "value", "hi"));
        assertThat(details.get("score")).as("not scanned").isNull();
        assertThat(details.get("rules")).isEqualTo(List.of());
        assertThat(details.get("reason")).as("default").isEqualTo("spam");
        assertThat(details.get("sender")).as("null sender").isEqualTo("");
    }

    @Test
    void idsAreTheReasonAndTwelveLettersOrDigits() {
        assertThat(QuarantinedMail.isValidId("spam-3fK9q2LmXw0a")).isTrue();
        assertThat(QuarantinedMail.isValidId("held-3fK9q2LmXw0a")).isTrue();
        assertThat(QuarantinedMail.isValidId("spam-3fK9q2LmXw0")).isFalse();
        assertThat(QuarantinedMail.isValidId("../../etc/passwd")).isFalse();
        assertThat(QuarantinedMail.isValidId("spam-3fK9q2LmXw0a/x")).isFalse();
        assertThat(QuarantinedMail.isValidId(null)).isFalse();
    }
}
