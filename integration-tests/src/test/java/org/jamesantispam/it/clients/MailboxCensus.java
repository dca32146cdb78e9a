package org.jamesantispam.it.clients;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.commons.net.MalformedServerReplyException;
import org.apache.james.utils.TestIMAPClient;

/**
 * Counts what a mailbox holds by one header, over real IMAP, one command for the whole mailbox
 * ({@code UID FETCH 1:* (UID BODY.PEEK[HEADER.FIELDS (name)])}): which messages carry which value,
 * without reading the messages themselves. {@link #take} also deletes the messages it has read
 * (their UIDs only, so a message arriving meanwhile is never deleted unread), which keeps a long run
 * from filling James' in-memory mailboxes.
 *
 * <pre>{@code
 * try (MailboxCensus census = MailboxCensus.login(imapPort, "alice@example.test", "secret")) {
 *     List<MailboxCensus.Entry> read = census.take("INBOX", "X-Soak-Id", "X-Spam-Status");
 *     // read.get(0).value("X-Soak-Id"): Optional.of("17"), or empty for a message without the header
 * }
 * }</pre>
 */
public final class MailboxCensus implements AutoCloseable {
    /** One message: its UID and the header fields asked for, as returned (unfolded). */
    public record Entry(long uid, String fields) {
        /** The first value of header {@code name}, if the message has it. */
        public Optional<String> value(String name) {
            Matcher value = Pattern.compile("(?im)^" + Pattern.quote(name) + ":[ \t]*(\\S[^\r\n]*)").matcher(fields);
            return value.find() ? Optional.of(value.group(1).strip()) : Optional.empty();
        }
    }

    private static final Pattern FETCH = Pattern.compile("^\\* \\d+ FETCH \\(", Pattern.MULTILINE);
    private static final Pattern UID = Pattern.compile("UID (\\d+)");

    /** Reads after a malformed reply (each on a new connection) before giving up. */
    private static final int ATTEMPTS = 3;

    private final int port;
    private final String user;
    private final String password;
    private TestIMAPClient client;

    private MailboxCensus(int port, String user, String password) {
        this.port = port;
        this.user = user;
        this.password = password;
    }

    public static MailboxCensus login(int port, String user, String password) {
        MailboxCensus census = new MailboxCensus(port, user, password);
        census.connect();
        return census;
    }

    private void connect() {
        client = new TestIMAPClient();
        try {
            client.connect("127.0.0.1", port).login(user, password);
        } catch (IOException e) {
            throw new UncheckedIOException("IMAP login failed for " + user, e);
        }
    }

    /**
     * Every message of {@code mailbox} with its header fields {@code names}. commons-net's IMAP
     * reply reader (under James' TestIMAPClient) has once failed on such a FETCH answer while
     * messages were arriving ("unexpected IMAP protocol response from server: ')'"), leaving the
     * connection out of step: the read (a PEEK, without side effects) is then repeated on a new
     * connection, at most {@value #ATTEMPTS} times in all.
     */
    public List<Entry> read(String mailbox, String... names) {
        for (int attempt = 1; ; attempt++) {
            try {
                client.select(mailbox);
                String reply = client.sendCommand("UID FETCH 1:* (UID BODY.PEEK[HEADER.FIELDS (" + String.join(" ", names) + ")])");
                return parse(reply);
            } catch (MalformedServerReplyException e) {
                if (attempt == ATTEMPTS) {
                    throw new UncheckedIOException(e);
                }
                close();
                connect();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** {@link #read}, then deletes (and expunges) exactly the messages read. */
    public List<Entry> take(String mailbox, String... names) {
        List<Entry> entries = read(mailbox, names);
        if (!entries.isEmpty()) {
            long max = entries.stream().mapToLong(Entry::uid).max().getAsLong();
            try {
                // UIDs only grow: every message with a UID up to the largest read was in the FETCH.
                client.sendCommand("UID STORE 1:" + max + " +FLAGS.SILENT (\\Deleted)");
                client.sendCommand("EXPUNGE");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return entries;
    }

    private static List<Entry> parse(String reply) {
        List<Entry> entries = new ArrayList<>();
        Matcher starts = FETCH.matcher(reply);
        List<Integer> positions = new ArrayList<>();
        while (starts.find()) {
            positions.add(starts.start());
        }
        for (int i = 0; i < positions.size(); i++) {
            String one = reply.substring(positions.get(i), i + 1 < positions.size() ? positions.get(i + 1) : reply.length());
            Matcher uid = UID.matcher(one);
            if (!uid.find()) {
                throw new IllegalStateException("no UID in the FETCH answer: " + one);
            }
            entries.add(new Entry(Long.parseLong(uid.group(1)), one.replaceAll("\r?\n[ \t]+", " ")));
        }
        return entries;
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
