package org.jamesantispam.it.james;

import static org.apache.james.data.UsersRepositoryModuleChooser.Implementation.DEFAULT;

import java.io.File;

import org.apache.james.GuiceJamesServer;
import org.apache.james.JamesServerBuilder;
import org.apache.james.JamesServerExtension;
import org.apache.james.MemoryJamesConfiguration;
import org.apache.james.MemoryJamesServerMain;
import org.apache.james.modules.protocols.ImapGuiceProbe;
import org.apache.james.modules.protocols.SmtpGuiceProbe;
import org.apache.james.server.core.configuration.Configuration.ConfigurationPath;
import org.apache.james.utils.DataProbeImpl;
import org.apache.james.utils.WebAdminGuiceProbe;

/**
 * A real Apache James 3.8.1 memory server, in process, with james-antispam's classes on its class
 * path and a configuration folder made from {@code james-conf/} ({@link JamesConf}). One server per
 * test class:
 *
 * <pre>{@code
 * @RegisterExtension
 * static JamesServerExtension james = AntispamJames.extension(JamesConf.reference());
 *
 * @Test
 * void test(GuiceJamesServer server) {
 *     int smtp = AntispamJames.smtpPort(server);
 * }
 * }</pre>
 * The demo identity (domain {@code example.test}, the default domain of the reference
 * configuration; users alice, postmaster, spamalert, spam-quarantine, password {@code secret}) is
 * created by {@link #addDemoUsers(GuiceJamesServer)}.
 */
public final class AntispamJames {
    public static final String DOMAIN = "example.test";
    public static final String PASSWORD = "secret";
    public static final String ALICE = "alice@example.test";
    public static final String[] DEMO_USERS = {ALICE, "postmaster@example.test", "spamalert@example.test", "spam-quarantine@example.test"};

    private AntispamJames() {
    }

    /** A per-class James server using {@code conf}; call {@link #addDemoUsers} in {@code @BeforeAll}. */
    public static JamesServerExtension extension(JamesConf conf) {
        return builder(conf).build();
    }

    /**
     * A per-class James server that the test starts and stops itself
     * ({@code getGuiceJamesServer().start()} / {@code stop()}): several such servers can run one
     * after the other in one class (two at once would collide on James' JMX names).
     */
    public static JamesServerExtension manualExtension(JamesConf conf) {
        return builder(conf).disableAutoStart().build();
    }

    /**
     * {@link #manualExtension(JamesConf)} with extra Guice modules overriding the server's (e.g. a
     * benchmark's own {@code GuiceProbe}, bound with {@code Multibinder.newSetBinder(binder,
     * GuiceProbe.class).addBinding().to(MyProbe.class)}).
     */
    public static JamesServerExtension manualExtension(JamesConf conf, com.google.inject.Module... overrides) {
        return builder(conf).overrideServerModule(com.google.inject.util.Modules.combine(overrides)).disableAutoStart().build();
    }

    private static JamesServerBuilder<MemoryJamesConfiguration> builder(JamesConf conf) {
        return new JamesServerBuilder<MemoryJamesConfiguration>(tmpDir -> configuration(tmpDir, conf))
            .server(MemoryJamesServerMain::createServer)
            .lifeCycle(JamesServerExtension.Lifecycle.PER_CLASS);
    }

    private static MemoryJamesConfiguration configuration(File workingDirectory, JamesConf conf) {
        conf.writeTo(workingDirectory.toPath().resolve("conf"));
        return MemoryJamesConfiguration.builder()
            .workingDirectory(workingDirectory)
            .configurationPath(new ConfigurationPath("file://conf/"))
            .usersRepository(DEFAULT)
            .build();
    }

    public static int smtpPort(GuiceJamesServer server) {
        return server.getProbe(SmtpGuiceProbe.class).getSmtpPort().getValue();
    }

    public static int imapPort(GuiceJamesServer server) {
        return server.getProbe(ImapGuiceProbe.class).getImapPort();
    }

    public static int webAdminPort(GuiceJamesServer server) {
        return server.getProbe(WebAdminGuiceProbe.class).getWebAdminPort().getValue();
    }

    /** Creates the demo users (idempotent). */
    public static void addDemoUsers(GuiceJamesServer server) throws Exception {
        DataProbeImpl probe = server.getProbe(DataProbeImpl.class);
        for (String user : DEMO_USERS) {
            if (!java.util.Arrays.asList(probe.listUsers()).contains(user)) {
                probe.addUser(user, PASSWORD);
            }
        }
    }
}
