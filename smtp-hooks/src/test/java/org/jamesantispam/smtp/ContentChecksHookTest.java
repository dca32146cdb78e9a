package org.jamesantispam.smtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

import javax.mail.Session;
import javax.mail.internet.MimeMessage;

import org.apache.commons.configuration2.XMLConfiguration;
import org.apache.commons.configuration2.io.FileHandler;
import org.apache.james.protocols.smtp.hook.HookResult;
import org.apache.james.protocols.smtp.hook.HookReturnCode;
import org.apache.mailet.base.test.FakeMail;
import org.jamesantispam.core.content.ContentChecks;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ContentChecksHookTest {
    @TempDir
    Path dir;

    private ContentChecksHook hook(String handlerBody) throws Exception {
        XMLConfiguration chain = new XMLConfiguration();
        new FileHandler(chain).load(new StringReader("<handlerchain><handler class=\"org.jamesantispam.smtp.ContentChecksHook\">"
            + handlerBody + "</handler></handlerchain>"));
        ContentChecksHook hook = new ContentChecksHook();
        hook.init(chain.configurationsAt("handler").get(0));
        return hook;
    }

    private Path table(String name, String text) throws Exception {
        return Files.writeString(dir.resolve(name), text);
    }

    private static FakeMail mail(String message) throws Exception {
        return FakeMail.builder().name("mail1")
            .mimeMessage(new MimeMessage(Session.getInstance(new Properties()), new ByteArrayInputStream(message.getBytes(StandardCharsets.UTF_8))))
            .sender("bob@example.org").recipient("alice@example.test").build();
    }

    private static String reply(HookResult result) {
        return result.getSmtpRetCode() + " " + result.getSmtpDescription();
    }

    @Test
    void guideRulesRefuseWithPostfixReplies() throws Exception {
        Path header = table("header_checks", "/Make Money/ REJECT\n/VIAGRA/ REJECT\n/Marketing/ REJECT Marketing not wanted\n");
        ContentChecksHook hook = hook("<headerChecks>" + header + "</headerChecks>");
        HookResult money = hook.decide(mail("Subject: Make Money Fast\r\n\r\nhi\r\n"), "127.0.0.2", "mail.example.org");
        assertThat(money.getResult()).isEqualTo(HookReturnCode.deny());
        assertThat(reply(money)).isEqualTo("550 5.7.1 message content rejected");
        assertThat(reply(hook.decide(mail("Subject: our Marketing plan\r\n\r\nhi\r\n"), "127.0.0.2", "h")))
            .isEqualTo("550 5.7.1 Marketing not wanted");
        assertThat(hook.decide(mail("Subject: lunch\r\n\r\nMake Money in the body\r\n"), "127.0.0.2", "h")).isEqualTo(HookResult.DECLINED);
    }

    @Test
    void temporaryRejectAndDiscard() throws Exception {
        Path body = table("body_checks", "/try later/ REJECT 4.7.1 Try again later\n/^drop me$/ DISCARD\n/^hold me$/ HOLD\n");
        ContentChecksHook hook = hook("<bodyChecks>" + body + "</bodyChecks>");
        HookResult later = hook.decide(mail("Subject: x\r\n\r\nplease try later\r\n"), "127.0.0.2", "h");
        assertThat(later.getResult()).isEqualTo(HookReturnCode.denySoft());
        assertThat(reply(later)).isEqualTo("450 4.7.1 Try again later");
        HookResult discard = hook.decide(mail("Subject: x\r\n\r\ndrop me\r\n"), "127.0.0.2", "h");
        assertThat(discard.getResult()).isEqualTo(HookReturnCode.ok());
        assertThat(discard.getSmtpDescription()).isEqualTo("2.6.0 Message received");
        assertThat(hook.decide(mail("Subject: x\r\n\r\nhold me\r\n"), "127.0.0.2", "h")).isEqualTo(HookResult.DECLINED);
    }

    @Test
    void mimeHeaderChecksDefaultToHeaderChecksAndCanBeSwitchedOff() throws Exception {
        Path header = table("header_checks", "/name=\"?.*\\.exe/ REJECT\n");
        String message = "Subject: x\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\n"
            + "Content-Type: application/octet-stream; name=\"a.exe\"\r\n\r\nAAAA\r\n--b--\r\n";
        assertThat(hook("<headerChecks>" + header + "</headerChecks>").decide(mail(message), "c", "h").getResult())
            .isEqualTo(HookReturnCode.deny());
        assertThat(hook("<headerChecks>" + header + "</headerChecks><mimeHeaderChecks></mimeHeaderChecks>").decide(mail(message), "c", "h"))
            .isEqualTo(HookResult.DECLINED);
        assertThat(hook("<headerChecks>" + header + "</headerChecks><mimeHeaderChecks/>").decide(mail(message), "c", "h"))
            .isEqualTo(HookResult.DECLINED);
    }

    @Test
    void configurationErrorsNameTheProblem() throws Exception {
        Path broken = table("broken", "/ok/ REJECT\n\n/(bad/ REJECT\n");
        assertThatThrownBy(() -> hook("<headerChecks>" + broken + "</headerChecks>"))
            .hasMessageStartingWith(broken + ":3: bad pattern /(bad/");
        assertThatThrownBy(() -> hook("<headerChecks>" + dir.resolve("missing") + "</headerChecks>"))
            .hasMessage(dir.resolve("missing") + ": no such file");
        assertThatThrownBy(() -> hook("<headerCheck>x</headerCheck>"))
            .hasMessageContaining("ContentChecksHook: unknown parameter <headerCheck>");
        assertThatThrownBy(() -> hook(""))
            .hasMessageContaining("ContentChecksHook: no table configured");
        Path ok = table("ok", "/x/ REJECT\n");
        assertThatThrownBy(() -> hook("<headerChecks>" + ok + "</headerChecks><headerSizeLimit>big</headerSizeLimit>"))
            .hasMessageContaining("ContentChecksHook: <headerSizeLimit> is 'big'; expected a whole number");
        assertThatThrownBy(() -> hook("<headerChecks>" + ok + "</headerChecks><bodyMode>cooked</bodyMode>"))
            .hasMessageContaining("<bodyMode> is 'cooked'; expected raw or decoded");
    }

    @Test
    void aMessageWithoutAnyHitCarriesTheFingerprintOfTheCheckForTheMailet() throws Exception {
        Path body = table("body_checks", "/^hold me$/ HOLD\n/^noon$/ DUNNO\n");
        ContentChecksHook hook = hook("<bodyChecks>" + body + "</bodyChecks>");
        FakeMail clean = mail("Subject: x\r\n\r\nnoon\r\n");
        assertThat(hook.decide(clean, "127.0.0.2", "h")).isEqualTo(HookResult.DECLINED);
        String expected = org.jamesantispam.core.content.ContentChecksParameters.parse("test",
                name -> name.equals("bodyChecks") ? java.util.Optional.of(body.toString()) : java.util.Optional.empty(), Path::of)
            .fingerprint(clean.getMessage());
        assertThat(clean.getAttribute(org.apache.mailet.AttributeName.of(ContentChecks.CLEAN_SCAN_ATTRIBUTE)))
            .hasValueSatisfying(attribute -> assertThat(attribute.getValue().getValue()).isEqualTo(expected));

        FakeMail held = mail("Subject: x\r\n\r\nhold me\r\n");
        assertThat(hook.decide(held, "127.0.0.2", "h")).isEqualTo(HookResult.DECLINED);
        assertThat(held.getAttribute(org.apache.mailet.AttributeName.of(ContentChecks.CLEAN_SCAN_ATTRIBUTE)))
            .as("a hit left to the mailet: no fingerprint, the mailet scans").isEmpty();
    }
}
