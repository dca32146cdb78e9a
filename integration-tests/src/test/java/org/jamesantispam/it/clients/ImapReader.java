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

    /** Reads after a malformed reply (each on a new connection) before giving up. */
    private static final int ATTEMPTS = 3;

    private TestIMAPClient client;
    private final boolean octets;
    private int port;
    private String user;
    private String password;

    private ImapReader(TestIMAPClient client, boolean octets) {
        this.client = client;
        this.octets = octets;
    }

    /** Logs in; messages are read as UTF-8 text. */
    public static ImapReader login(int port, String user, String password) {
        return login(new ImapReader(new TestIMAPClient(), false), port, user, password);
    }

    /**
     * Logs in; messages are read as octets (commons-net's plain IMAP client speaks ISO-8859-1, one
     * character per octet), for {@link #firstMessageOctets()}.
     */
    public static ImapReader loginOctets(int port, String user, String password) {
        return login(new ImapReader(new TestIMAPClient(new IMAPClient()), true), port, user, password);
    }

    private static ImapReader login(ImapReader reader, int port, String user, String password) {
        reader.port = port;
        reader.user = user;
        reader.password = password;
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

    /** Every message of {@code mailbox}, raw (each as IMAP returned it: the FETCH response around it). */
    public List<String> messages(String mailbox) {
        for (int attempt = 1; ; attempt++) {
            try {
                client.select(mailbox);
                long count = client.getMessageCount(mailbox);
                List<String> messages = new ArrayList<>();
                for (long i = 1; i <= count; i++) {
                    messages.add(client.sendCommand("FETCH " + i + " (BODY.PEEK[])"));
                }
                return messages;
            } catch (org.apache.commons.net.MalformedServerReplyException e) {
                // commons-net's IMAP reply reader has failed on a FETCH answer now and then
                // ("unexpected IMAP protocol response from server: ')'"), leaving the connection out
                // of step: read again (BODY.PEEK: no side effect) on a new connection.
                if (attempt == ATTEMPTS) {
                    throw new UncheckedIOException(e);
                }
                reconnect();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private void reconnect() {
        close();
        client = octets ? new TestIMAPClient(new IMAPClient()) : new TestIMAPClient();
        login(this, port, user, password);
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
            return client.readFirstMessage();
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
        try {
            client.close();
        } catch (IOException e) {
            // connection already gone
        }
    }
}
