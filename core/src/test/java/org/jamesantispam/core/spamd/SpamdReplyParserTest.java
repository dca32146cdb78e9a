package org.jamesantispam.core.spamd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;

import org.jamesantispam.core.spamd.SpamdException.Failure;
import org.junit.jupiter.api.Test;

class SpamdReplyParserTest {
    private static final SpamdEndpoint SPAMD = new SpamdEndpoint("127.0.0.1", 783);

    /** The body spamd 4.0.1 gave to REPORT for GTUBE (report template of the stock rules). */
    private static final String REPORT = """
        Spam detection software, running on the system "vm",
        has identified this incoming email as possible spam.  The original
        message has been attached to this so you can view it or label
        similar future email.  If you have any questions, see
        @@CONTACT_ADDRESS@@ for details.

        Content preview:  This is the GTUBE, the Generic Test for Unsolicited Bulk Email
           If your spam filter supports it, the GTUBE provides a test by which you can
           verify that the filter is installed correctly and is detecting incoming spam.
           You can send yourself a test mail containing t [...]\s

        Content analysis details:   (1000.0 points, 5.0 required)

         pts rule name              description
        ---- ---------------------- --------------------------------------------------
        -0.0 NO_RECEIVED            Informational: message has no Received headers
        -0.0 NO_RELAYS              Informational: message was not relayed via SMTP
        1000 GTUBE                  BODY: Generic Test for Unsolicited Bulk Email
         1.2 LONG_RULE_NAME_WITH_A_VERY_LONG_DESCRIPTION This description is long and
                                    continues on the next line
        -1.9 BAYES_00               BODY: Bayes spam probability is 0 to 1%
                                    [score: 0.0000]

        """;

    @Test
    void acceptsOkStatusAndRefusesErrorsAndGarbage() throws Exception {
        SpamdReplyParser.checkStatus("SPAMD/1.1 0 EX_OK");
        assertThatThrownBy(() -> SpamdReplyParser.checkStatus("SPAMD/1.0 76 Bad header line: BOGUS SPAMC/1.5"))
            .isInstanceOf(SpamdException.class).hasMessageContaining("spamd error 76").hasMessageContaining("Bad header line")
            .extracting(e -> ((SpamdException) e).failure()).isEqualTo(Failure.BAD_REPLY);
        assertThatThrownBy(() -> SpamdReplyParser.checkStatus("HTTP/1.1 200 OK"))
            .isInstanceOf(SpamdException.class).hasMessageContaining("not a spamd reply");
    }

    @Test
    void readsScoreThresholdAndSymbols() throws Exception {
        SpamdReply reply = SpamdReplyParser.reply(Map.of("spam", "True ; 1000.0 / 5.0"), "GTUBE,NO_RECEIVED,NO_RELAYS\r\n",
            SpamdCommand.SYMBOLS, SPAMD);
        assertThat(reply.spam()).isTrue();
        assertThat(reply.score()).isEqualTo(1000.0);
        assertThat(reply.threshold()).isEqualTo(5.0);
        assertThat(reply.rules()).extracting(RuleHit::name).containsExactly("GTUBE", "NO_RECEIVED", "NO_RELAYS");
        assertThat(reply.endpoint()).isEqualTo(SPAMD);
    }

    @Test
    void readsNegativeScoresAndNoSymbols() throws Exception {
        SpamdReply reply = SpamdReplyParser.reply(Map.of("spam", "False ; -0.1 / 5.0"), "", SpamdCommand.SYMBOLS, SPAMD);
        assertThat(reply.spam()).isFalse();
        assertThat(reply.score()).isEqualTo(-0.1);
        assertThat(reply.rules()).isEmpty();
    }

    @Test
    void readsRuleScoresFromTheReportTable() throws Exception {
        SpamdReply reply = SpamdReplyParser.reply(Map.of("spam", "True ; 1000.0 / 5.0"), REPORT, SpamdCommand.REPORT, SPAMD);
        assertThat(reply.rules()).extracting(RuleHit::toString)
            .containsExactly("NO_RECEIVED=0.0", "NO_RELAYS=0.0", "GTUBE=1000.0", "LONG_RULE_NAME_WITH_A_VERY_LONG_DESCRIPTION=1.2", "BAYES_00=-1.9");
    }

    @Test
    void aReportWithoutTableGivesNoRules() throws Exception {
        SpamdReply reply = SpamdReplyParser.reply(Map.of("spam", "True ; 7.0 / 5.0"), "custom report template\n", SpamdCommand.REPORT, SPAMD);
        assertThat(reply.score()).isEqualTo(7.0);
        assertThat(reply.rules()).isEmpty();
    }

    @Test
    void refusesMissingOrMalformedSpamHeaderAndBadSymbols() {
        assertThatThrownBy(() -> SpamdReplyParser.reply(Map.of(), "", SpamdCommand.SYMBOLS, SPAMD))
            .isInstanceOf(SpamdException.class).hasMessageContaining("no Spam: header");
        assertThatThrownBy(() -> SpamdReplyParser.reply(Map.of("spam", "maybe ; lots"), "", SpamdCommand.SYMBOLS, SPAMD))
            .isInstanceOf(SpamdException.class).hasMessageContaining("malformed Spam: header");
        assertThatThrownBy(() -> SpamdReplyParser.reply(Map.of("spam", "True ; 5.0 / 5.0"), "GTUBE,<script>", SpamdCommand.SYMBOLS, SPAMD))
            .isInstanceOf(SpamdException.class).hasMessageContaining("bad rule name");
    }
}
