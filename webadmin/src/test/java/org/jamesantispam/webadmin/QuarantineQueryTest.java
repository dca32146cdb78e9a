package org.jamesantispam.webadmin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import org.apache.james.core.MailAddress;
import org.apache.mailet.Attribute;
import org.apache.mailet.AttributeValue;
import org.apache.mailet.base.test.FakeMail;
import org.jamesantispam.core.spam.mail.SpamAttributes;
import org.junit.jupiter.api.Test;

class QuarantineQueryTest {
    private static QuarantineQuery parse(String... keyValues) {
        Map<String, String> parameters = new HashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            parameters.put(keyValues[i], keyValues[i + 1]);
        }
        return QuarantineQuery.parse(parameters::get);
    }

    static QuarantinedMail mail(String id, String sender, Instant arrival, String... recipients) throws Exception {
        FakeMail.Builder builder = FakeMail.builder().name(id).recipients(recipients);
        if (sender != null) {
            builder.sender(sender);
        }
        FakeMail mail = builder.build();
        mail.setAttribute(new Attribute(SpamAttributes.STARTED, AttributeValue.of(arrival.toEpochMilli())));
        return new QuarantinedMail(id, mail);
    }

    @Test
    void defaults() {
        assertThat(parse()).isEqualTo(new QuarantineQuery(Optional.empty(), Optional.empty(), Optional.empty(), 100, 0));
        assertThat(parse("recipient", " ", "limit", "")).as("blank is absent").isEqualTo(parse());
    }

    @Test
    void parsesEveryParameter() throws Exception {
        QuarantineQuery query = parse("recipient", "alice@example.test", "sender", "bob@example.org", "since", "2026-11-30T08:00:00Z",
            "limit", "1000", "offset", "20");
        assertThat(query.recipient()).contains(new MailAddress("alice@example.test"));
        assertThat(query.sender()).contains("bob@example.org");
        assertThat(query.since()).contains(Instant.parse("2026-11-30T08:00:00Z"));
        assertThat(query.limit()).isEqualTo(1000);
        assertThat(query.offset()).isEqualTo(20);
    }

    @Test
    void sinceTakesOffsetsAndUtcDays() {
        assertThat(parse("since", "2026-11-30T09:00:00+01:00").since()).contains(Instant.parse("2026-11-30T08:00:00Z"));
        assertThat(parse("since", "2026-11-30").since()).contains(Instant.parse("2026-11-30T00:00:00Z"));
        assertThat(parse("sender", "<>").sender()).contains("");
    }

    @Test
    void badValuesNameTheParameterAndTheExpectation() {
        assertThatThrownBy(() -> parse("since", "yesterday")).isInstanceOf(IllegalArgumentException.class)
            .hasMessage("since 'yesterday' is not a date; expected e.g. 2026-11-30T08:00:00Z, 2026-11-30T09:00:00+01:00 or 2026-11-30 (UTC)");
        assertThatThrownBy(() -> parse("since", "2026-13-40")).hasMessageStartingWith("since '2026-13-40' is not a date");
        assertThatThrownBy(() -> parse("limit", "0")).hasMessage("limit '0' is not a number from 1 to 1000");
        assertThatThrownBy(() -> parse("limit", "1001")).hasMessage("limit '1001' is not a number from 1 to 1000");
        assertThatThrownBy(() -> parse("limit", "ten")).hasMessage("limit 'ten' is not a number from 1 to 1000");
        assertThatThrownBy(() -> parse("offset", "-1")).hasMessage("offset '-1' is not a number from 0 up");
        assertThatThrownBy(() -> parse("recipient", "alice")).hasMessage("recipient 'alice' is not an e-mail address; expected e.g. alice@example.test");
        assertThatThrownBy(() -> parse("sender", "a b@c")).hasMessageStartingWith("sender 'a b@c' is not an e-mail address");
    }

    @Test
    void filtersByRecipientSenderAndArrivalIgnoringCase() throws Exception {
        QuarantinedMail mail = mail("spam-AAAAAAAAAAAA", "Bob@Example.org", Instant.parse("2026-11-30T08:00:00Z"), "alice@example.test", "carol@example.test");
        assertThat(parse("recipient", "ALICE@example.test").matches(mail)).isTrue();
        assertThat(parse("recipient", "dave@example.test").matches(mail)).isFalse();
        assertThat(parse("sender", "bob@example.org").matches(mail)).isTrue();
        assertThat(parse("sender", "eve@example.org").matches(mail)).isFalse();
        assertThat(parse("sender", "<>").matches(mail)).isFalse();
        assertThat(parse("since", "2026-11-30T08:00:00Z").matches(mail)).as("at is since").isTrue();
        assertThat(parse("since", "2026-11-30T08:00:01Z").matches(mail)).isFalse();
        assertThat(parse("since", "2026-11-30", "recipient", "carol@example.test", "sender", "bob@example.org").matches(mail)).isTrue();
        assertThat(parse("sender", "<>").matches(mail("spam-BBBBBBBBBBBB", null, Instant.EPOCH, "alice@example.test"))).isTrue();
    }

    @Test
    void selectsNewestFirstThenPages() throws Exception {
        QuarantinedMail old = mail("spam-AAAAAAAAAAAA", "bob@example.org", Instant.parse("2026-11-28T08:00:00Z"), "alice@example.test");
        QuarantinedMail middle = mail("spam-BBBBBBBBBBBB", "bob@example.org", Instant.parse("2026-11-29T08:00:00Z"), "carol@example.test");
        QuarantinedMail recent = mail("spam-CCCCCCCCCCCC", "bob@example.org", Instant.parse("2026-11-30T08:00:00Z"), "alice@example.test");
        List<QuarantinedMail> all = List.of(old, recent, middle);

        assertThat(parse().select(all.stream())).containsExactly(recent, middle, old);
        assertThat(parse("limit", "2").select(all.stream())).containsExactly(recent, middle);
        assertThat(parse("limit", "2", "offset", "2").select(all.stream())).containsExactly(old);
        assertThat(parse("offset", "3").select(all.stream())).isEmpty();
        assertThat(parse("recipient", "alice@example.test", "offset", "1").select(all.stream())).containsExactly(old);
        assertThat(parse().select(Stream.empty())).isEmpty();
    }
}
