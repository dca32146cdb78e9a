package org.jamesantispam.it.services;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.nio.file.attribute.UserPrincipalNotFoundException;
import java.util.Comparator;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Small file, user and port helpers shared by the service extensions. Package-private.
 *
 * <pre>{@code
 * ServiceSupport.requireExecutable(Path.of("/usr/sbin/rbldnsd"), "rbldnsd");
 * Path dir = ServiceSupport.createWorkDir("rbldnsd-");
 * int port = ServiceSupport.freeUdpPort();
 * }</pre>
 */
final class ServiceSupport {

    static final String LOOPBACK = "127.0.0.1";

    private ServiceSupport() {
    }

    /** Fails loudly (never skips) when a service binary is missing. */
    static void requireExecutable(Path executable, String debianPackage) {
        if (!Files.isExecutable(executable)) {
            throw new IllegalStateException(executable.getFileName() + " not found at " + executable
                + ": install Debian package " + debianPackage + " (./test.sh does)");
        }
    }

    /** A new temporary directory that any user may read and traverse (mode 755). */
    static Path createWorkDir(String prefix) {
        try {
            Path dir = Files.createTempDirectory(prefix);
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create a temporary directory", e);
        }
    }

    /** Whether this JVM runs as root: the owner of a directory it created is then root. */
    static boolean runningAsRoot(Path createdByUs) {
        try {
            return "root".equals(Files.getOwner(createdByUs).getName());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The first of {@code candidates} that is a user of this machine. */
    static Optional<String> firstExistingUser(String... candidates) {
        for (String candidate : candidates) {
            try {
                FileSystems.getDefault().getUserPrincipalLookupService().lookupPrincipalByName(candidate);
                return Optional.of(candidate);
            } catch (UserPrincipalNotFoundException e) {
                // try the next one
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return Optional.empty();
    }

    /** Gives {@code root} and everything below it to {@code user}. */
    static void chownRecursively(Path root, String user) {
        try (Stream<Path> paths = Files.walk(root)) {
            UserPrincipal owner = FileSystems.getDefault().getUserPrincipalLookupService().lookupPrincipalByName(user);
            for (Path path : (Iterable<Path>) paths::iterator) {
                Files.setOwner(path, owner);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot give " + root + " to user " + user, e);
        }
    }

    /** Writes a UTF-8 text file readable by every user (mode 644). */
    static void writeReadable(Path file, String text) {
        try {
            Files.writeString(file, text, StandardCharsets.UTF_8);
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + file, e);
        }
    }

    /** Deletes a directory tree; quietly does nothing when it is already gone. */
    static void deleteRecursively(Path root) {
        if (root == null || !Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : (Iterable<Path>) paths.sorted(Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot delete " + root, e);
        }
    }

    /** A TCP port of 127.0.0.1 that was free a moment ago. */
    static int freeTcpPort() {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(false);
            socket.bind(new InetSocketAddress(InetAddress.getByName(LOOPBACK), 0));
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot find a free TCP port", e);
        }
    }

    /** A UDP port of 127.0.0.1 that was free a moment ago. */
    static int freeUdpPort() {
        try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress(InetAddress.getByName(LOOPBACK), 0))) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot find a free UDP port", e);
        }
    }
}
