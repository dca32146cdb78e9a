package org.jamesantispam.repository;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.apache.james.core.MailAddress;
import org.apache.james.core.builder.MimeMessageBuilder;
import org.apache.james.mailrepository.api.MailKey;
import org.apache.james.server.core.MailImpl;
import org.apache.mailet.Attribute;
import org.apache.mailet.AttributeName;
import org.apache.mailet.AttributeValue;
import org.apache.mailet.Mail;
import org.apache.mailet.PerRecipientHeaders.Header;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.google.common.collect.ImmutableList;

class FileMailRepositoryTest {
    @TempDir
    Path dir;

    private static Mail mail(String name, String sender) throws Exception {
        MailImpl.Builder builder = MailImpl.builder().name(name)
            .addRecipients(new MailAddress("alice@example.test"), new MailAddress("carol@example.test"))
            .mimeMessage(MimeMessageBuilder.mimeMessageBuilder().setSubject("Cheap pills").setText("buy now")
                .addHeader("X-Quarantine-ID", "<" + name + ">"))
            .state("spam")
            .errorMessage("none")
            .remoteAddr("203.0.113.7")
            .remoteHost("spammer.example.org")
            .addAttribute(new Attribute(AttributeName.of("org.jamesantispam.spam.score"), AttributeValue.of(1000.5)))
            .addAttribute(new Attribute(AttributeName.of("org.jamesantispam.spam.verdicts"),
                AttributeValue.of(Map.of("alice@example.test", AttributeValue.of("category=SPAM;score=1000.5")))))
            .addHeaderForRecipient(Header.builder().name("X-Spam-Flag").value("YES").build(), new MailAddress("alice@example.test"));
        return sender == null ? builder.build() : builder.sender(sender).build();
    }

    private static String raw(Mail mail) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        mail.getMessage().writeTo(out);
        return out.toString(java.nio.charset.StandardCharsets.UTF_8);
    }

    @Test
    void storesAndReadsBackEnvelopeAttributesHeadersAndMessage() throws Exception {
        FileMailRepository repository = new FileMailRepository(dir);
        Mail original = mail("spam-ABCdef123456", "bob@example.org");

        MailKey key = repository.store(original);
        Mail read = repository.retrieve(key);

        assertThat(key).isEqualTo(new MailKey("spam-ABCdef123456"));
        assertThat(read.getName()).isEqualTo("spam-ABCdef123456");
        assertThat(read.getMaybeSender().asString()).isEqualTo("bob@example.org");
        assertThat(read.getRecipients()).containsExactly(new MailAddress("alice@example.test"), new MailAddress("carol@example.test"));
        assertThat(read.getState()).isEqualTo("spam");
        assertThat(read.getErrorMessage()).isEqualTo("none");
        assertThat(read.getRemoteAddr()).isEqualTo("203.0.113.7");
        assertThat(read.getRemoteHost()).isEqualTo("spammer.example.org");
        assertThat(read.getLastUpdated()).isEqualTo(original.getLastUpdated());
        assertThat(read.getAttribute(AttributeName.of("org.jamesantispam.spam.score"))).contains(
            new Attribute(AttributeName.of("org.jamesantispam.spam.score"), AttributeValue.of(1000.5)));
        assertThat(read.getAttribute(AttributeName.of("org.jamesantispam.spam.verdicts")).orElseThrow().getValue().getValue())
            .isEqualTo(Map.of("alice@example.test", AttributeValue.of("category=SPAM;score=1000.5")));
        assertThat(read.getPerRecipientSpecificHeaders().getHeadersForRecipient(new MailAddress("alice@example.test")))
            .containsExactly(Header.builder().name("X-Spam-Flag").value("YES").build());
        assertThat(read.getMessage().getSubject()).isEqualTo("Cheap pills");
        assertThat(raw(read)).isEqualTo(raw(original));
    }

    @Test
    void survivesARestartAndKeepsTheNullSender() throws Exception {
        new FileMailRepository(dir).store(mail("bounce-1", null));
        FileMailRepository reopened = new FileMailRepository(dir);
        assertThat(reopened.size()).isEqualTo(1);
        assertThat(reopened.retrieve(new MailKey("bounce-1")).getMaybeSender().isNullSender()).isTrue();
    }

    @Test
    void listsReplacesAndRemoves() throws Exception {
        FileMailRepository repository = new FileMailRepository(dir);
        repository.store(mail("Mail1-2-!345", "a@x.test"));
        repository.store(mail("spam-2", "b@x.test"));
        repository.store(mail("spam-2", "c@x.test"));

        assertThat(ImmutableList.copyOf(repository.list())).containsExactlyInAnyOrder(new MailKey("Mail1-2-!345"), new MailKey("spam-2"));
        assertThat(repository.retrieve(new MailKey("spam-2")).getMaybeSender().asString()).isEqualTo("c@x.test");

        repository.remove(new MailKey("Mail1-2-!345"));
        assertThat(repository.size()).isEqualTo(1);
        assertThat(repository.retrieve(new MailKey("Mail1-2-!345"))).isNull();
        repository.removeAll();
        assertThat(repository.size()).isZero();
        try (var files = Files.list(dir)) {
            assertThat(files.toList()).isEmpty();
        }
    }

    @Test
    void keysCannotEscapeTheDirectory() throws Exception {
        FileMailRepository repository = new FileMailRepository(dir.resolve("q"));
        repository.store(mail("../../etc/evil", "a@x.test"));
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString()).toList()).containsExactly("q");
        }
        assertThat(ImmutableList.copyOf(repository.list())).containsExactly(new MailKey("../../etc/evil"));
        assertThat(List.of(repository.retrieve(new MailKey("../../etc/evil")).getName())).containsExactly("../../etc/evil");
    }
}
