package org.jamesantispam.mailets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import javax.mail.MessagingException;
import javax.mail.internet.MimeMessage;

import org.apache.james.core.builder.MimeMessageBuilder;
import org.apache.mailet.base.test.FakeMail;
import org.apache.mailet.base.test.FakeMailetConfig;
import org.junit.jupiter.api.Test;

class TagSubjectTest {
    private static TagSubject mailet(String tag) throws MessagingException {
        TagSubject mailet = new TagSubject();
        mailet.init(FakeMailetConfig.builder().mailetName("TagSubject").setProperty("tag", tag).build());
        return mailet;
    }

    private static FakeMail mail(String subject) throws MessagingException {
        MimeMessageBuilder message = MimeMessageBuilder.mimeMessageBuilder().setText("body");
        if (subject != null) {
            message.setSubject(subject);
        }
        return FakeMail.builder().name("m").mimeMessage(message).build();
    }

    @Test
    void prefixesTheSubjectKeepingTheQuotedTrailingSpace() throws Exception {
        FakeMail mail = mail("Hello");
        mailet("\"***Posible SPAM*** \"").service(mail);
        assertThat(mail.getMessage().getSubject()).isEqualTo("***Posible SPAM*** Hello");
    }

    @Test
    void tagsOnlyOnce() throws Exception {
        FakeMail mail = mail("Hello");
        TagSubject mailet = mailet("\"***Posible SPAM*** \"");
        mailet.service(mail);
        mailet.service(mail);
        assertThat(mail.getMessage().getSubject()).isEqualTo("***Posible SPAM*** Hello");
    }

    @Test
    void givesASubjectToAMessageWithoutOne() throws Exception {
        FakeMail mail = mail(null);
        mailet("\"***UNCHECKED*** \"").service(mail);
        assertThat(mail.getMessage().getSubject()).isEqualTo("***UNCHECKED***");
    }

    @Test
    void keepsNonAsciiSubjectsReadable() throws Exception {
        FakeMail mail = mail("Año nuevo");
        mailet("\"***Posible SPAM*** \"").service(mail);
        MimeMessage message = mail.getMessage();
        assertThat(message.getSubject()).isEqualTo("***Posible SPAM*** Año nuevo");
        assertThat(message.getHeader("Subject")[0]).startsWith("=?UTF-8?");
    }

    @Test
    void refusesMissingBlankOrBadTags() {
        assertThatThrownBy(() -> {
            TagSubject mailet = new TagSubject();
            mailet.init(FakeMailetConfig.builder().mailetName("TagSubject").build());
        }).hasMessageContaining("<tag> is required");
        assertThatThrownBy(() -> mailet("\"  \"")).hasMessageContaining("blank");
        assertThatThrownBy(() -> mailet("\"open")).hasMessageContaining("<tag>").hasMessageContaining("closing quote");
    }

    @Test
    void refusesUnknownParameters() {
        assertThatThrownBy(() -> {
            TagSubject mailet = new TagSubject();
            mailet.init(FakeMailetConfig.builder().mailetName("TagSubject").setProperty("tag", "x").setProperty("prefix", "y").build());
        }).hasMessageContaining("unknown parameter <prefix>");
    }

    @Test
    void tagsAMessageWhoseMimeStructureCannotBeParsed() throws Exception {
        String raw = "From: bob@example.org\r\nSubject: broken\r\nMIME-Version: 1.0\r\n"
            + "Content-Type: multipart/alternative; boundary=\r\n\r\n--\r\ngarbage\r\n";
        MimeMessage message = new MimeMessage(javax.mail.Session.getDefaultInstance(new java.util.Properties()),
            new java.io.ByteArrayInputStream(raw.getBytes(java.nio.charset.StandardCharsets.US_ASCII)));
        FakeMail mail = FakeMail.builder().name("m").mimeMessage(message).build();
        mailet("\"***UNCHECKED*** \"").service(mail);
        assertThat(mail.getMessage().getSubject()).isEqualTo("***UNCHECKED*** broken");
    }
}
