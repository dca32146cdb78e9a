package org.jamesantispam.it.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.awaitility.Awaitility;
import org.jamesantispam.it.clients.MailboxCensus;
import org.jamesantispam.it.clients.SmtpClient;
import org.jamesantispam.it.clients.SmtpReply;
import org.jamesantispam.it.james.AntispamJames;

/**
 * The messages of a fault-injection run: plain ham, each carrying {@code X-Fault-Id: <n>}, sent from
 * an untrusted internet client, and counted back in the recipient's INBOX over IMAP by that header,
 * so that a lost or duplicated message shows by its number.
 *
 * <pre>{@code
 * SmtpReply reply = NumberedMessages.send("127.0.0.3", smtp, 7, "alice@example.test");
 * Map<Integer, List<MailboxCensus.Entry>> delivered = NumberedMessages.awaitDelivered(imap, "alice@example.test", 30);
 * }</pre>
 */
final class NumberedMessages {
    static final String ID_HEADER = "X-Fault-Id";
    static final String SENDER = "bob@example.org";

    private NumberedMessages() {
    }

    static String message(int id, String recipient) {
        return "From: Bob <" + SENDER + ">\r\n"
            + "To: <" + recipient + ">\r\n"
            + "Subject: message " + id + "\r\n"
            + "Message-ID: <fault-" + id + "@example.org>\r\n"
            + "Date: Mon, 30 Nov 2026 08:00:00 +0000\r\n"
            + ID_HEADER + ": " + id + "\r\n"
            + "\r\n"
            + "Hello, this is message " + id + ".\r\n";
    }

    /** One transaction from {@code source}; the last reply (the reply to the end of data when all went well). */
    static SmtpReply send(String source, int smtpPort, int id, String recipient) {
        try (SmtpClient client = SmtpClient.connect(source, smtpPort)) {
            return client.send("mail.example.org", SENDER, message(id, recipient), recipient);
        }
    }

    /** Sends and requires {@code 250}. */
    static void sendAccepted(String source, int smtpPort, int id, String recipient) {
        SmtpReply reply = send(source, smtpPort, id, recipient);
        assertThat(reply.code()).as("message %d: %s", id, reply.line()).isEqualTo(250);
    }

    /**
     * Waits until {@code user}'s INBOX holds {@code expected} messages (at most 60 s), then waits 2 s
     * more for any duplicate, and returns the messages by number (header fields Subject,
     * X-Spam-Status, X-Fault-Id). A message without the header is under -1.
     */
    static Map<Integer, List<MailboxCensus.Entry>> awaitDelivered(int imapPort, String user, int expected) {
        try (MailboxCensus census = MailboxCensus.login(imapPort, user, AntispamJames.PASSWORD)) {
            Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .until(() -> census.read("INBOX", ID_HEADER).size() >= expected);
            try {
                Thread.sleep(2000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            Map<Integer, List<MailboxCensus.Entry>> byId = new TreeMap<>();
            for (MailboxCensus.Entry entry : census.read("INBOX", ID_HEADER, "Subject", "X-Spam-Status")) {
                int id = entry.value(ID_HEADER).map(Integer::parseInt).orElse(-1);
                byId.computeIfAbsent(id, any -> new ArrayList<>()).add(entry);
            }
            return byId;
        }
    }

    /** Numbers {@code from} (inclusive) to {@code to} (exclusive). */
    static List<Integer> range(int from, int to) {
        List<Integer> ids = new ArrayList<>();
        for (int i = from; i < to; i++) {
            ids.add(i);
        }
        return ids;
    }

    /** Fails unless the messages delivered are exactly {@code ids}, each once. */
    static void assertEachExactlyOnce(Map<Integer, List<MailboxCensus.Entry>> delivered, List<Integer> ids) {
        Map<Integer, Integer> counts = new TreeMap<>();
        delivered.forEach((id, copies) -> counts.put(id, copies.size()));
        Map<Integer, Integer> expected = new TreeMap<>();
        ids.forEach(id -> expected.put(id, 1));
        assertThat(counts).as("copies delivered, by message number (-1: without " + ID_HEADER + ")").isEqualTo(expected);
    }
}
