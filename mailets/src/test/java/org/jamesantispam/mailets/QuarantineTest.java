package org.jamesantispam.mailets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.jamesantispam.mailets.JudgedMails.judged;
import static org.jamesantispam.mailets.JudgedMails.scanned;
import static org.jamesantispam.mailets.JudgedMails.spamMessage;

import java.util.List;

import javax.mail.MessagingException;

import org.apache.james.core.MailAddress;
import org.apache.james.mailrepository.api.MailKey;
import org.apache.james.mailrepository.api.MailRepository;
import org.apache.james.mailrepository.api.MailRepositoryUrl;
import org.apache.mailet.Mail;
import org.apache.mailet.base.test.FakeMail;
import org.apache.mailet.base.test.FakeMailContext;
import org.apache.mailet.base.test.FakeMailetConfig;
import org.jamesantispam.core.runtime.ActiveComponents;
import org.jamesantispam.core.spam.QuarantineArea;
import org.jamesantispam.core.spam.QuarantineReason;
import org.jamesantispam.core.spam.mail.QuarantineAttributes;
import org.jamesantispam.core.spam.mail.SpamAttributes;
import org.junit.jupiter.api.Test;

class QuarantineTest {
    private static final String REPOSITORY = "memory://var/mail/quarantine/";
    private final TestRepositoryStore store = new TestRepositoryStore();
    private final FakeMailContext context = FakeMailContext.defaultContext();

    private final ActiveComponents components = new ActiveComponents();

    private Quarantine mailet(String... keyValues) throws MessagingException {
        FakeMailetConfig.Builder config = FakeMailetConfig.builder().mailetName("Quarantine").mailetContext(context);
        for (int i = 0; i < keyValues.length; i += 2) {
            config.setProperty(keyValues[i], keyValues[i + 1]);
        }
        Quarantine mailet = new Quarantine(store);
        mailet.setComponents(components);
        mailet.init(config.build());
        return mailet;
    }

    @Test
    void storesACopyUnderTheQuarantineIdWithEnvelopeAndVerdict() throws Exception {
        FakeMail mail = judged("bob@x.test", scanned(1000, "GTUBE"), spamMessage(), "alice@example.test", "carol@example.test");
        mailet("repository", REPOSITORY).service(mail);

        String id = SpamAttributes.quarantineId(mail).orElseThrow();
        assertThat(id).matches("spam-[A-Za-z0-9]{12}");
        MailRepository repository = store.select(MailRepositoryUrl.from(REPOSITORY));
        assertThat(repository.size()).isEqualTo(1);
        Mail stored = repository.retrieve(new MailKey(id));
        assertThat(stored.getMaybeSender().asString()).isEqualTo("bob@x.test");
        assertThat(stored.getRecipients()).containsExactly(new MailAddress("alice@example.test"), new MailAddress("carol@example.test"));
        assertThat(SpamAttributes.verdicts(stored)).containsKeys("alice@example.test", "carol@example.test");
        assertThat(stored.getMessage().getHeader("X-Quarantine-ID")).containsExactly("<" + id + ">");
        assertThat(stored.getMessage().getHeader("X-Envelope-From")).containsExactly("<bob@x.test>");
        assertThat(stored.getMessage().getHeader("X-Envelope-To")[0]).contains("<alice@example.test>").contains("<carol@example.test>");
        assertThat(stored.getMessage().getHeader("X-Spam-Flag")).containsExactly("YES");
        assertThat(stored.getMessage().getHeader("X-Spam-Score")).containsExactly("1000.0");
        assertThat(stored.getMessage().getMessageID()).isEqualTo("<spam-1@bad.test>");
        assertThat(mail.getMessage().getHeader("X-Quarantine-ID")).as("the original is unchanged").isNull();
        assertThat(mail.getState()).isNotEqualTo(Mail.GHOST);
    }

    /**
     * Found by the whole-corpus soak: a real spam (SpamAssassin corpus spam-2/00571) whose
     * Content-Type has a parameter list of semicolons only. Saving the copy used to throw, which
     * sent the spam to the error processor (and a bounce to its sender). It is quarantined and
     * forwarded as received.
     */
    @Test
    void aMessageWithAMalformedContentTypeIsQuarantinedAndForwardedAsReceived() throws Exception {
        String raw = "From: Spammer <spammer@x.test>\r\n"
            + "Subject: malformed\r\n"
            + "Message-ID: <malformed@bad.test>\r\n"
            + "Content-Type: text/html;;;;;;;;;;;;;;; ;;;;;;;;;;;;;;;;;;;\r\n"
            + "\r\n"
            + "<html><body>buy now</body></html>\r\n";
        FakeMail mail = judged("bob@x.test", scanned(1000, "GTUBE"), spamMessage(), "alice@example.test");
        mail.setMessage(new javax.mail.internet.MimeMessage(javax.mail.Session.getInstance(new java.util.Properties()),
            new java.io.ByteArrayInputStream(raw.getBytes(java.nio.charset.StandardCharsets.US_ASCII))));

        mailet("repository", REPOSITORY, "forwardTo", "spam-quarantine@example.test").service(mail);

        String id = SpamAttributes.quarantineId(mail).orElseThrow();
        Mail stored = store.select(MailRepositoryUrl.from(REPOSITORY)).retrieve(new MailKey(id));
        java.io.ByteArrayOutputStream written = new java.io.ByteArrayOutputStream();
        stored.getMessage().writeTo(written);
        assertThat(written.toString(java.nio.charset.StandardCharsets.US_ASCII))
            .contains("X-Quarantine-ID: <" + id + ">")
            .contains("Content-Type: text/html;;;;;;;;;;;;;;; ;;;;;;;;;;;;;;;;;;;\r\n")
            .endsWith("\r\n\r\n<html><body>buy now</body></html>\r\n");
        assertThat(stored.getMessage().getMessageID()).isEqualTo("<malformed@bad.test>");
        assertThat(context.getSentMails()).hasSize(1);
        assertThat(context.getSentMails().get(0).getMsg().getHeader("X-Quarantine-ID")).containsExactly("<" + id + ">");
    }

