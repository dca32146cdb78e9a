package org.jamesantispam.matchers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;

import javax.mail.MessagingException;

import org.apache.james.core.MailAddress;
import org.apache.mailet.Attribute;
import org.apache.mailet.AttributeName;
import org.apache.mailet.AttributeValue;
import org.apache.mailet.Mail;
import org.apache.mailet.base.test.FakeMail;
import org.apache.mailet.base.test.FakeMatcherConfig;
import org.jamesantispam.core.table.TableLocator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IsRefusedByAccessTableTest {
    private static final Attribute TRUSTED = new Attribute(AttributeName.of("org.apache.james.SMTPIsAuthNetwork"), AttributeValue.of(true));

    @TempDir
    Path dir;

    private Path table(String name, String... lines) throws IOException {
        return Files.writeString(dir.resolve(name), String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
    }

    private static IsRefusedByAccessTable matcher(String condition) throws MessagingException {
        return matcher(new IsRefusedByAccessTable(), condition);
    }

    private static IsRefusedByAccessTable matcher(IsRefusedByAccessTable matcher, String condition) throws MessagingException {
        matcher.init(FakeMatcherConfig.builder().matcherName("IsRefusedByAccessTable").condition(condition).build());
        return matcher;
    }

    private static FakeMail.Builder mail(String sender, String... recipients) throws MessagingException {
        FakeMail.Builder builder = FakeMail.builder().name("m").sender(sender)
            .remoteAddr("192.0.2.1").remoteHost("192.0.2.1")
            .attribute(new Attribute(Mail.SMTP_HELO, AttributeValue.of("mail.example.org")));
        for (String recipient : recipients) {
            builder.recipient(recipient);
        }
        return builder;
    }

    @Test
    void matchesEveryRecipientOfARefusedSender() throws Exception {
        Path sender = table("sender_access", "bob@spam.test REJECT", "spam.test DEFER later", "friend@spam.test OK");
        IsRefusedByAccessTable matcher = matcher("sender:hash:" + sender);
        assertThat(matcher.match(mail("bob@spam.test", "alice@example.test", "carol@example.test").build()))
            .containsExactly(new MailAddress("alice@example.test"), new MailAddress("carol@example.test"));
        assertThat(matcher.match(mail("eve@spam.test", "alice@example.test").build())).hasSize(1);
        assertThat(matcher.match(mail("friend@spam.test", "alice@example.test").build())).isEmpty();
        assertThat(matcher.match(mail("bob@example.org", "alice@example.test").build())).isEmpty();
    }

    @Test
    void theNullSenderIsLookedUpAsAngleBrackets() throws Exception {
        Path sender = table("sender_access", "<> 550 no bounces");
        FakeMail bounce = FakeMail.builder().name("m").recipient("alice@example.test").remoteAddr("192.0.2.1").build();
        assertThat(matcher("sender:hash:" + sender).match(bounce)).hasSize(1);
    }

    @Test
    void recipientKindMatchesOnlyTheRefusedRecipients() throws Exception {
        Path recipients = table("recipient_access", "/^postmaster@/ REJECT", "/^info@/ OK");
        IsRefusedByAccessTable matcher = matcher("recipient:regexp:" + recipients);
        assertThat(matcher.match(mail("bob@example.org", "alice@example.test", "postmaster@example.test", "info@example.test").build()))
            .containsExactly(new MailAddress("postmaster@example.test"));
    }

    @Test
    void clientKindUsesTheRemoteAddressAndResolvedName() throws Exception {
        Path clients = table("clients.cidr", "192.0.2.0/24 REJECT");
        IsRefusedByAccessTable byAddress = matcher("client:cidr:" + clients);
        assertThat(byAddress.match(mail("bob@example.org", "alice@example.test").build())).hasSize(1);
        assertThat(byAddress.match(mail("bob@example.org", "alice@example.test").remoteAddr("198.51.100.1").build())).isEmpty();
        assertThat(byAddress.match(mail("bob@example.org", "alice@example.test").remoteAddr("not-an-address").build())).isEmpty();

        Path names = table("client_access", ".dynamic.example.net REJECT");
        IsRefusedByAccessTable byName = matcher("client:hash:" + names);
        assertThat(byName.match(mail("bob@example.org", "alice@example.test")
            .remoteAddr("198.51.100.1").remoteHost("host-1.dynamic.example.net").build())).hasSize(1);
        assertThat(byName.match(mail("bob@example.org", "alice@example.test").remoteAddr("198.51.100.1").build())).isEmpty();
    }

    @Test
    void heloKindUsesTheHeloAttribute() throws Exception {
        Path helo = table("helo_access", ".example.org REJECT forged");
        IsRefusedByAccessTable matcher = matcher("helo:hash:" + helo);
        assertThat(matcher.match(mail("bob@example.org", "alice@example.test").build())).hasSize(1);
        FakeMail withoutHelo = FakeMail.builder().name("m").sender("bob@example.org").recipient("alice@example.test").build();
        assertThat(matcher.match(withoutHelo)).isEmpty();
    }

    @Test
    void onlyRefusalsMatch() throws Exception {
        Path sender = table("sender_access",
            "a@x.test DISCARD", "b@x.test HOLD", "c@x.test WARN", "d@x.test DUNNO", "e@x.test someclass", "f@x.test 421 busy");
        IsRefusedByAccessTable matcher = matcher("sender:hash:" + sender);
        for (String quiet : new String[] {"a@x.test", "b@x.test", "c@x.test", "d@x.test", "e@x.test"}) {
            assertThat(matcher.match(mail(quiet, "alice@example.test").build())).as(quiet).isEmpty();
        }
        assertThat(matcher.match(mail("f@x.test", "alice@example.test").build())).hasSize(1);
    }

    @Test
    void trustedClientsAreSkippedUnlessAskedTo() throws Exception {
        Path sender = table("sender_access", "bob@spam.test REJECT");
        Mail trusted = mail("bob@spam.test", "alice@example.test").attribute(TRUSTED).build();
        assertThat(matcher("sender:hash:" + sender).match(trusted)).isEmpty();
        assertThat(matcher("sender:hash:" + sender + " includeTrusted").match(trusted)).hasSize(1);
    }

    @Test
    void anEditedTableTakesEffect() throws Exception {
        Path sender = table("sender_access", "bob@spam.test OK");
        IsRefusedByAccessTable matcher = matcher(new IsRefusedByAccessTable(TableLocator.plainPaths(), Duration.ZERO), "sender:hash:" + sender);
        assertThat(matcher.match(mail("bob@spam.test", "alice@example.test").build())).isEmpty();
        Files.writeString(sender, "bob@spam.test REJECT\n");
        Files.setLastModifiedTime(sender, FileTime.fromMillis(Files.getLastModifiedTime(sender).toMillis() + 1000));
        assertThat(matcher.match(mail("bob@spam.test", "alice@example.test").build())).hasSize(1);
    }

    @Test
    void refusesBadConditionsNamingWhatIsExpected() throws Exception {
        Path good = table("sender_access", "a@b.test OK");
        assertThatThrownBy(() -> matcher(null))
            .isInstanceOf(MessagingException.class).hasMessageContaining("condition is ''; expected 'kind:type:location [includeTrusted]'");
        assertThatThrownBy(() -> matcher("sender:hash:" + good + " everyone"))
            .hasMessageContaining("condition is 'sender:hash:" + good + " everyone'");
        assertThatThrownBy(() -> matcher("from:hash:" + good))
            .hasMessageContaining("has kind 'from'; expected");
        assertThatThrownBy(() -> matcher("sender:pcre:" + good))
            .hasMessageContaining("unsupported type 'pcre:'");
        assertThatThrownBy(() -> matcher("sender:hash:file://conf/sender_access"))
            .hasMessageContaining("cannot resolve 'file://conf/sender_access'");
        Path broken = table("broken", "a@b.test OK", "c@d.test FILTER smtp:[127.0.0.1]:10025");
        assertThatThrownBy(() -> matcher("sender:hash:" + broken))
            .isInstanceOf(MessagingException.class)
            .hasMessageContaining(broken + ":2: action FILTER is not supported");
    }
}
