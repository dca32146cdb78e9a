package org.jamesantispam.it.clients;

import static org.awaitility.Durations.ONE_HUNDRED_MILLISECONDS;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;

import org.apache.james.utils.TestIMAPClient;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionFactory;

/**
 * Reads what was delivered, over real IMAP (James' {@link TestIMAPClient}, commons-net underneath).
 *
 * <pre>{@code
 * try (ImapReader imap = ImapReader.login(imapPort, "alice@example.test", "secret")) {
 *     String message = imap.awaitMessages("INBOX", 1).firstMessage();
 * }
 * }</pre>
 */
public final class ImapReader implements AutoCloseable {
    /** How long delivery may take before a test fails. */
    public static final ConditionFactory DELIVERY = Awaitility.with().pollInterval(ONE_HUNDRED_MILLISECONDS)
        .and().pollDelay(Duration.ZERO).await().atMost(Duration.ofSeconds(30));

    private final TestIMAPClient client = new TestIMAPClient();

    private ImapReader() {
    }

    public static ImapReader login(int port, String user, String password) {
        ImapReader reader = new ImapReader();
        try {
            reader.client.connect("127.0.0.1", port).login(user, password);
        } catch (IOException e) {
            throw new UncheckedIOException("IMAP login failed for " + user, e);
        }
        return reader;
    }

    /** Selects {@code mailbox} and waits until it holds exactly {@code count} messages. */
    public ImapReader awaitMessages(String mailbox, int count) {
        try {
            client.select(mailbox);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        client.awaitMessageCount(DELIVERY, count);
        return this;
    }

    public long count(String mailbox) {
        try {
            return client.getMessageCount(mailbox);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The first message of the selected mailbox, raw (headers and body). */
    public String firstMessage() {
        try {
            return client.readFirstMessage();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        try {
            client.close();
        } catch (IOException e) {
            // connection already gone
        }
    }
}
