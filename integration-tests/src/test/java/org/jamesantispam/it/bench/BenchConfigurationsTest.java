package org.jamesantispam.it.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.jamesantispam.it.corpus.CorpusMessage;
import org.jamesantispam.it.james.JamesConf;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The benchmark's configurations (no James started): bare James keeps James' own handlers and
 * mailets and none of ours; the pipeline without spamd scoring lacks ScoreWithSpamd only; the
 * benchmark's header rules keep their count but match no corpus subject.
 */
class BenchConfigurationsTest {

    private static String read(Path dir, String file) throws IOException {
        return Files.readString(dir.resolve(file), StandardCharsets.UTF_8);
    }

    @Test
    void bareJamesHasNoneOfOursAndAllOfJames(@TempDir Path dir) throws IOException {
        BenchConfigurations.bare().writeTo(dir);
        String smtp = read(dir, "smtpserver.xml");
        String mailets = read(dir, "mailetcontainer.xml");

        assertThat(smtp).doesNotContain("<handler class=\"org.jamesantispam")
            .contains("MaxRcptHandler", "ValidRcptHandler", "CoreCmdHandlerLoader", "<bind>127.0.0.1:0</bind>");
        assertThat(mailets).doesNotContain("\"org.jamesantispam", "=org.jamesantispam", "state=\"spam\"")
            .contains("class=\"PostmasterAlias\"", "class=\"RemoveMimeHeaderByPrefix\"", "class=\"LocalDelivery\"",
                "state=\"transport\"", "state=\"local-delivery\"");
    }

    @Test
    void withoutSpamdScoringRemovesScoreWithSpamdOnly(@TempDir Path dir) throws IOException {
        BenchConfigurations.withoutSpamdScoring(() -> 5353).writeTo(dir);
        String reference = read(JamesConf.referenceDirectory(), "mailetcontainer.xml");
        String mailets = read(dir, "mailetcontainer.xml");

        assertThat(mailets).doesNotContain("org.jamesantispam.mailets.ScoreWithSpamd")
            .contains("org.jamesantispam.mailets.ApplyContentChecks", "org.jamesantispam.mailets.Quarantine",
                "org.jamesantispam.matchers.IsSpamUnchecked");
        int start = reference.indexOf("<mailet match=\"All\" class=\"org.jamesantispam.mailets.ScoreWithSpamd\">");
        String element = reference.substring(start, reference.indexOf("</mailet>", start) + "</mailet>".length());
        assertThat(mailets).isEqualTo(reference.replace(element, ""));
        assertThat(read(dir, "smtpserver.xml")).contains("<dnsbl_resolver>127.0.0.1:5353</dnsbl_resolver>");
    }

    @Test
    void benchHeaderRulesKeepTheirNumberButMissTheCorpus(@TempDir Path dir) throws IOException {
        BenchConfigurations.reference(() -> 7000, () -> 5353).writeTo(dir);
        String rules = read(dir, "header_checks");

        assertThat(rules).contains("/Make Money q7zx/ REJECT", "/VIAGRA q7zx/ REJECT", "/Marketing q7zx/ REJECT")
            .doesNotContain("/Marketing/ REJECT");
        assertThat(read(dir, "mailetcontainer.xml")).contains("<spamdHosts>127.0.0.1:7000</spamdHosts>");
    }

    @Test
    void corpusMessagesAreSentAsSmtpDataWithTheirOwnEnvelopeSender(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("m.eml");
        Files.writeString(file, "Return-Path: <bob@example.org>\nFrom: Bob <bob2@example.org>\nMessage-ID: <a@b>\n\n.hidden\nend",
            StandardCharsets.ISO_8859_1);

        CorpusMessage message = CorpusMessage.read(file);

        assertThat(message.envelopeSenders()).containsExactly("bob@example.org", "bob2@example.org", "");
        assertThat(message.messageId()).contains("<a@b>");
        assertThat(new String(message.smtpData(), StandardCharsets.ISO_8859_1))
            .isEqualTo("Return-Path: <bob@example.org>\r\nFrom: Bob <bob2@example.org>\r\nMessage-ID: <a@b>\r\n\r\n..hidden\r\nend\r\n");
    }
}
