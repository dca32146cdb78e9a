package org.jamesantispam.it.clients;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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

    private final ImapConnection connection;

    private MailboxCensus(ImapConnection connection) {
        this.connection = connection;
    }

    public static MailboxCensus login(int port, String user, String password) {
        return new MailboxCensus(ImapConnection.login(TestIMAPClient::new, port, user, password));
    }

    /** Every message of {@code mailbox} with its header fields {@code names} (see {@link ImapConnection#read}). */
    public List<Entry> read(String mailbox, String... names) {
        return connection.read(client -> {
            client.select(mailbox);
            return parse(client.sendCommand("UID FETCH 1:* (UID BODY.PEEK[HEADER.FIELDS (" + String.join(" ", names) + ")])"));
        });
    }

    /** {@link #read}, then deletes (and expunges) exactly the messages read. */
    public List<Entry> take(String mailbox, String... names) {
        List<Entry> entries = read(mailbox, names);
        if (!entries.isEmpty()) {
            long max = entries.stream().mapToLong(Entry::uid).max().getAsLong();
            try {
                // UIDs only grow: every message with a UID up to the largest read was in the FETCH.
                connection.client().sendCommand("UID STORE 1:" + max + " +FLAGS.SILENT (\\Deleted)");
                connection.client().sendCommand("EXPUNGE");
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
        connection.close();
    }
}
