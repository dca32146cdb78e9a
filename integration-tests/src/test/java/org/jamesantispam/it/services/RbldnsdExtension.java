package org.jamesantispam.it.services;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

/**
 * Starts a real DNS blocklist server, {@code /usr/sbin/rbldnsd}, for the tests of one class: in
 * the foreground ({@code -n}), on 127.0.0.1 and a free UDP port, serving the zones the test
 * declares. Each zone is one rbldnsd dataset (see {@code man rbldnsd} for the zone file syntax):
 * {@code ip4set} lines such as {@code 127.0.0.2} or {@code 192.0.2.0/24}, a default
 * {@code :A-value:TXT-text} line, {@code $TTL 60}, {@code !127.0.0.5} exclusions; {@code ip4tset}
 * (single IPv4 addresses), {@code ip6trie} (IPv6 addresses and CIDR ranges such as
 * {@code 2001:db8::1} or {@code 2001:db8:1::/48}), {@code ip6tset} (IPv6 /64 prefixes written as
 * four words, {@code 2001:db8:0:1}), {@code dnset} (domain names, {@code .example.com} for a domain
 * and its subdomains) and {@code generic} (BIND-like records) the same way.
 *
 * <p>Before the first test it waits until rbldnsd answers a DNS query in every zone, and fails
 * loudly (never skips) when rbldnsd is not installed or does not answer. Answers have a TTL of 1 s
 * unless {@link Builder#ttl} says otherwise, so resolvers' caches forget quickly.
 *
 * <pre>{@code
 * @RegisterExtension
 * static RbldnsdExtension rbldnsd = RbldnsdExtension.builder()
 *     .ip4set("bl.example.test", ":127.0.0.2:Listed for testing", "127.0.0.2", "192.0.2.0/24")
 *     .ip6trie("bl6.example.test", ":127.0.0.3:IPv6 listed", "2001:db8::1")
 *     .dnset("dbl.example.test", ":127.0.1.2:Bad domain", ".spammy.example")
 *     .build();
 *
 * @Test
 * void listed() throws Exception {
 *     // point the code under test at rbldnsd.host():rbldnsd.port(), or query it yourself:
 *     Message answer = rbldnsd.query("2.0.0.127.bl.example.test", Type.A);
 *     rbldnsd.rewriteZone("bl.example.test", "127.0.0.3");   // takes effect before it returns
 * }
 * }</pre>
 */
public final class RbldnsdExtension implements BeforeAllCallback, AfterAllCallback, ParameterResolver {

    private static final Logger LOGGER = LoggerFactory.getLogger(RbldnsdExtension.class);

    /** Where Debian's package rbldnsd installs the server. */
    public static final Path RBLDNSD = Path.of("/usr/sbin/rbldnsd");

    private static final DateTimeFormatter LOG_STAMP =
        DateTimeFormatter.ofPattern("yyyyMMdd HHmmss").withZone(ZoneOffset.UTC);

    private final List<Dataset> datasets;
    private final Duration ttl;
    private final Duration checkInterval;
    private final Duration startupTimeout;
    private final String host;
    private final int fixedPort;
    private Path workDir;
    private int port;
    private ManagedProcess process;
    private String ownerContextId;

