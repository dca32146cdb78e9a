package org.jamesantispam.smtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Properties;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import javax.mail.Session;
import javax.mail.internet.MimeMessage;

import org.apache.commons.configuration2.XMLConfiguration;
import org.apache.commons.configuration2.io.FileHandler;
import org.apache.james.protocols.smtp.hook.HookResult;
import org.apache.james.protocols.smtp.hook.HookReturnCode;
import org.apache.mailet.AttributeName;
import org.apache.mailet.AttributeUtils;
import org.apache.mailet.base.test.FakeMail;
import org.jamesantispam.core.attachments.BannedAttachmentParameters;
import org.junit.jupiter.api.Test;

class BannedAttachmentHookTest {
    private static BannedAttachmentHook hook(String handlerBody) throws Exception {
        XMLConfiguration chain = new XMLConfiguration();
        new FileHandler(chain).load(new StringReader("<handlerchain><handler class=\"x\">" + handlerBody + "</handler></handlerchain>"));
        BannedAttachmentHook hook = new BannedAttachmentHook();
        hook.init(chain.configurationsAt("handler").get(0));
        return hook;
    }

    static byte[] zip(String... names) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            for (String name : names) {
                zip.putNextEntry(new ZipEntry(name));
                zip.write(new byte[] {1, 2, 3});
                zip.closeEntry();
            }
        }
        return bytes.toByteArray();
    }

    static FakeMail mail(String fileName, byte[] content) throws Exception {
        String message = "Subject: files\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\n"
            + "Content-Type: text/plain\r\n\r\nsee attached\r\n--b\r\nContent-Type: application/octet-stream; name=\"" + fileName + "\"\r\n"
            + "Content-Transfer-Encoding: base64\r\n\r\n" + Base64.getMimeEncoder().encodeToString(content) + "\r\n--b--\r\n";
        return FakeMail.builder().name("mail1")
            .mimeMessage(new MimeMessage(Session.getInstance(new Properties()), new ByteArrayInputStream(message.getBytes(StandardCharsets.US_ASCII))))
            .sender("bob@example.org").recipient("alice@example.test").build();
    }

    @Test
    void exeInsideZipIsRefused() throws Exception {
        HookResult result = hook("").decide(mail("invoice.zip", zip("readme.txt", "setup.exe")), "127.0.0.2", "h");
        assertThat(result.getResult()).isEqualTo(HookReturnCode.deny());
        assertThat(result.getSmtpRetCode() + " " + result.getSmtpDescription())
            .isEqualTo("554 5.7.0 Message rejected: banned attachment setup.exe in invoice.zip");
        assertThat(hook("").decide(mail("invoice.zip", zip("readme.txt")), "127.0.0.2", "h")).isEqualTo(HookResult.DECLINED);
    }

    @Test
    void pastALimitTheOperatorChooses() throws Exception {
        FakeMail unchecked = mail("many.zip", zip("a.txt", "b.txt", "c.txt"));
        assertThat(hook("<maxEntries>2</maxEntries>").decide(unchecked, "c", "h")).isEqualTo(HookResult.DECLINED);
        assertThat(AttributeUtils.getValueAndCastFromMail(unchecked, AttributeName.of(BannedAttachmentParameters.UNCHECKED_ATTRIBUTE), String.class))
            .contains("many.zip: more than 2 archive entries");
        HookResult banned = hook("<maxEntries>2</maxEntries><onLimit>banned</onLimit>").decide(mail("many.zip", zip("a.txt", "b.txt", "c.txt")), "c", "h");
        assertThat(banned.getSmtpRetCode() + " " + banned.getSmtpDescription())
            .isEqualTo("554 5.7.0 Message rejected: attachment could not be checked: many.zip: more than 2 archive entries");
    }

    @Test
    void configurationErrorsNameTheProblem() {
        assertThatThrownBy(() -> hook("<onLimit>maybe</onLimit>")).hasMessageContaining("BannedAttachmentHook: <onLimit> is 'maybe'");
        assertThatThrownBy(() -> hook("<maxExpandedSize>lots</maxExpandedSize>")).hasMessageContaining("<maxExpandedSize> is 'lots'");
        assertThatThrownBy(() -> hook("<maxDepth>5M</maxDepth>")).hasMessageContaining("<maxDepth> is '5M'; expected a whole number");
        assertThatThrownBy(() -> hook("<pattern>(</pattern>")).hasMessageContaining("bad pattern '('");
        assertThatThrownBy(() -> hook("<banned>x</banned>")).hasMessageContaining("unknown parameter <banned>");
    }
}
