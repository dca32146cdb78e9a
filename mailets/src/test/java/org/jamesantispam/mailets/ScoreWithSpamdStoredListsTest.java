package org.jamesantispam.mailets;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;

import javax.mail.MessagingException;

import org.apache.james.core.builder.MimeMessageBuilder;
import org.apache.james.metrics.tests.RecordingMetricFactory;
import org.apache.mailet.base.test.FakeMail;
import org.apache.mailet.base.test.FakeMailetConfig;
import org.jamesantispam.core.lists.InMemorySpamListStore;
import org.jamesantispam.core.lists.ListEntry;
import org.jamesantispam.core.lists.SpamList;
import org.jamesantispam.core.spam.Category;
import org.jamesantispam.core.spam.Listing;
import org.jamesantispam.core.spam.RecipientVerdict;
import org.jamesantispam.core.spam.ScanResult;
import org.jamesantispam.core.spam.mail.SpamAttributes;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** ScoreWithSpamd consults the run-time lists on every message, after init(), beside its configured lists. */
class ScoreWithSpamdStoredListsTest {
    private static int closedPort;
    private final InMemorySpamListStore lists = new InMemorySpamListStore();

    @BeforeAll
    static void findClosedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
    }

    private ScoreWithSpamd mailet(String blockSenders) throws MessagingException {
        ScoreWithSpamd mailet = new ScoreWithSpamd(new RecordingMetricFactory(), lists);
        mailet.init(FakeMailetConfig.builder().mailetName("ScoreWithSpamd")
            .setProperty("spamdHosts", "127.0.0.1:" + closedPort)
            .setProperty("connectTimeout", "1s")
            .setProperty("timeout", "5s")
            .setProperty("localDomains", ".example.test")
            .setProperty("blockSenders", blockSenders)
            .build());
        return mailet;
    }

    private static RecipientVerdict verdict(ScoreWithSpamd mailet, String sender, String recipient) throws MessagingException {
        FakeMail mail = FakeMail.builder().name("m").sender(sender).recipients(recipient)
            .mimeMessage(MimeMessageBuilder.mimeMessageBuilder().setSubject("hello").setText("body"))
            .build();
        mailet.service(mail);
        return SpamAttributes.verdicts(mail).get(recipient);
    }

    @Test
    void anEditChangesTheNextMessageWithoutANewInit() throws Exception {
        ScoreWithSpamd mailet = mailet(".blocked.test");
        assertThat(verdict(mailet, "bob@example.org", "alice@example.test").category()).isEqualTo(Category.UNCHECKED);

        lists.add(SpamList.ALLOW_SENDERS, ListEntry.of(SpamList.ALLOW_SENDERS, "bob@example.org"));
        RecipientVerdict allowed = verdict(mailet, "bob@example.org", "alice@example.test");
        assertThat(allowed.listing()).isEqualTo(Listing.ALLOWED);
        assertThat(allowed.category()).isEqualTo(Category.CLEAN);
        assertThat(allowed.scan().status()).as("lists decide: spamd not asked").isEqualTo(ScanResult.Status.NOT_SCANNED);

        lists.add(SpamList.BLOCK_SENDERS, ListEntry.of(SpamList.BLOCK_SENDERS, "eve@example.org"));
        assertThat(verdict(mailet, "eve@example.org", "alice@example.test").isBlocked()).isTrue();

        lists.add(SpamList.ALLOW_SENDERS, ListEntry.of(SpamList.ALLOW_SENDERS, "friend@mx.blocked.test"));
        assertThat(verdict(mailet, "friend@mx.blocked.test", "alice@example.test").listing())
            .as("a stored allow entry wins over a configured block entry").isEqualTo(Listing.ALLOWED);
        assertThat(verdict(mailet, "other@mx.blocked.test", "alice@example.test").listing()).isEqualTo(Listing.BLOCKED);

        lists.add(SpamList.SPAM_LOVERS, ListEntry.of(SpamList.SPAM_LOVERS, "alice@example.test"));
        RecipientVerdict loved = verdict(mailet, "eve@example.org", "alice@example.test");
        assertThat(loved.spamLover()).isTrue();
        assertThat(loved.isBlocked()).isFalse();
    }
}