    @Test
    void forwardsToTheQuarantineAddressKeepingTheEnvelopeSender() throws Exception {
        FakeMail mail = judged("bob@x.test", scanned(1000, "GTUBE"), spamMessage(), "alice@example.test");
        mailet("forwardTo", "spam-quarantine@example.test").service(mail);

        assertThat(context.getSentMails()).hasSize(1);
        FakeMailContext.SentMail sent = context.getSentMails().get(0);
        assertThat(sent.getSender()).isEqualTo(new MailAddress("bob@x.test"));
        assertThat(sent.getRecipients()).containsExactly(new MailAddress("spam-quarantine@example.test"));
        assertThat(sent.getState()).isEqualTo("transport");
        assertThat(sent.getMsg().getHeader("X-Quarantine-ID")[0]).isEqualTo("<" + SpamAttributes.quarantineId(mail).orElseThrow() + ">");
        assertThat(sent.getMsg().getSubject()).isEqualTo("Cheap pills");
    }

    @Test
    void theNullSenderStaysNull() throws Exception {
        FakeMail mail = judged(null, scanned(1000, "GTUBE"), spamMessage(), "alice@example.test");
        mailet("forwardTo", "spam-quarantine@example.test", "forwardProcessor", "local-delivery").service(mail);
        FakeMailContext.SentMail sent = context.getSentMails().get(0);
        assertThat(sent.getSender()).isNull();
        assertThat(sent.getState()).isEqualTo("local-delivery");
        assertThat(sent.getMsg().getHeader("X-Envelope-From")).containsExactly("<>");
    }

    @Test
    void quarantinesOnlyOnce() throws Exception {
        FakeMail mail = judged("bob@x.test", scanned(1000, "GTUBE"), spamMessage(), "alice@example.test");
        Quarantine mailet = mailet("repository", REPOSITORY, "forwardTo", "spam-quarantine@example.test");
        mailet.service(mail);
        mailet.service(mail);
        assertThat(store.select(MailRepositoryUrl.from(REPOSITORY)).size()).isEqualTo(1);
        assertThat(context.getSentMails()).hasSize(1);
    }

    @Test
    void refusesConfigurationsWithoutDestinationOrWithBadValues() {
        assertThatThrownBy(() -> mailet()).hasMessageContaining("neither <repository> nor <forwardTo>");
        assertThatThrownBy(() -> mailet("repository", "nosuch://var/q/")).hasMessageContaining("<repository> is 'nosuch://var/q/'");
        assertThatThrownBy(() -> mailet("forwardTo", "not an address")).hasMessageContaining("not an email address");
        assertThatThrownBy(() -> mailet("repository", REPOSITORY, "to", "x@y.test")).hasMessageContaining("unknown parameter <to>");
    }

    @Test
    void theReasonPrefixesTheIdIsStoredAndTheRepositoryIsRegistered() throws Exception {
        FakeMail mail = judged("bob@x.test", scanned(1000, "GTUBE"), spamMessage(), "alice@example.test");
        long before = System.currentTimeMillis();
        mailet("repository", REPOSITORY, "reason", "banned").service(mail);

        String id = SpamAttributes.quarantineId(mail).orElseThrow();
        assertThat(id).matches("banned-[A-Za-z0-9]{12}");
        Mail stored = store.select(MailRepositoryUrl.from(REPOSITORY)).retrieve(new MailKey(id));
        assertThat(QuarantineAttributes.reason(stored)).isEqualTo(QuarantineReason.BANNED);
        assertThat(stored.getLastUpdated().getTime()).as("quarantine time").isGreaterThanOrEqualTo(before);
        assertThat(components.all(QuarantineArea.class)).containsExactly(new QuarantineArea(REPOSITORY, QuarantineReason.BANNED));
    }

    @Test
    void theDefaultReasonIsSpamAndForwardOnlyRegistersNothing() throws Exception {
        FakeMail mail = judged("bob@x.test", scanned(1000, "GTUBE"), spamMessage(), "alice@example.test");
        mailet("forwardTo", "spam-quarantine@example.test").service(mail);
        assertThat(QuarantineAttributes.reason(mail)).isEqualTo(QuarantineReason.SPAM);
        assertThat(components.all(QuarantineArea.class)).isEmpty();
    }

    @Test
    void anUnknownReasonFailsInit() {
        assertThatThrownBy(() -> mailet("repository", REPOSITORY, "reason", "virus"))
            .hasMessage("Quarantine: <reason> is 'virus'; expected one of spam, banned, held");
    }

    @Test
    void idsAreUnique() {
        assertThat(List.of(Quarantine.newId(QuarantineReason.SPAM), Quarantine.newId(QuarantineReason.SPAM), Quarantine.newId(QuarantineReason.BANNED))).doesNotHaveDuplicates();
    }
}
