package org.jamesantispam.it.services;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts a real SpamAssassin daemon, {@code /usr/sbin/spamd}, for the tests of one class: in the
 * foreground, on 127.0.0.1 and a free TCP port, with local tests only ({@code -L}) and a
 * deterministic site configuration of ours (classpath {@code /spamassassin/local.cf} and
 * {@code /spamassassin/init.pre}: no DNS, no Bayes, no auto-learn, plus test rules such as
 * {@code X-Antispam-Test: borderline} = 4.0 points) on top of the stock rules of
 * {@code /usr/share/spamassassin}.
 *
 * <p>Before the first test it waits until spamd answers {@code PING} with {@code PONG} (spamd
 * parses its rules for a second or two), and fails loudly, with the tail of spamd's log, if it
 * does not. It fails loudly too, never skips, when spamd is not installed. After the last test it
 * kills spamd and its children and deletes its temporary directory.
 *
 * <pre>{@code
 * class ScoringIT {
 *     @RegisterExtension
 *     static SpamdExtension spamd = new SpamdExtension();
 *     // or: SpamdExtension.builder().maxChildren(3).extraConfig("score MY_RULE 2.5").build();
 *     // or, to accept TELL (spamc -L spam|ham): SpamdExtension.builder().learning().build();
 *
 *     @Test
 *     void survivesAnOutage() {
 *         // point the code under test at spamd.host():spamd.port() (it speaks SPAMC/1.5), then
 *         spamd.stop();    // an outage: connections are now refused
 *         ...
 *         spamd.start();   // back, on the same port
 *     }
 * }
 * }</pre>
 *
 * <p>The command line, as root (otherwise without {@code -u} and {@code --helper-home-dir}):
 * <pre>
 * /usr/sbin/spamd -L --siteconfigpath=TMP/site --configpath=/usr/share/spamassassin --nouser-config
 *     --max-children 2 -i 127.0.0.1 -p PORT -A 127.0.0.1 --pidfile=TMP/spamd.pid --syslog=stderr
 *     -u debian-spamd --helper-home-dir=TMP/home
 * </pre>
 * It answers PONG about 2 s after it is started (1.3 to 1.9 s measured on a 2-core machine).
 *
 * <p>With {@link Builder#learning()}, spamd also runs with {@code --allow-tell} and a Bayes
 * database in its temporary directory ({@code zz_learning.cf}, read after {@code local.cf}:
 * {@code loadplugin ...Bayes}, {@code use_bayes 1}, {@code use_bayes_rules 0},
 * {@code bayes_auto_learn 0}, {@code bayes_path TMP/bayes/bayes}): it learns what it is told but
 * never scores with what it learned, so scores stay the same.
 *
 * <p>Its log is {@link #logFile()}; a test method may also take the extension as a parameter.
 */
public final class SpamdExtension implements BeforeAllCallback, AfterAllCallback, ParameterResolver {

    private static final Logger LOGGER = LoggerFactory.getLogger(SpamdExtension.class);

    /** Where Debian's package spamd installs the daemon. */
    public static final Path SPAMD = Path.of("/usr/sbin/spamd");
    /** Debian's package spamassassin's stock rules. */
    public static final Path STOCK_RULES = Path.of("/usr/share/spamassassin");

    private static final String[] SITE_FILES = {"local.cf", "init.pre"};

    private final int maxChildren;
    private final Duration startupTimeout;
    private final String extraConfig;
    private final boolean learning;
    private Path workDir;
    private int port;
    private ManagedProcess process;
    private String ownerContextId;

    /** A spamd with at most 2 children, 60 s to start, and our site configuration only. */
    public SpamdExtension() {
        this(builder());
    }

    private SpamdExtension(Builder builder) {
        this.maxChildren = builder.maxChildren;
        this.startupTimeout = builder.startupTimeout;
        this.extraConfig = builder.extraConfig;
        this.learning = builder.learning;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Options of a {@link SpamdExtension}. */
    public static final class Builder {
        private int maxChildren = 2;
        private Duration startupTimeout = Duration.ofSeconds(60);
        private String extraConfig = "";
        private boolean learning;

        private Builder() {
        }

        /**
         * spamd accepts {@code TELL} ({@code --allow-tell}) and keeps a Bayes database, used for
         * learning only (no Bayes rules, no auto-learn: scores do not change).
         */
        public Builder learning() {
            this.learning = true;
            return this;
        }

        /** spamd's {@code --max-children} (2 by default). */
        public Builder maxChildren(int maxChildren) {
            if (maxChildren < 1) {
                throw new IllegalArgumentException("maxChildren must be at least 1: " + maxChildren);
            }
            this.maxChildren = maxChildren;
            return this;
        }

        /** How long to wait for spamd's first PONG (60 s by default). */
        public Builder startupTimeout(Duration startupTimeout) {
            this.startupTimeout = startupTimeout;
            return this;
        }

        /** More SpamAssassin configuration (rules, scores) written beside local.cf as 90_extra.cf. */
        public Builder extraConfig(String cfText) {
            this.extraConfig = this.extraConfig + cfText + System.lineSeparator();
            return this;
        }

        public SpamdExtension build() {
            return new SpamdExtension(this);
        }
    }

    public String host() {
        return ServiceSupport.LOOPBACK;
    }

    /** The TCP port; chosen at the first {@link #start()} and kept across restarts. */
    public synchronized int port() {
        if (port == 0) {
            throw new IllegalStateException("spamd has not been started yet");
        }
        return port;
    }

    public synchronized boolean isRunning() {
        return process != null && process.isAlive();
    }

    /** spamd's standard output and error, across restarts. */
    public synchronized Path logFile() {
        if (workDir == null) {
            throw new IllegalStateException("spamd has not been started yet");
        }
        return workDir.resolve("spamd.log");
    }

    /** The Bayes database's directory (with {@link Builder#learning()}): {@code bayes_toks}, {@code bayes_seen}. */
    public synchronized Path bayesDirectory() {
        if (workDir == null) {
            throw new IllegalStateException("spamd has not been started yet");
        }
        return workDir.resolve("bayes");
    }

    /** Starts spamd (again, on the same port) and waits until it answers PONG. */
    public synchronized void start() {
        ServiceSupport.requireExecutable(SPAMD, "spamd");
        if (isRunning()) {
            return;
        }
        if (workDir == null) {
            prepare();
        }
        long started = System.nanoTime();
        process.start();
        awaitPong();
        LOGGER.info("spamd ready on {}:{} after {} ms (pid {}, log {})", host(), port,
            (System.nanoTime() - started) / 1_000_000, process.pid(), logFile());
    }

    /** Kills spamd and its children and waits until they are gone: an outage. */
    public synchronized void stop() {
        if (process != null) {
            process.stop();
        }
    }

    /** Whether spamd answers {@code PING SPAMC/1.5} with {@code PONG} right now. */
    public boolean ping() {
        return ping(Duration.ofSeconds(5));
    }

    private boolean ping(Duration timeout) {
        int millis = (int) Math.max(1, Math.min(timeout.toMillis(), Integer.MAX_VALUE));
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host(), port()), millis);
            socket.setSoTimeout(millis);
            OutputStream out = socket.getOutputStream();
            out.write("PING SPAMC/1.5\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String line = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII))
                .readLine();
            return line != null && line.startsWith("SPAMD/") && line.endsWith("PONG");
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public synchronized void beforeAll(ExtensionContext context) {
        if (ownerContextId == null) {
            ownerContextId = context.getUniqueId();
            start();
        }
    }

    @Override
    public synchronized void afterAll(ExtensionContext context) {
        if (context.getUniqueId().equals(ownerContextId)) {
            ownerContextId = null;
            if (process != null) {
                process.close();
                process = null;
            }
            ServiceSupport.deleteRecursively(workDir);
            workDir = null;
            port = 0;
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return parameterContext.getParameter().getType() == SpamdExtension.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return this;
    }

    private void prepare() {
        if (!Files.isRegularFile(STOCK_RULES.resolve("10_default_prefs.cf"))) {
            throw new IllegalStateException("No SpamAssassin rules in " + STOCK_RULES
                + ": install Debian package spamassassin (./test.sh does)");
        }
        workDir = ServiceSupport.createWorkDir("spamd-");
        Path site = workDir.resolve("site");
        Path home = workDir.resolve("home");
        try {
            Files.createDirectories(site);
            Files.createDirectories(home);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        for (String name : SITE_FILES) {
            ServiceSupport.writeReadable(site.resolve(name), resource("/spamassassin/" + name));
        }
        if (!extraConfig.isEmpty()) {
            ServiceSupport.writeReadable(site.resolve("90_extra.cf"), extraConfig);
        }
        if (learning) {
            try {
                Files.createDirectories(workDir.resolve("bayes"));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            // After local.cf (whose use_bayes 0 it overrides): files are read in name order.
            ServiceSupport.writeReadable(site.resolve("zz_learning.cf"), String.join(System.lineSeparator(),
                "loadplugin Mail::SpamAssassin::Plugin::Bayes",
                "use_bayes 1",
                "use_bayes_rules 0",
                "bayes_auto_learn 0",
                "bayes_path " + workDir.resolve("bayes").resolve("bayes"),
                ""));
        }
        port = ServiceSupport.freeTcpPort();

        List<String> command = new ArrayList<>(List.of(SPAMD.toString(),
            "-L",
            "--siteconfigpath=" + site,
            "--configpath=" + STOCK_RULES,
            "--nouser-config",
            "--max-children", Integer.toString(maxChildren),
            "-i", host(), "-p", Integer.toString(port),
            "-A", host(),
            "--pidfile=" + workDir.resolve("spamd.pid"),
            "--syslog=stderr"));
        if (learning) {
            command.add("--allow-tell");
        }
        if (ServiceSupport.runningAsRoot(workDir)) {
            Optional<String> user = ServiceSupport.firstExistingUser("debian-spamd", "nobody");
            String spamdUser = user.orElseThrow(() ->
                new IllegalStateException("spamd refuses to run as root and neither debian-spamd nor nobody exists"));
            ServiceSupport.chownRecursively(workDir, spamdUser);
            command.addAll(List.of("-u", spamdUser, "--helper-home-dir=" + home));
        }
        process = new ManagedProcess("spamd", command, workDir.resolve("spamd.log"), Map.of("LANG", "C"));
    }

    private void awaitPong() {
        long deadline = System.nanoTime() + startupTimeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw failure("spamd died while starting (" + process.exitDescription() + ")");
            }
            if (ping(Duration.ofNanos(Math.min(deadline - System.nanoTime(), Duration.ofSeconds(5).toNanos())))) {
                return;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw failure("interrupted while waiting for spamd");
            }
        }
        process.stop();
        throw failure("spamd did not answer PONG on " + host() + ":" + port + " within " + startupTimeout);
    }

    private IllegalStateException failure(String message) {
        return new IllegalStateException(message + "; last lines of " + logFile() + ":"
            + System.lineSeparator() + process.logTail(40));
    }

    private static String resource(String name) {
        try (InputStream in = SpamdExtension.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("Missing test resource " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
