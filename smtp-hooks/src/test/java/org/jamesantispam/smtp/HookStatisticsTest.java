package org.jamesantispam.smtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import java.io.ByteArrayInputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

import javax.mail.Session;
import javax.mail.internet.MimeMessage;

import org.apache.commons.configuration2.HierarchicalConfiguration;
import org.apache.commons.configuration2.XMLConfiguration;
import org.apache.commons.configuration2.io.FileHandler;
import org.apache.commons.configuration2.tree.ImmutableNode;
import org.apache.james.protocols.smtp.hook.HookReturnCode;
import org.apache.mailet.base.test.FakeMail;
import org.jamesantispam.core.stats.AntispamStatistics;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the end-of-DATA hooks count in {@link AntispamStatistics} (webadmin {@code GET /antispam/stats}). */
class HookStatisticsTest {
    private final AntispamStatistics statistics = AntispamStatistics.detached();

    @TempDir
    Path dir;

    private static HierarchicalConfiguration<ImmutableNode> handler(String body) throws Exception {
        XMLConfiguration chain = new XMLConfiguration();
        new FileHandler(chain).load(new StringReader("<handlerchain><handler class=\"x\">" + body + "</handler></handlerchain>"));
        return chain.configurationsAt("handler").get(0);
    }

    private static FakeMail mail(String message) throws Exception {
        return FakeMail.builder().name("mail1")
            .mimeMessage(new MimeMessage(Session.getInstance(new Properties()), new ByteArrayInputStream(message.getBytes(StandardCharsets.UTF_8))))
            .sender("bob@example.org").recipient("alice@example.test").build();
    }

    @Test
    void contentChecksHookCountsRefusalsPerRuleAndNotDiscards() throws Exception {
        Path table = Files.writeString(dir.resolve("header_checks"), "/Make Money/ REJECT\n/later/ REJECT 4.7.1 Try later\n/drop/ DISCARD\n");
        ContentChecksHook hook = new ContentChecksHook(null, statistics);
        hook.init(handler("<headerChecks>" + table + "</headerChecks>"));

        assertThat(hook.decide(mail("Subject: Make Money Fast\r\n\r\nhi\r\n"), "127.0.0.2", "h").getResult()).isEqualTo(HookReturnCode.deny());
        assertThat(hook.decide(mail("Subject: Make Money Now\r\n\r\nhi\r\n"), "127.0.0.2", "h").getResult()).isEqualTo(HookReturnCode.deny());
        assertThat(hook.decide(mail("Subject: later\r\n\r\nhi\r\n"), "127.0.0.2", "h").getResult()).isEqualTo(HookReturnCode.denySoft());
        assertThat(hook.decide(mail("Subject: drop\r\n\r\nhi\r\n"), "127.0.0.2", "h").getResult()).isEqualTo(HookReturnCode.ok());
        hook.decide(mail("Subject: lunch\r\n\r\nhi\r\n"), "127.0.0.2", "h");

        assertThat(statistics.snapshot().rejectionsByCheck()).containsExactly(
            entry("header_checks header_checks:1 REJECT", 2L), entry("header_checks header_checks:2 REJECT", 1L));
        assertThat(statistics.snapshot().rejections()).isEqualTo(3);
        assertThat(statistics.snapshot().temporaryRejections()).isEqualTo(1);
        assertThat(statistics.snapshot().rejectionsByStage()).contains(entry("data", 3L));
        assertThat(statistics.snapshot().rejectionsByKind()).contains(entry("contentChecks", 3L));
    }

    @Test
    void bannedAttachmentHookCountsEachRefusedMessage() throws Exception {
        BannedAttachmentHook hook = new BannedAttachmentHook(statistics);
        hook.init(handler(""));

        assertThat(hook.decide(BannedAttachmentHookTest.mail("invoice.zip", BannedAttachmentHookTest.zip("setup.exe")), "127.0.0.2", "h")
            .getResult()).isEqualTo(HookReturnCode.deny());
        hook.decide(BannedAttachmentHookTest.mail("notes.zip", BannedAttachmentHookTest.zip("notes.txt")), "127.0.0.2", "h");

        assertThat(statistics.snapshot().rejectionsByCheck()).containsExactly(entry("banned attachment", 1L));
        assertThat(statistics.snapshot().rejectionsByKind()).contains(entry("bannedAttachments", 1L));
        assertThat(statistics.snapshot().rejectionsByStage()).contains(entry("data", 1L));
    }
}
