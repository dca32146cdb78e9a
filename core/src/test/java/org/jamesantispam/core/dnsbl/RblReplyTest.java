package org.jamesantispam.core.dnsbl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.jamesantispam.core.restrictions.SmtpRequest;
import org.junit.jupiter.api.Test;

import com.google.common.net.InetAddresses;

class RblReplyTest {
    private static final DnsblZone ZONE = DnsblZone.parse("bl.example.test=127.0.0.[2..11]");

    private static SmtpRequest request(String client) {
        return SmtpRequest.connect(InetAddresses.forString(client), false)
            .withHelo("mail.example.org").withSender("bob@example.org").withRecipient("alice@example.test");
    }

    private static DnsblResult listed(String txt) {
        return DnsblResult.listed(ZONE, List.of(InetAddresses.forString("127.0.0.2")), Optional.ofNullable(txt));
    }

    @Test
    void postfixDefaultReplyWithTxt() {
        assertThat(RblReply.postfixDefault().format(request("192.0.2.1"), listed("Listed for spam")).line())
            .isEqualTo("554 5.7.1 Service unavailable; Client host [192.0.2.1] blocked using bl.example.test; Listed for spam");
    }

    @Test
    void postfixDefaultReplyWithoutTxt() {
        assertThat(RblReply.postfixDefault().format(request("192.0.2.1"), listed(null)).line())
            .isEqualTo("554 5.7.1 Service unavailable; Client host [192.0.2.1] blocked using bl.example.test");
    }

    @Test
    void ipv6ClientsAreWrittenInShortForm() {
        assertThat(RblReply.postfixDefault().format(request("2001:db8:0:0:0:0:0:1"), listed(null)).text())
            .isEqualTo("Service unavailable; Client host [2001:db8::1] blocked using bl.example.test");
    }

    @Test
    void everyVariableHasItsValue() {
        String all = "$client_address|$helo_name|$sender|$sender_name|$sender_domain|$recipient|$recipient_name|"
            + "$recipient_domain|$rbl_class|$rbl_code|$rbl_domain|$rbl_reason|$rbl_txt|$rbl_what";
        assertThat(RblReply.parse("550 5.7.1 " + all).format(request("192.0.2.1"), listed("why")).text())
            .isEqualTo("192.0.2.1|mail.example.org|bob@example.org|bob|example.org|alice@example.test|alice|example.test|"
                + "Client host|550|bl.example.test|why|why|192.0.2.1");
    }

    @Test
    void bracedVariablesConditionalsAndDollars() {
        RblReplyTemplate template = RblReplyTemplate.parse("${rbl_domain}x ${rbl_txt?[$rbl_txt]}${rbl_txt:no reason} $$5");
        assertThat(template.format(Map.of("rbl_domain", "z.test", "rbl_txt", "T"))).isEqualTo("z.testx [T] $5");
        assertThat(template.format(Map.of("rbl_domain", "z.test"))).isEqualTo("z.testx no reason $5");
    }

    @Test
    void conditionalsNest() {
        RblReplyTemplate template = RblReplyTemplate.parse("a${rbl_txt?b${helo_name?c$helo_name}d}e");
        assertThat(template.format(Map.of("rbl_txt", "t", "helo_name", "h"))).isEqualTo("abchde");
        assertThat(template.format(Map.of("rbl_txt", "t"))).isEqualTo("abde");
        assertThat(template.format(Map.of())).isEqualTo("ae");
    }

    @Test
    void valuesAreSanitizedAndTheTextIsBounded() {
        String hostile = "spam\r\n250 OK\u0000é";
        assertThat(RblReply.postfixDefault().format(request("192.0.2.1"), listed(hostile)).text())
            .endsWith("; spam??250 OK??");
        String huge = "x".repeat(2000);
        assertThat(RblReply.postfixDefault().format(request("192.0.2.1"), listed(huge)).text()).hasSize(RblReplyTemplate.MAX_LENGTH);
    }

