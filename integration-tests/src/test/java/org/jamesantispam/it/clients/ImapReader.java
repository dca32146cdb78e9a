package org.jamesantispam.it.clients;

import static org.awaitility.Durations.ONE_HUNDRED_MILLISECONDS;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import org.apache.commons.net.imap.IMAPClient;
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
 * {@link #loginOctets} reads messages byte for byte instead (8-bit headers, NUL, bare CR or LF):
 * <pre>{@code
 * try (ImapReader imap = ImapReader.loginOctets(imapPort, "alice@example.test", "secret")) {
 *     byte[] stored = imap.awaitMessages("INBOX", 1).firstMessageOctets();
 * }
 * }</pre>
 */
public final class ImapReader implements AutoCloseable {
    /** How long delivery may take before a test fails. */
    public static final ConditionFactory DELIVERY = Awaitility.with().pollInterval(ONE_HUNDRED_MILLISECONDS)
        .and().pollDelay(Duration.ZERO).await().atMost(Duration.ofSeconds(30));

    /** The literal of a FETCH BODY[] answer: its size in octets, then CRLF, then the octets. */
    private static final Pattern LITERAL = Pattern.compile("BODY\\[\\] \\{(\\d+)\\}\r\n");

    private final ImapConnection connection;
    private final boolean octets;

    private ImapReader(ImapConnection connection, boolean octets) {
        this.connection = connection;
        this.octets = octets;
    }

    /** Logs in; messages are read as UTF-8 text. */
    public static ImapReader login(int port, String user, String password) {
        return new ImapReader(ImapConnection.login(TestIMAPClient::new, port, user, password), false);
    }

    /**
     * Logs in; messages are read as octets (commons-net's plain IMAP client speaks ISO-8859-1, one
     * character per octet), for {@link #firstMessageOctets()}.
     */
    public static ImapReader loginOctets(int port, String user, String password) {
        return new ImapReader(ImapConnection.login(() -> new TestIMAPClient(new IMAPClient()), port, user, password), true);
    }

    /** Selects {@code mailbox} and waits until it holds exactly {@code count} messages. */
    public ImapReader awaitMessages(String mailbox, int count) {
        try {
            connection.client().select(mailbox);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        connection.client().awaitMessageCount(DELIVERY, count);
        return this;
    }

    public long count(String mailbox) {
        try {
            return connection.client().getMessageCount(mailbox);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Every message of {@code mailbox}, raw (each as IMAP returned it: the FETCH response around it);
     * see {@link ImapConnection#read}.
     */
    public List<String> messages(String mailbox) {
        return connection.read(reader -> {
            reader.select(mailbox);
            long count = reader.getMessageCount(mailbox);
            List<String> messages = new ArrayList<>();
            for (long i = 1; i <= count; i++) {
                messages.add(reader.sendCommand("FETCH " + i + " (BODY.PEEK[])"));
            }
            return messages;
        });
    }

    /** Waits until a message of {@code mailbox} contains {@code text}, and returns it. */
    public String awaitMessageContaining(String mailbox, String text) {
        AtomicReference<String> found = new AtomicReference<>();
        DELIVERY.until(() -> {
            messages(mailbox).stream().filter(message -> message.contains(text)).findFirst().ifPresent(found::set);
            return found.get() != null;
        });
        return found.get();
    }

    /** The messages of {@code mailbox} that contain {@code text}. */
    public List<String> messagesContaining(String mailbox, String text) {
        return messages(mailbox).stream().filter(message -> message.contains(text)).toList();
    }

    /** The first message of the selected mailbox, raw (headers and body). */
    public String firstMessage() {
        try {
            return connection.client().readFirstMessage();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The first message of the selected mailbox exactly as stored, octet for octet (the literal of
     * {@code FETCH 1 BODY[]}). Only on a reader from {@link #loginOctets}.
     */
    public byte[] firstMessageOctets() {
        if (!octets) {
            throw new IllegalStateException("firstMessageOctets() needs a reader from ImapReader.loginOctets");
        }
        String reply = firstMessage();
        Matcher literal = LITERAL.matcher(reply);
        if (!literal.find()) {
            throw new IllegalStateException("no BODY[] literal in the FETCH answer: " + reply.substring(0, Math.min(200, reply.length())));
        }
        int start = literal.end();
        int length = Integer.parseInt(literal.group(1));
        return reply.substring(start, start + length).getBytes(StandardCharsets.ISO_8859_1);
    }

    @Override
    public void close() {
        connection.close();
    }
}
