package org.jamesantispam.core.spamd;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.NoRouteToHostException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Pattern;

import org.jamesantispam.core.spamd.SpamdException.Failure;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A client for SpamAssassin's daemon, spamd, speaking the SPAMC/1.5 protocol over TCP (what
 * {@code spamc} sends):
 * <pre>
 * SYMBOLS SPAMC/1.5
 * Content-length: 1234
 * User: alice@example.test        (optional: per-user preferences)
 *
 * &lt;the message, exactly Content-length bytes&gt;
 * </pre>
 *
 * <p>Why our own client rather than James' {@code SpamAssassinInvoker}
 * ({@code org.apache.james:apache-james-spamassassin}): that client has no connect or read timeout
 * (a hung spamd blocks a spooler thread for ever), sends {@code CHECK}, which returns no rule
 * names, keeps only the {@code Spam:} line, knows one host, and is not on James 3.8.1's memory-app
 * class path anyway. This client adds:
 * <ul>
 *   <li>several spamd hosts, tried in turn until one answers (the first is the primary);</li>
 *   <li>a connect timeout and a per-host reply timeout, both capped by the caller's
 *       {@link Deadline}, which bounds the whole scan, writing included (a watchdog closes the
 *       socket at the deadline);</li>
 *   <li>{@code SYMBOLS} or {@code REPORT} ({@link SpamdCommand}) so the rules that hit are known;</li>
 *   <li>{@code Content-length} and an optional {@code User:} header;</li>
 *   <li>strict reply parsing: an error status or garbage is a {@link Failure#BAD_REPLY}, never a
 *       made-up verdict;</li>
 *   <li>{@code TELL} ({@link #learn}): spamd's Bayes database learns a message as spam or ham
 *       ({@code spamc -L}), for webadmin's quarantine routes.</li>
 * </ul>
 * Instances are immutable and thread-safe; each scan opens its own connection (spamd serves one
 * message per connection). Limiting how many scans run at once is the caller's job
 * ({@code ScanSlots}).
 */
public final class SpamdClient {
    private static final Logger LOGGER = LoggerFactory.getLogger(SpamdClient.class);
    private static final String PROTOCOL = "SPAMC/1.5";
    private static final int MAX_LINE = 8 * 1024;
    private static final int MAX_HEADERS = 50;
    private static final int MAX_BODY = 1024 * 1024;
    private static final Pattern USER = Pattern.compile("[\\x21-\\x7e]{1,256}");
    private static final ScheduledExecutorService WATCHDOG = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "spamd-client-watchdog");
        thread.setDaemon(true);
        return thread;
    });

    private final List<SpamdEndpoint> endpoints;
    private final Duration connectTimeout;
    private final Duration replyTimeout;

    /**
     * @param endpoints spamd addresses, tried in this order
     * @param connectTimeout how long a TCP connect may take before the next host is tried
     * @param replyTimeout how long one host may take, from connect to the end of its reply,
     *     before the next host is tried
     */
    public SpamdClient(List<SpamdEndpoint> endpoints, Duration connectTimeout, Duration replyTimeout) {
        if (endpoints.isEmpty()) {
            throw new IllegalArgumentException("no spamd endpoint");
        }
        this.endpoints = List.copyOf(endpoints);
        this.connectTimeout = Objects.requireNonNull(connectTimeout, "connectTimeout");
        this.replyTimeout = Objects.requireNonNull(replyTimeout, "replyTimeout");
    }

    public List<SpamdEndpoint> endpoints() {
        return endpoints;
    }

    /** Whether {@code user} may be sent as a {@code User:} header (printable ASCII, no space). */
    public static boolean isValidUser(String user) {
        return USER.matcher(user).matches();
    }

    /**
     * Scans {@code message} (the raw bytes, as spamc would send them).
     *
     * @param user the {@code User:} header for per-user preferences, if any
     * @param deadline when to give up, over all hosts
     * @return the first verdict a host gives
     * @throws SpamdException with the last host's failure when no host gave a verdict in time
     */
    public SpamdReply check(SpamdCommand command, byte[] message, Optional<String> user, Deadline deadline) throws SpamdException {
        user.ifPresent(name -> {
            if (!isValidUser(name)) {
                throw new IllegalArgumentException("spamd user '" + name + "' is not printable ASCII without spaces");
            }
        });
        StringBuilder request = new StringBuilder()
            .append(command.name()).append(' ').append(PROTOCOL).append("\r\n")
            .append("Content-length: ").append(message.length).append("\r\n");
        user.ifPresent(name -> request.append("User: ").append(name).append("\r\n"));
        request.append("\r\n");
        byte[] head = request.toString().getBytes(StandardCharsets.US_ASCII);

        SpamdException last = null;
        for (int i = 0; i < endpoints.size(); i++) {
            SpamdEndpoint endpoint = endpoints.get(i);
            if (deadline.isExpired()) {
                break;
            }
            try {
                Exchange exchange = exchange(endpoint, head, message, deadline.atMost(connectTimeout.plus(replyTimeout)));
                return SpamdReplyParser.reply(exchange.headers(), exchange.body(), command, endpoint);
            } catch (SpamdException e) {
                last = e;
                if (i + 1 < endpoints.size()) {
                    LOGGER.warn("spamd {} failed ({}: {}); trying {}", endpoint, e.failure().keyword(), e.getMessage(), endpoints.get(i + 1));
                }
            }
        }
        if (last == null) {
            throw new SpamdException(Failure.TIMEOUT, "no time left to ask spamd");
        }
        throw last;
    }

    /**
     * {@code TELL}: spamd's Bayes database learns {@code message} as {@code messageClass}
     * ({@code spamc -L spam|ham}):
     * <pre>
     * TELL SPAMC/1.5
     * Content-length: 1234
     * Message-class: ham
     * Set: local
     * </pre>
     * spamd must run with {@code --allow-tell}, and with Bayes storage enabled
     * ({@code use_bayes 1}, a writable {@code bayes_path}) for anything to be learned. The hosts are
     * tried in turn like {@link #check}; the first that answers decides.
     *
     * @param user the {@code User:} header (whose Bayes database learns), if any
     * @return true when spamd says it learned ({@code DidSet: local}); false when it answered OK
     *     without learning: the message was already learned as that class, or spamd's Bayes
     *     storage is disabled
     * @throws SpamdException when no host answered OK: unreachable, timed out, or an error status
     *     ({@code --allow-tell} missing: {@code SPAMD/1.0 69 Service Unavailable: TELL commands are not enabled})
     */
    public boolean learn(MessageClass messageClass, byte[] message, Optional<String> user, Deadline deadline) throws SpamdException {
        Objects.requireNonNull(messageClass, "messageClass");
        user.ifPresent(name -> {
            if (!isValidUser(name)) {
                throw new IllegalArgumentException("spamd user '" + name + "' is not printable ASCII without spaces");
            }
        });
        StringBuilder request = new StringBuilder()
            .append("TELL ").append(PROTOCOL).append("\r\n")
            .append("Content-length: ").append(message.length).append("\r\n")
            .append("Message-class: ").append(messageClass.keyword()).append("\r\n")
            .append("Set: local\r\n");
        user.ifPresent(name -> request.append("User: ").append(name).append("\r\n"));
        request.append("\r\n");
        byte[] head = request.toString().getBytes(StandardCharsets.US_ASCII);

        SpamdException last = null;
        for (int i = 0; i < endpoints.size(); i++) {
            SpamdEndpoint endpoint = endpoints.get(i);
            if (deadline.isExpired()) {
                break;
            }
            try {
                Exchange exchange = exchange(endpoint, head, message, deadline.atMost(connectTimeout.plus(replyTimeout)));
                String didSet = exchange.headers().getOrDefault("didset", "");
                return List.of(didSet.toLowerCase(Locale.ROOT).split("\\s*,\\s*")).contains("local");
            } catch (SpamdException e) {
                last = e;
                if (i + 1 < endpoints.size()) {
                    LOGGER.warn("spamd {} failed to learn ({}: {}); trying {}", endpoint, e.failure().keyword(), e.getMessage(), endpoints.get(i + 1));
                }
            }
        }
        if (last == null) {
            throw new SpamdException(Failure.TIMEOUT, "no time left to ask spamd");
        }
        throw last;
    }

    /** {@code PING}: whether some host answers {@code PONG} before the deadline. */
    public boolean ping(Deadline deadline) {
        byte[] head = ("PING " + PROTOCOL + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
        for (SpamdEndpoint endpoint : endpoints) {
            try {
                if (!deadline.isExpired() && exchange(endpoint, head, new byte[0], deadline.atMost(connectTimeout.plus(replyTimeout))).pong()) {
                    return true;
                }
            } catch (SpamdException e) {
                LOGGER.debug("spamd {} did not answer PING: {}", endpoint, e.getMessage());
            }
        }
        return false;
    }

    private record Exchange(String statusLine, Map<String, String> headers, String body) {
        boolean pong() {
            return statusLine.contains("PONG");
        }
    }

    private Exchange exchange(SpamdEndpoint endpoint, byte[] head, byte[] message, Deadline deadline) throws SpamdException {
        Socket socket = new Socket();
        AtomicBoolean timedOut = new AtomicBoolean();
        ScheduledFuture<?> watchdog = WATCHDOG.schedule(() -> {
            timedOut.set(true);
            closeQuietly(socket);
        }, deadline.remainingMillis() + 1, TimeUnit.MILLISECONDS);
        boolean connected = false;
        try (socket) {
            socket.connect(new InetSocketAddress(endpoint.host(), endpoint.port()),
                (int) Math.min(connectTimeout.toMillis(), Math.max(1, deadline.remainingMillis())));
            connected = true;
            socket.setTcpNoDelay(true);
            OutputStream out = new BufferedOutputStream(socket.getOutputStream(), 64 * 1024);
            out.write(head);
            out.write(message);
            out.flush();
            socket.shutdownOutput();

            InputStream in = new BufferedInputStream(socket.getInputStream());
            String status = readLine(in, socket, deadline);
            if (status == null) {
                throw new SpamdException(Failure.BAD_REPLY, "spamd " + endpoint + " closed the connection without a reply");
            }
            SpamdReplyParser.checkStatus(status);
            Map<String, String> headers = readHeaders(in, socket, deadline);
            String body = readBody(in, socket, deadline, headers.get("content-length"));
            return new Exchange(status, headers, body);
        } catch (SpamdException e) {
            throw e;
        } catch (UnknownHostException e) {
            throw new SpamdException(Failure.UNREACHABLE, "spamd host " + endpoint.host() + " is unknown", e);
        } catch (ConnectException | NoRouteToHostException e) {
            throw new SpamdException(Failure.UNREACHABLE, "cannot connect to spamd " + endpoint + ": " + e.getMessage(), e);
        } catch (SocketTimeoutException e) {
            if (!connected) {
                throw new SpamdException(Failure.UNREACHABLE, "connecting to spamd " + endpoint + " timed out", e);
            }
            throw new SpamdException(Failure.TIMEOUT, "spamd " + endpoint + " did not answer in time", e);
        } catch (IOException e) {
            if (timedOut.get() || deadline.isExpired()) {
                throw new SpamdException(connected ? Failure.TIMEOUT : Failure.UNREACHABLE,
                    "spamd " + endpoint + " did not answer in time", e);
            }
            if (!connected) {
                throw new SpamdException(Failure.UNREACHABLE, "cannot connect to spamd " + endpoint + ": " + e.getMessage(), e);
            }
            throw new SpamdException(Failure.BAD_REPLY, "connection to spamd " + endpoint + " failed: " + e.getMessage(), e);
        } finally {
            watchdog.cancel(false);
        }
    }

    private static Map<String, String> readHeaders(InputStream in, Socket socket, Deadline deadline) throws IOException, SpamdException {
        Map<String, String> headers = new HashMap<>();
        for (int count = 0; ; count++) {
            String line = readLine(in, socket, deadline);
            if (line == null || line.isEmpty()) {
                return headers;
            }
            int colon = line.indexOf(':');
            if (colon <= 0 || count >= MAX_HEADERS) {
                throw new SpamdException(Failure.BAD_REPLY, "bad spamd reply header: '" + SpamdReplyParser.abbreviate(line) + "'");
            }
            headers.put(line.substring(0, colon).strip().toLowerCase(Locale.ROOT), line.substring(colon + 1).strip());
        }
    }

    private static String readBody(InputStream in, Socket socket, Deadline deadline, String contentLength) throws IOException, SpamdException {
        int expected = -1;
        if (contentLength != null) {
            try {
                expected = Integer.parseInt(contentLength);
            } catch (NumberFormatException e) {
                expected = -2;
            }
            if (expected < 0 || expected > MAX_BODY) {
                throw new SpamdException(Failure.BAD_REPLY, "bad spamd reply Content-length: '" + SpamdReplyParser.abbreviate(contentLength) + "'");
            }
        }
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        while (expected < 0 || body.size() < expected) {
            setTimeout(socket, deadline);
            int wanted = expected < 0 ? buffer.length : Math.min(buffer.length, expected - body.size());
            int read = in.read(buffer, 0, wanted);
            if (read < 0) {
                if (expected >= 0) {
                    throw new SpamdException(Failure.BAD_REPLY, "spamd reply ended after " + body.size() + " of " + expected + " bytes");
                }
                break;
            }
            body.write(buffer, 0, read);
            if (body.size() > MAX_BODY) {
                throw new SpamdException(Failure.BAD_REPLY, "spamd reply is longer than " + MAX_BODY + " bytes");
            }
        }
        return body.toString(StandardCharsets.UTF_8);
    }

    /** A line without its CR LF; null at end of stream before any byte. */
    private static String readLine(InputStream in, Socket socket, Deadline deadline) throws IOException, SpamdException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        while (true) {
            setTimeout(socket, deadline);
            int b = in.read();
            if (b < 0) {
                return line.size() == 0 ? null : line.toString(StandardCharsets.ISO_8859_1);
            }
            if (b == '\n') {
                String text = line.toString(StandardCharsets.ISO_8859_1);
                return text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
            }
            line.write(b);
            if (line.size() > MAX_LINE) {
                throw new SpamdException(Failure.BAD_REPLY, "spamd reply line longer than " + MAX_LINE + " bytes");
            }
        }
    }

    private static void setTimeout(Socket socket, Deadline deadline) throws IOException {
        long remaining = deadline.remainingMillis();
        if (remaining <= 0) {
            throw new SocketTimeoutException("deadline reached");
        }
        socket.setSoTimeout((int) Math.min(Integer.MAX_VALUE, remaining));
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // already closed
        }
    }
}