    @Test
    void parsesCodesAndDefaultsTheEnhancedStatusAndText() {
        RblReply reply = RblReply.parse("550 Blocked by $rbl_domain");
        assertThat(reply.code()).isEqualTo(550);
        assertThat(reply.enhancedStatus()).isEqualTo("5.7.1");
        assertThat(reply.format(request("192.0.2.1"), listed(null)).line()).isEqualTo("550 5.7.1 Blocked by bl.example.test");
        assertThat(RblReply.parse("521 5.7.0").format(request("192.0.2.1"), listed(null)).line())
            .isEqualTo("521 5.7.0 Service unavailable; Client host [192.0.2.1] blocked using bl.example.test");
    }

    @Test
    void readsPostfixDefaultRblReplyWithItsCodeVariable() {
        String postfix = "$rbl_code Service unavailable; $rbl_class [$rbl_what] blocked using $rbl_domain${rbl_reason?; $rbl_reason}";
        assertThat(RblReply.fromPostfix(postfix, 554)).isEqualTo(new RblReply(554, "5.7.1", RblReplyTemplate.parse(postfix.substring(10))));
        assertThat(RblReply.fromPostfix(postfix, 554).format(request("192.0.2.1"), listed("Listed")).line())
            .isEqualTo("554 5.7.1 Service unavailable; Client host [192.0.2.1] blocked using bl.example.test; Listed");
        assertThat(RblReply.fromPostfix("${rbl_code} 5.7.0 Go away", 521).format(request("192.0.2.1"), listed(null)).line())
            .isEqualTo("521 5.7.0 Go away");
        assertThat(RblReply.fromPostfix("450 4.7.1 Later", 554).code()).isEqualTo(450);
        assertThatThrownBy(() -> RblReply.fromPostfix("$rbl_codes x", 554)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theDeferReplyIsTemporary() {
        DnsblResult failed = DnsblResult.failed(ZONE, "no answer within 2000 ms");
        assertThat(RblReply.deferDefault().format(request("192.0.2.1"), failed).line())
            .isEqualTo("450 4.7.1 Service unavailable; Client host [192.0.2.1] not checked: bl.example.test did not answer; "
                + "try again later");
        assertThatThrownBy(() -> DnsblFailurePolicy.defer(RblReply.parse("554 5.7.1 x")))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("'554 5.7.1 x' is permanent")
            .hasMessageContaining("expected a 4XX reply");
    }

    @Test
    void refusesUnknownVariablesAndBadSyntaxNamingTheTemplate() {
        assertThatThrownBy(() -> RblReplyTemplate.parse("blocked by $rbl_zone"))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageStartingWith("reply template 'blocked by $rbl_zone': unknown variable $rbl_zone; expected one of [client_address,");
        assertThatThrownBy(() -> RblReplyTemplate.parse("costs 5$"))
            .hasMessage("reply template 'costs 5$': '$' is not followed by a variable name (write $$ for a dollar sign)");
        assertThatThrownBy(() -> RblReplyTemplate.parse("${rbl_txt?open"))
            .hasMessage("reply template '${rbl_txt?open': a '${' is not closed by '}'");
        assertThatThrownBy(() -> RblReplyTemplate.parse("${rbl_txt"))
            .hasMessage("reply template '${rbl_txt': a '${' is not closed by '}'");
        assertThatThrownBy(() -> RblReplyTemplate.parse("${rbl_txt!x}"))
            .hasMessage("reply template '${rbl_txt!x}': '!' after ${rbl_txt; expected '}', '?' or ':'");
    }

    @Test
    void refusesBadCodesNamingTheReply() {
        assertThatThrownBy(() -> RblReply.parse("250 fine"))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("250");
        assertThatThrownBy(() -> RblReply.parse("554 4.7.1 x"))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("4.7.1");
        assertThatThrownBy(() -> RblReply.parse("blocked"))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageStartingWith("DNSBL reply 'blocked': expected 4NN or 5NN");
    }
}
