package org.jamesantispam.it.hostile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.jamesantispam.it.hostile.HostileClient.SENDER;
import static org.jamesantispam.it.hostile.HostileClient.ehloReply;
import static org.jamesantispam.it.hostile.HostileClient.message;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

import org.apache.james.GuiceJamesServer;
import org.apache.james.utils.DataProbeImpl;
import org.jamesantispam.it.clients.RawSmtpConnection;
import org.jamesantispam.it.clients.SmtpReply;
import org.jamesantispam.it.james.AntispamJames;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Postfix's {@code smtpd_recipient_limit = 1000} in the reference configuration (James'
 * {@code MaxRcptHandler} with {@code <maxRcpt>1000</maxRcpt>}): 1,000 recipients in one transaction
 * are accepted and each gets the message once; the 1,001st is deferred with {@code 452 4.5.3}.
 *
 * <p>The 1,000 recipients are aliases {@code list-0} .. {@code list-999}, each of one of ten
 * mailboxes {@code member-0} .. {@code member-9} ({@code list-N} belongs to {@code member-(N mod 10)}):
 * every mailbox must get exactly one copy (James merges recipients that resolve to the same
 * mailbox, as Postfix does).
 *
 * <p>Run twice: {@link RecipientLimitTest} without the content filter, and
 * {@link RecipientLimitWithSpamdTest} through the whole reference pipeline with a real spamd (one
 * scan, a verdict for each of the 1,000 recipients).
 */
abstract class RecipientLimitCases {
    private static final int LIMIT = 1000;
    private static final int MEMBERS = 10;

    @RegisterExtension
    JamesLog log = new JamesLog();

    private static GuiceJamesServer server;
    private static final List<Mailbox> members = new ArrayList<>();

    @BeforeAll
    static void setUp(GuiceJamesServer jamesServer) throws Exception {
        server = jamesServer;
        members.clear(); // static, shared by the subclasses, which run one after the other in one JVM
        AntispamJames.addDemoUsers(server);
        for (int member = 0; member < MEMBERS; member++) {
            members.add(Mailbox.create(server, "member-" + member));
        }
        DataProbeImpl data = server.getProbe(DataProbeImpl.class);
        for (int alias = 0; alias <= LIMIT; alias++) {
            data.addUserAliasMapping("list-" + alias, AntispamJames.DOMAIN, members.get(alias % MEMBERS).address());
        }
    }

    private static String list(int alias) {
        return "list-" + alias + "@" + AntispamJames.DOMAIN;
    }

    @Test
    void thousandRecipientsAreAcceptedTheNextOneIsDeferred() {
        String message = message(list(0), "to a thousand");
        try (RawSmtpConnection client = HostileClient.connect(smtp())) {
            assertThat(client.command("EHLO mail.example.org").text()).isEqualTo(ehloReply("mail.example.org"));
            assertThat(client.command("MAIL FROM:<" + SENDER + ">").line()).isEqualTo("250 2.1.0 Sender <" + SENDER + "> OK");
            StringBuilder rcpts = new StringBuilder();
            IntStream.rangeClosed(0, LIMIT).forEach(alias -> rcpts.append("RCPT TO:<").append(list(alias)).append(">\r\n"));
            client.write(rcpts.toString());
            List<SmtpReply> replies = client.readReplies(LIMIT + 1);
            for (int alias = 0; alias < LIMIT; alias++) {
                assertThat(replies.get(alias).line()).isEqualTo("250 2.1.5 Recipient <" + list(alias) + "> OK");
            }
            assertThat(replies.get(LIMIT).line()).isEqualTo("452 4.5.3 Requested action not taken: max recipients reached");

            assertThat(client.command("DATA").line()).isEqualTo("354 Ok Send data ending with <CRLF>.<CRLF>");
            assertThat(client.command(message + ".").line()).isEqualTo("250 2.6.0 Message received");

            // The limit is per transaction: the next one starts from zero.
            assertThat(client.command("MAIL FROM:<" + SENDER + ">").line()).isEqualTo("250 2.1.0 Sender <" + SENDER + "> OK");
            assertThat(client.command("RCPT TO:<" + list(LIMIT) + ">").line()).isEqualTo("250 2.1.5 Recipient <" + list(LIMIT) + "> OK");
            assertThat(client.command("RSET").line()).isEqualTo("250 2.0.0 OK");
        }
        for (Mailbox member : members) {
            assertThat(Octets.text(member.awaitOnlyMessage())).as(member.address()).endsWith(message);
        }
        NextClient.assertServed(server, "thousand-recipients");
        for (Mailbox member : members) {
            assertThat(member.count()).as(member.address()).isEqualTo(1);
        }
    }

    private static int smtp() {
        return AntispamJames.smtpPort(server);
    }
}
