package org.jamesantispam.matchers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Properties;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import javax.mail.MessagingException;
import javax.mail.Session;
import javax.mail.internet.MimeMessage;

import org.apache.mailet.AttributeName;
import org.apache.mailet.AttributeUtils;
import org.apache.mailet.base.test.FakeMail;
import org.apache.mailet.base.test.FakeMatcherConfig;
import org.junit.jupiter.api.Test;

class HasBannedAttachmentTest {
    private static HasBannedAttachment matcher(String condition) throws MessagingException {
        HasBannedAttachment matcher = new HasBannedAttachment();
        matcher.init(FakeMatcherConfig.builder().matcherName("HasBannedAttachment").condition(condition).build());
        return matcher;
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
            + "Content-Type: text/plain\r\n\r\nsee attached\r\n--b\r\nContent-Type: application/zip\r\n"
            + "Content-Disposition: attachment; filename=\"" + fileName + "\"\r\nContent-Transfer-Encoding: base64\r\n\r\n"
            + Base64.getMimeEncoder().encodeToString(content) + "\r\n--b--\r\n";
        return FakeMail.builder().name("mail1")
            .mimeMessage(new MimeMessage(Session.getInstance(new Properties()), new ByteArrayInputStream(message.getBytes(StandardCharsets.US_ASCII))))
            .sender("bob@example.org").recipients("alice@example.test", "carol@example.test").build();
    }

    @Test
    void matchesEveryRecipientOfMailWithAnExeInAZip() throws Exception {
        FakeMail mail = mail("invoice.zip", zip("setup.exe"));
        assertThat(matcher(null).match(mail)).hasSize(2);
        assertThat(AttributeUtils.getValueAndCastFromMail(mail, HasBannedAttachment.BANNED, String.class)).contains("setup.exe in invoice.zip");
        assertThat(matcher("").match(mail("invoice.zip", zip("invoice.pdf")))).isEmpty();
    }

    @Test
    void conditionSetsExtensionsAndLimits() throws Exception {
        assertThat(matcher("extensions=scr, js").match(mail("a.zip", zip("setup.exe")))).isEmpty();
        assertThat(matcher("extensions=scr, js").match(mail("a.zip", zip("run.js")))).hasSize(2);
        assertThat(matcher("pattern=^invoice_\\d+\\.pdf\\.").match(mail("a.zip", zip("invoice_12.pdf.lnk")))).hasSize(2);
        FakeMail deep = mail("a.zip", zip("x.txt", "y.txt"));
        assertThat(matcher("maxEntries=1").match(deep)).isEmpty();
        assertThat(AttributeUtils.getValueAndCastFromMail(deep, AttributeName.of("org.jamesantispam.attachments.unchecked"), String.class))
            .contains("a.zip: more than 1 archive entries");
        assertThat(matcher("maxEntries=1; onLimit=banned").match(mail("a.zip", zip("x.txt", "y.txt")))).hasSize(2);
    }

    @Test
    void badConditionsAreRefused() {
        assertThatThrownBy(() -> matcher("exe")).hasMessageContaining("condition part 'exe' is not key=value");
        assertThatThrownBy(() -> matcher("depth=3")).hasMessageContaining("condition part 'depth=3' is not key=value");
        assertThatThrownBy(() -> matcher("onLimit=drop")).hasMessageContaining("<onLimit> is 'drop'");
    }
}
