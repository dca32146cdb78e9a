package org.jamesantispam.it.bench;

import static org.apache.james.data.UsersRepositoryModuleChooser.Implementation.DEFAULT;

import java.nio.file.Path;

import org.apache.james.GuiceJamesServer;
import org.apache.james.MemoryJamesConfiguration;
import org.apache.james.MemoryJamesServerMain;
import org.apache.james.mailbox.store.mail.NaiveThreadIdGuessingAlgorithm;
import org.apache.james.mailbox.store.mail.ThreadIdGuessingAlgorithm;
import org.apache.james.server.core.configuration.Configuration.ConfigurationPath;
import org.apache.james.utils.GuiceProbe;
import org.jamesantispam.it.james.AntispamJames;
import org.jamesantispam.it.james.JamesConf;

import com.google.inject.Module;
import com.google.inject.multibindings.Multibinder;

/**
 * The James servers of the benchmarks: an in-process James 3.8.1 memory server with
 * {@link DispositionProbe} bound, and by default ({@code bench.threadIds=naive}) James' own
 * NaiveThreadIdGuessingAlgorithm instead of the memory server's thread-id search.
 * <p>
 * James 3.8.1's memory server guesses each delivered message's thread by searching every message of
 * the recipient (SearchThreadIdGuessingAlgorithm over the scanning SimpleMessageSearchIndex, parsing
 * their headers): O(mailbox size) per delivery. The benchmarks pile thousands of messages into two
 * mailboxes, so that search took 85% of James' CPU in a 600-message profile (JFR), growing with each
 * run, in bare James and ours alike. {@code bench.threadIds=james} keeps the memory server's default.
 */
public final class BenchJames {
    public static final boolean NAIVE_THREAD_IDS = !"james".equals(System.getProperty("bench.threadIds", "naive"));

    private BenchJames() {
    }

    /** The Guice overrides of every benchmark James. */
    public static Module overrides() {
        return binder -> {
            Multibinder.newSetBinder(binder, GuiceProbe.class).addBinding().to(DispositionProbe.class);
            if (NAIVE_THREAD_IDS) {
                binder.bind(ThreadIdGuessingAlgorithm.class).to(NaiveThreadIdGuessingAlgorithm.class);
            }
        };
    }

    /** Writes {@code conf} into {@code workingDirectory}/conf, starts a James there and adds the demo users. */
    public static GuiceJamesServer start(JamesConf conf, Path workingDirectory) throws Exception {
        conf.writeTo(workingDirectory.resolve("conf"));
        GuiceJamesServer server = MemoryJamesServerMain.createServer(MemoryJamesConfiguration.builder()
                .workingDirectory(workingDirectory.toFile())
                .configurationPath(new ConfigurationPath("file://conf/"))
                .usersRepository(DEFAULT)
                .build())
            .overrideWith(overrides());
        server.start();
        try {
            AntispamJames.addDemoUsers(server);
        } catch (Exception | Error e) {
            server.stop();
            throw e;
        }
        return server;
    }

    /** One line saying how the benchmark's James guesses thread ids. */
    public static String threadIdsLine() {
        return NAIVE_THREAD_IDS ? "James: thread ids NaiveThreadIdGuessingAlgorithm (bench.threadIds=naive; see BenchJames)"
            : "James: thread ids as the memory server guesses them (SearchThreadIdGuessingAlgorithm, O(mailbox size) per delivery)";
    }
}
