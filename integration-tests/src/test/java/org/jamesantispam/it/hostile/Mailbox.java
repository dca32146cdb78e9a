package org.jamesantispam.it.hostile;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.james.GuiceJamesServer;
import org.apache.james.utils.DataProbeImpl;
import org.jamesantispam.it.clients.ImapReader;
import org.jamesantispam.it.james.AntispamJames;

/**
 * A user made for one test case, so that what each case delivers can be counted and read on its own:
 * {@code <localPart>@example.test}, password {@link AntispamJames#PASSWORD}, read over IMAP.
 *
 * <pre>{@code
 * Mailbox mailbox = Mailbox.create(server, "nul-in-data");
 * ... send to mailbox.address() ...
 * byte[] stored = mailbox.awaitOnlyMessage();
 * }</pre>
 */
final class Mailbox {
    private final String address;
    private final int imapPort;

    private Mailbox(String address, int imapPort) {
        this.address = address;
        this.imapPort = imapPort;
    }

    static Mailbox create(GuiceJamesServer server, String localPart) {
        String address = localPart + "@" + AntispamJames.DOMAIN;
        try {
            server.getProbe(DataProbeImpl.class).addUser(address, AntispamJames.PASSWORD);
        } catch (Exception e) {
            throw new IllegalStateException("cannot create user " + address, e);
        }
        return new Mailbox(address, AntispamJames.imapPort(server));
    }

    String address() {
        return address;
    }

    /** Waits until the INBOX holds exactly one message and returns it octet for octet as stored. */
    byte[] awaitOnlyMessage() {
        try (ImapReader imap = ImapReader.loginOctets(imapPort, address, AntispamJames.PASSWORD)) {
            return imap.awaitMessages("INBOX", 1).firstMessageOctets();
        }
    }

    /** How many messages the INBOX holds now. */
    long count() {
        try (ImapReader imap = ImapReader.login(imapPort, address, AntispamJames.PASSWORD)) {
            return imap.count("INBOX");
        }
    }

    /** Fails unless the INBOX is empty now. */
    void assertEmpty() {
        assertThat(count()).as("messages delivered to " + address).isZero();
    }
}
