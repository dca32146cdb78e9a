package org.jamesantispam.it.standalone;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.jamesantispam.it.clients.WebAdminClient;

/**
 * The standalone installation of module {@code standalone/} ({@code standalone/target/james}: the
 * published James 3.8.1 memory app, its libraries, our jar in {@code extensions-jars/}, the
 * reference configuration as {@code conf/}), run as a separate JVM exactly as an operator runs it:
 * {@code java -Dworking.directory=. -Dlogback.configurationFile=conf/logback.xml -jar
 * james-server-memory-app-3.8.1.jar}. It runs from a copy (libraries linked, not copied) whose
 * listeners are moved to free loopback ports.
 */
final class StandaloneJames implements AutoCloseable {
    private static final String MAIN_JAR = "james-server-memory-app-3.8.1.jar";
    private static final String LIBRARIES = "james-server-memory-app.lib";

    private final Path home;
    private final Process process;
    final int smtpPort;
    final int imapPort;
    final int webAdminPort;

    private StandaloneJames(Path home, Process process, int smtpPort, int imapPort, int webAdminPort) {
        this.home = home;
        this.process = process;
        this.smtpPort = smtpPort;
        this.imapPort = imapPort;
        this.webAdminPort = webAdminPort;
    }

    static Path installation() {
        Path dir = Path.of(System.getProperty("antispam.standalone.dir", "standalone/target/james"));
        if (!Files.isRegularFile(dir.resolve(MAIN_JAR))) {
            throw new IllegalStateException("no standalone installation at " + dir + ": build it with mvn package (module standalone)");
        }
        return dir;
    }

    /**
     * Copies the installation into {@code workDir}, points its content filter at the spamd on
     * {@code spamdPort}, starts it and waits until webadmin answers.
     */
    static StandaloneJames start(Path workDir, int spamdPort) throws IOException, InterruptedException {
        Path source = installation().toAbsolutePath();
        Path home = workDir.resolve("james");
        Files.createDirectories(home);
        Files.createSymbolicLink(home.resolve(MAIN_JAR), source.resolve(MAIN_JAR));
        Files.createSymbolicLink(home.resolve(LIBRARIES), source.resolve(LIBRARIES));
        copyTree(source.resolve("conf"), home.resolve("conf"));
        copyTree(source.resolve("extensions-jars"), home.resolve("extensions-jars"));

        int smtp = freePort();
        int imap = freePort();
        int webadmin = freePort();
        replace(home.resolve("conf/smtpserver.xml"), "<bind>127.0.0.1:2525</bind>", "<bind>127.0.0.1:" + smtp + "</bind>");
        replace(home.resolve("conf/imapserver.xml"), "<bind>127.0.0.1:1143</bind>", "<bind>127.0.0.1:" + imap + "</bind>");
        replace(home.resolve("conf/webadmin.properties"), "port=8000", "port=" + webadmin);
        replace(home.resolve("conf/mailetcontainer.xml"), "<spamdHosts>127.0.0.1:7830</spamdHosts>", "<spamdHosts>127.0.0.1:" + spamdPort + "</spamdHosts>");

        return launch(home, smtp, imap, webadmin);
    }

    private static StandaloneJames launch(Path home, int smtp, int imap, int webadmin) throws IOException, InterruptedException {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process process = new ProcessBuilder(java.toString(), "-Xmx512m", "-Dworking.directory=.",
            "-Dlogback.configurationFile=conf/logback.xml", "-jar", MAIN_JAR)
            .directory(home.toFile())
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(home.resolve("james.out").toFile()))
            .start();
        StandaloneJames james = new StandaloneJames(home, process, smtp, imap, webadmin);
        james.awaitStarted(Duration.ofSeconds(180));
        return james;
    }

    /** Stops this James and starts it again on the same home (var/ kept) and ports. */
    StandaloneJames restart() throws IOException, InterruptedException {
        close();
        return launch(home, smtpPort, imapPort, webAdminPort);
    }

    private void awaitStarted(Duration timeout) throws IOException, InterruptedException {
        WebAdminClient webAdmin = new WebAdminClient(webAdminPort);
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("standalone James exited with " + process.exitValue() + ":\n" + tail());
            }
            try {
                HttpResponse<String> response = webAdmin.get("/domains");
                if (response.statusCode() == 200) {
                    return;
                }
            } catch (UncheckedIOException notYet) {
                // webadmin not listening yet
            }
            Thread.sleep(500);
        }
        throw new IllegalStateException("standalone James did not start within " + timeout + ":\n" + tail());
    }

    Path home() {
        return home;
    }

    /** The last lines of James' console output. */
    String tail() throws IOException {
        List<String> lines = Files.readAllLines(home.resolve("james.out"), StandardCharsets.UTF_8);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static void replace(Path file, String from, String to) throws IOException {
        String content = Files.readString(file, StandardCharsets.UTF_8);
        if (!content.contains(from)) {
            throw new IllegalStateException(file + " does not contain " + from);
        }
        Files.writeString(file, content.replace(from, to), StandardCharsets.UTF_8);
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path path : (Iterable<Path>) paths::iterator) {
                Path target = to.resolve(from.relativize(path).toString());
                if (Files.isDirectory(path)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(path, target);
                }
            }
        }
    }
}