    private RbldnsdExtension(Builder builder) {
        if (builder.datasets.isEmpty()) {
            throw new IllegalArgumentException("rbldnsd needs at least one zone");
        }
        this.datasets = List.copyOf(builder.datasets);
        this.ttl = builder.ttl;
        this.checkInterval = builder.checkInterval;
        this.startupTimeout = builder.startupTimeout;
        this.host = builder.host;
        this.fixedPort = builder.port;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Zones and options of a {@link RbldnsdExtension}. */
    public static final class Builder {
        private final List<Dataset> datasets = new ArrayList<>();
        private Duration ttl = Duration.ofSeconds(1);
        private Duration checkInterval = Duration.ofSeconds(1);
        private Duration startupTimeout = Duration.ofSeconds(20);
        private String host = ServiceSupport.LOOPBACK;
        private int port = 0;

        private Builder() {
        }

        /**
         * Listens on {@code host:port} instead of 127.0.0.1 and a free port: e.g. another loopback
         * address and port 53, to serve James' own DNS resolver, which only queries port 53.
         */
        public Builder listenOn(String host, int port) {
            this.host = host;
            this.port = port;
            return this;
        }

        /** An {@code ip4set} zone: IPv4 addresses and ranges, each with an optional A value and TXT. */
        public Builder ip4set(String zone, String... lines) {
            return zone(zone, "ip4set", String.join("\n", lines));
        }

        /** An {@code ip4tset} zone: single IPv4 addresses sharing one A value and TXT. */
        public Builder ip4tset(String zone, String... lines) {
            return zone(zone, "ip4tset", String.join("\n", lines));
        }

        /** An {@code ip6trie} zone: IPv6 addresses and CIDR ranges, each with an optional A value and TXT. */
        public Builder ip6trie(String zone, String... lines) {
            return zone(zone, "ip6trie", String.join("\n", lines));
        }

        /** An {@code ip6tset} zone: IPv6 /64 prefixes (four words, {@code 2001:db8:0:1}) sharing one A and TXT. */
        public Builder ip6tset(String zone, String... lines) {
            return zone(zone, "ip6tset", String.join("\n", lines));
        }

        /** A {@code dnset} zone: domain names (right-hand-side blocklists). */
        public Builder dnset(String zone, String... lines) {
            return zone(zone, "dnset", String.join("\n", lines));
        }

        /** A {@code generic} zone: simplified BIND records such as {@code www A 127.0.0.2}. */
        public Builder generic(String zone, String... lines) {
            return zone(zone, "generic", String.join("\n", lines));
        }

        /**
         * A zone of any rbldnsd dataset type, from the raw text of its zone file. Repeating a zone
         * name with another type combines the datasets into one zone, as rbldnsd does.
         */
        public Builder zone(String zone, String datasetType, String zoneFileText) {
            datasets.add(new Dataset(zone, datasetType,
                String.format("%02d-%s.%s", datasets.size() + 1, zone, datasetType), zoneFileText));
            return this;
        }

        /** Default TTL of answers, rbldnsd's {@code -t} (1 s by default). */
        public Builder ttl(Duration ttl) {
            this.ttl = ttl;
            return this;
        }

        /** How often rbldnsd looks for changed zone files, its {@code -c} (1 s by default; 0 = never). */
        public Builder checkInterval(Duration checkInterval) {
            this.checkInterval = checkInterval;
            return this;
        }

        /** How long to wait for rbldnsd's first answers (20 s by default). */
        public Builder startupTimeout(Duration startupTimeout) {
            this.startupTimeout = startupTimeout;
            return this;
        }

        public RbldnsdExtension build() {
            return new RbldnsdExtension(this);
        }
    }

    public String host() {
        return host;
    }

    /** The UDP port; chosen at the first {@link #start()} and kept across restarts. */
    public synchronized int port() {
        if (port == 0) {
            throw new IllegalStateException("rbldnsd has not been started yet");
        }
        return port;
    }

    public synchronized boolean isRunning() {
        return process != null && process.isAlive();
    }

    /** rbldnsd's standard output and error (its log), across restarts and reloads. */
    public synchronized Path logFile() {
        if (workDir == null) {
            throw new IllegalStateException("rbldnsd has not been started yet");
        }
        return workDir.resolve("rbldnsd.log");
    }

    /** Starts rbldnsd (again, on the same port) and waits until it answers in every zone. */
    public synchronized void start() {
        ServiceSupport.requireExecutable(RBLDNSD, "rbldnsd");
        if (isRunning()) {
            return;
        }
        if (workDir == null) {
            prepare();
        }
        long started = System.nanoTime();
        process.start();
        awaitAnswers();
        LOGGER.info("rbldnsd ready on {}:{} after {} ms (pid {}, log {})", host(), port,
            (System.nanoTime() - started) / 1_000_000, process.pid(), logFile());
    }

    /** Kills rbldnsd and waits until it is gone: an outage (queries then time out). */
    public synchronized void stop() {
        if (process != null) {
            process.stop();
        }
    }

    /**
     * Replaces the zone file of {@code zone} (which must have a single dataset) and returns once
     * rbldnsd has loaded the new content.
     */
    public synchronized void rewriteZone(String zone, String... lines) {
        List<Dataset> matching = datasets.stream().filter(d -> d.zone.equals(zone)).collect(Collectors.toList());
        if (matching.size() != 1) {
            throw new IllegalArgumentException("Zone " + zone + " has " + matching.size() + " datasets, not one");
        }
        Dataset dataset = matching.get(0);
        Path file = workDir.resolve(dataset.fileName);
        try {
            long logLength = Files.size(logFile());
            // rbldnsd notices a change by the file's modification time, in whole seconds.
            Instant previous = Files.getLastModifiedTime(file).toInstant().truncatedTo(ChronoUnit.SECONDS);
            Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
            Instant stamp = now.isAfter(previous) ? now : previous.plusSeconds(1);
            Path temporary = workDir.resolve(dataset.fileName + ".new");
            ServiceSupport.writeReadable(temporary, String.join("\n", lines) + "\n");
            Files.setLastModifiedTime(temporary, FileTime.from(stamp));
            Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            if (isRunning()) {
                // SIGHUP: reload now, whatever the check interval.
                new ProcessBuilder("kill", "-HUP", Long.toString(process.pid()))
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor();
                awaitLogLine(logLength, dataset.type + ":" + dataset.fileName + ": " + LOG_STAMP.format(stamp));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot rewrite zone " + zone, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while rewriting zone " + zone, e);
        }
    }

    /** Asks rbldnsd one question (1 s timeout), e.g. {@code query("2.0.0.127.bl.example.test", Type.TXT)}. */
    public Message query(String name, int type) throws IOException {
        SimpleResolver resolver = new SimpleResolver(InetAddress.getByName(host()));
        resolver.setPort(port());
        resolver.setTimeout(Duration.ofSeconds(1));
        resolver.setTCP(false);
        return resolver.send(Message.newQuery(Record.newRecord(Name.fromString(name, Name.root), type, DClass.IN)));
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
        return parameterContext.getParameter().getType() == RbldnsdExtension.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return this;
    }

    private void prepare() {
        workDir = ServiceSupport.createWorkDir("rbldnsd-");
        port = fixedPort != 0 ? fixedPort : ServiceSupport.freeUdpPort();
        List<String> command = new ArrayList<>(List.of(RBLDNSD.toString(), "-n",
            "-b", host() + "/" + port,
            "-t", Long.toString(ttl.toSeconds()),
            "-c", Long.toString(checkInterval.toSeconds()),
            "-w", workDir.toString()));
        if (ServiceSupport.runningAsRoot(workDir)) {
            command.addAll(List.of("-u", ServiceSupport.firstExistingUser("rbldns", "nobody").orElseThrow(() ->
                new IllegalStateException("rbldnsd should not run as root and neither rbldns nor nobody exists"))));
        }
        for (Dataset dataset : datasets) {
            ServiceSupport.writeReadable(workDir.resolve(dataset.fileName), dataset.text + "\n");
            command.add(dataset.zone + ":" + dataset.type + ":" + dataset.fileName);
        }
        process = new ManagedProcess("rbldnsd", command, workDir.resolve("rbldnsd.log"), Map.of("TZ", "UTC"));
    }

    /** rbldnsd serves a zone when it answers NOERROR or NXDOMAIN in it (REFUSED: not its zone). */
    private void awaitAnswers() {
        Set<String> zones = datasets.stream().map(d -> d.zone).collect(Collectors.toCollection(LinkedHashSet::new));
        long deadline = System.nanoTime() + startupTimeout.toNanos();
        String lastProblem = "no answer yet";
        for (String zone : zones) {
            while (true) {
                if (!process.isAlive()) {
                    throw failure("rbldnsd died while starting (" + process.exitDescription() + ")");
                }
                try {
                    int rcode = query("rbldnsd-extension-probe." + zone, Type.A).getRcode();
                    if (rcode == Rcode.NOERROR || rcode == Rcode.NXDOMAIN) {
                        break;
                    }
                    lastProblem = "zone " + zone + " answered " + Rcode.string(rcode);
                } catch (IOException e) {
                    lastProblem = "zone " + zone + ": " + e;
                }
                if (System.nanoTime() > deadline) {
                    process.stop();
                    throw failure("rbldnsd did not answer on " + host() + ":" + port + " within " + startupTimeout
                        + " (" + lastProblem + ")");
                }
                pause();
            }
        }
    }

    private void awaitLogLine(long fromOffset, String expected) throws IOException {
        long deadline = System.nanoTime() + startupTimeout.toNanos();
        while (System.nanoTime() < deadline) {
            byte[] all = Files.readAllBytes(logFile());
            String fresh = new String(all, (int) Math.min(fromOffset, all.length),
                (int) (all.length - Math.min(fromOffset, all.length)), StandardCharsets.UTF_8);
            if (fresh.contains(expected)) {
                return;
            }
            if (!process.isAlive()) {
                throw failure("rbldnsd died while reloading (" + process.exitDescription() + ")");
            }
            pause();
        }
        throw failure("rbldnsd did not log '" + expected + "' within " + startupTimeout);
    }

    private static void pause() {
        try {
            Thread.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for rbldnsd", e);
        }
    }

    private IllegalStateException failure(String message) {
        return new IllegalStateException(message + "; last lines of " + logFile() + ":"
            + System.lineSeparator() + process.logTail(40));
    }

    private record Dataset(String zone, String type, String fileName, String text) {
    }
}
