package org.jamesantispam.webadmin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.OptionalLong;

import org.junit.jupiter.api.Test;

class CheckRequestTest {
    private static CheckRequest.BadParameter bad(String query) {
        try {
            CheckRequest.parseQuery(query);
        } catch (CheckRequest.BadParameter e) {
            return e;
        }
        throw new AssertionError("accepted: " + query);
    }

    @Test
    void parsesAFullQuery() {
        CheckRequest request = CheckRequest.parseQuery("ip=192.0.2.7&helo=mail.example.org&sender=bob%40example.org"
            + "&recipient=alice@example.test&recipient=%3Ccarol@example.test%3E&recipient=alice@example.test");

        assertThat(request.client().getHostAddress()).isEqualTo("192.0.2.7");
        assertThat(request.helo()).contains("mail.example.org");
        assertThat(request.sender()).isEqualTo("bob@example.org");
        assertThat(request.recipients()).containsExactly("alice@example.test", "carol@example.test");
    }

    @Test
    void senderDefaultsToTheNullSenderAndIpv6IsAccepted() {
        CheckRequest request = CheckRequest.parseQuery("ip=%5B2001:db8::1%5D&recipient=alice@example.test&sender=%3C%3E");

        assertThat(request.client().getHostAddress()).isEqualTo("2001:db8:0:0:0:0:0:1");
        assertThat(request.sender()).isEmpty();
        assertThat(request.helo()).isEmpty();
        assertThat(CheckRequest.parseQuery("ip=192.0.2.7&recipient=a@example.test").sender()).isEmpty();
    }

    @Test
    void everyBadParameterIsNamed() {
        assertThat(bad("recipient=a@example.test").parameter()).isEqualTo("ip");
        assertThat(bad("ip=mail.example.org&recipient=a@example.test").getMessage())
            .isEqualTo("ip: 'mail.example.org' is not an IP address; expected e.g. 192.0.2.1 or 2001:db8::1");
        assertThat(bad("ip=192.0.2.777&recipient=a@example.test").parameter()).isEqualTo("ip");
        assertThat(bad("ip=192.0.2.7").getMessage()).isEqualTo("recipient: missing; expected at least one recipient=user@domain");
        assertThat(bad("ip=192.0.2.7&recipient=not-an-address").getMessage())
            .isEqualTo("recipient: 'not-an-address' is not a mail address; expected user@domain");
        assertThat(bad("ip=192.0.2.7&recipient=a@example.test&sender=bob@").parameter()).isEqualTo("sender");
        assertThat(bad("ip=192.0.2.7&recipient=a@example.test&helo=two%20words").parameter()).isEqualTo("helo");
        assertThat(bad("ip=192.0.2.7&ip=192.0.2.8&recipient=a@example.test").getMessage()).isEqualTo("ip: given 2 times; expected once");
        assertThat(bad("ip=192.0.2.7&recipient=a@example.test&rcpt=b@example.test").getMessage())
            .startsWith("rcpt: unknown parameter; expected [ip, helo, sender, recipient]");
        assertThat(bad("ip=192.0.2.7&recipient=a%ZZ").parameter()).isEqualTo("recipient");
    }

    @Test
    void tooManyRecipientsAreRefused() {
        String query = "ip=192.0.2.7" + "&recipient=a@example.test".repeat(CheckRequest.MAX_RECIPIENTS + 1);
        assertThat(bad(query).getMessage()).isEqualTo("recipient: 1001 recipients; expected at most 1000");
    }

    @Test
    void controlCharactersAreNotEchoed() {
        assertThat(bad("ip=1%0D%0A2&recipient=a@example.test").getMessage()).contains("'1??2'");
    }

    @Test
    void boundedBodyRefusesADeclaredOrActualExcess() throws Exception {
        byte[] ten = "0123456789".getBytes(StandardCharsets.US_ASCII);
        assertThat(BoundedBody.read(new ByteArrayInputStream(ten), OptionalLong.of(10), 10)).isEqualTo(ten);
        assertThatThrownBy(() -> BoundedBody.read(new ByteArrayInputStream(ten), OptionalLong.of(11), 10))
            .isInstanceOf(BoundedBody.TooLarge.class).hasMessage("the message has 11 bytes; at most 10 are accepted");
        assertThatThrownBy(() -> BoundedBody.read(new ByteArrayInputStream(ten), OptionalLong.empty(), 9))
            .isInstanceOf(BoundedBody.TooLarge.class).hasMessage("the message has more than 9 bytes; at most 9 are accepted");
    }

    @Test
    void theReceivedHeaderIsJamesOwnShape() {
        CheckRequest request = CheckRequest.parseQuery("ip=192.0.2.7&helo=mail.example.org&recipient=alice@example.test");
        byte[] message = ReceivedHeader.prepend(request, "Subject: hi\r\n\r\nx\r\n".getBytes(StandardCharsets.US_ASCII),
            ZonedDateTime.of(2026, 11, 30, 8, 0, 0, 0, ZoneOffset.UTC), address -> "mx.example.org");

        assertThat(new String(message, StandardCharsets.US_ASCII)).isEqualTo(
            "Received: from mx.example.org (EHLO mail.example.org) ([192.0.2.7])\r\n"
                + "          by dry-run.invalid (james-antispam dry run) with ESMTP ID dry-run\r\n"
                + "          for <alice@example.test>;\r\n"
                + "          Mon, 30 Nov 2026 08:00:00 +0000\r\n"
                + "Subject: hi\r\n\r\nx\r\n");
    }
}
