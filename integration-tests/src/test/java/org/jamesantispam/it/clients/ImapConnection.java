package org.jamesantispam.it.clients;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.function.Supplier;

import org.apache.commons.net.MalformedServerReplyException;
import org.apache.james.utils.TestIMAPClient;

/**
 * A logged-in James {@link TestIMAPClient} that can read again on a new connection. commons-net's
 * IMAP reply reader (under TestIMAPClient) now and then fails on a FETCH answer ("unexpected IMAP
 * protocol response from server: ')'", seen in MalformedCorpusSpamTest and DryRunCheckTest) and
 * leaves the connection out of step; {@link #read} then logs in again and repeats the read, at most
 * {@value #ATTEMPTS} times in all. Only for reads without side effects (SELECT, FETCH BODY.PEEK).
 */
final class ImapConnection implements AutoCloseable {
    /** What to read with a client. */
    interface Read<T> {
        T from(TestIMAPClient client) throws IOException;
    }

    private static final int ATTEMPTS = 3;

    private final Supplier<TestIMAPClient> clients;
    private final int port;
    private final String user;
    private final String password;
    private TestIMAPClient client;

    private ImapConnection(Supplier<TestIMAPClient> clients, int port, String user, String password) {
        this.clients = clients;
        this.port = port;
        this.user = user;
        this.password = password;
    }

    /** Connects to James' IMAP server on 127.0.0.1:{@code port} and logs in. */
    static ImapConnection login(Supplier<TestIMAPClient> clients, int port, String user, String password) {
        ImapConnection connection = new ImapConnection(clients, port, user, password);
        connection.connect();
        return connection;
    }

    private void connect() {
        client = clients.get();
        try {
            client.connect("127.0.0.1", port).login(user, password);
        } catch (IOException e) {
            throw new UncheckedIOException("IMAP login failed for " + user, e);
        }
    }

    /** The client, for commands that are not to be repeated. */
    TestIMAPClient client() {
        return client;
    }

    /** {@code read}, repeated on a new connection after a malformed reply. */
    <T> T read(Read<T> read) {
        for (int attempt = 1; ; attempt++) {
            try {
                return read.from(client);
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

    @Override
    public void close() {
        try {
            client.close();
        } catch (IOException e) {
            // connection already gone
        }
    }
}
