package org.jamesantispam.it.services;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * A UDP "server" on 127.0.0.1 that reads every datagram and never answers: a DNS server that has
 * stopped responding, for testing timeouts. It counts the datagrams it received.
 *
 * <pre>{@code
 * @RegisterExtension
 * static SilentUdpServer blackhole = new SilentUdpServer();
 *
 * @Test
 * void dnsblLookupTimesOut() {
 *     // point the DNS client at blackhole.host():blackhole.port() with a short timeout ...
 *     assertThat(blackhole.receivedDatagrams()).isPositive();
 * }
 * }</pre>
 *
 * <p>{@link #start()} binds a free port the first time and the same port afterwards;
 * {@link #stop()} closes it (then datagrams are refused with ICMP port-unreachable instead).
 */
public final class SilentUdpServer implements BeforeAllCallback, AfterAllCallback, ParameterResolver {

    private final AtomicInteger received = new AtomicInteger();
    private final String host;
    private int port;
    private DatagramSocket socket;
    private Thread reader;
    private String ownerContextId;

    /** A silent server on 127.0.0.1 and a free port. */
    public SilentUdpServer() {
        this(ServiceSupport.LOOPBACK, 0);
    }

    /** A silent server on {@code host:port} (e.g. another loopback address and port 53, for James' resolver). */
    public SilentUdpServer(String host, int port) {
        this.host = host;
        this.port = port;
    }

    public String host() {
        return host;
    }

    public synchronized int port() {
        if (port == 0) {
            throw new IllegalStateException("SilentUdpServer has not been started yet");
        }
        return port;
    }

    /** Datagrams received since creation (or since {@link #resetCount()}). */
    public int receivedDatagrams() {
        return received.get();
    }

    public void resetCount() {
        received.set(0);
    }

    public synchronized boolean isRunning() {
        return socket != null && !socket.isClosed();
    }

    /** Binds the port (a free one the first time, the same one afterwards) and starts dropping datagrams. */
    public synchronized void start() {
        if (isRunning()) {
            return;
        }
        try {
            socket = new DatagramSocket(new InetSocketAddress(InetAddress.getByName(host()), port));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot bind UDP " + host() + ":" + port, e);
        }
        port = socket.getLocalPort();
        DatagramSocket bound = socket;
        reader = new Thread(() -> drop(bound), "silent-udp-" + port);
        reader.setDaemon(true);
        reader.start();
    }

    /** Closes the port and waits for the reading thread to end. */
    public synchronized void stop() {
        if (socket == null) {
            return;
        }
        socket.close();
        try {
            reader.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        socket = null;
        reader = null;
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
            stop();
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return parameterContext.getParameter().getType() == SilentUdpServer.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return this;
    }

    private void drop(DatagramSocket bound) {
        byte[] buffer = new byte[65_535];
        while (!bound.isClosed()) {
            try {
                bound.receive(new DatagramPacket(buffer, buffer.length));
                received.incrementAndGet();
            } catch (IOException closed) {
                return;
            }
        }
    }
}
