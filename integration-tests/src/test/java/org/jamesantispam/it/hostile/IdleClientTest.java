package org.jamesantispam.it.hostile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.jamesantispam.it.hostile.HostileClient.message;

import java.time.Duration;

import org.apache.james.GuiceJamesServer;
import org.apache.james.JamesServerExtension;
import org.jamesantispam.it.clients.RawSmtpConnection;
import org.jamesantispam.it.james.AntispamJames;
import org.jamesantispam.it.james.JamesConf;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Clients that stop talking, against the reference configuration with {@code <connectiontimeout>}
 * lowered from 360 to 2 seconds (to keep the test short): James closes the connection without a
 * reply once the client has been silent for that long (Postfix says
 * {@code 421 4.4.2 <host> Error: timeout exceeded} first), whether it never said anything or
 * stopped in the middle of its data. Nothing is delivered; the next client is served.
 */
class IdleClientTest {
    /** Far above the 2 s timeout: only a connection James never closes fails the test. */
    private static final Duration CLOSE_BOUND = Duration.ofSeconds(30);

    @RegisterExtension
    static JamesServerExtension james = AntispamJames.extension(JamesConf.reference().withoutContentFilter()
        .replace("smtpserver.xml", "<connectiontimeout>360</connectiontimeout>", "<connectiontimeout>2</connectiontimeout>"));

    @RegisterExtension
    JamesLog log = new JamesLog();

    private static GuiceJamesServer server;
    private static int smtp;

    @BeforeAll
    static void setUp(GuiceJamesServer jamesServer) throws Exception {
        server = jamesServer;
        AntispamJames.addDemoUsers(server);
        smtp = AntispamJames.smtpPort(server);
    }

    @Test
    void silentClientIsDisconnectedWithoutReply() {
        try (RawSmtpConnection client = HostileClient.connect(smtp)) {
            assertThat(client.closedByServer(CLOSE_BOUND)).isTrue();
        }
        NextClient.assertServed(server, "silent");
    }

    @Test
    void clientStallingMidDataIsDisconnectedAndNothingIsDelivered() {
        Mailbox mailbox = Mailbox.create(server, "stalled-mid-data");
        try (RawSmtpConnection client = HostileClient.connect(smtp)) {
            HostileClient.startData(client, mailbox.address());
            client.write(message(mailbox.address(), "stalled") + "and then noth");
            assertThat(client.closedByServer(CLOSE_BOUND)).isTrue();
        }
        NextClient.assertServed(server, "stalled-mid-data");
        mailbox.assertEmpty();
    }
}
