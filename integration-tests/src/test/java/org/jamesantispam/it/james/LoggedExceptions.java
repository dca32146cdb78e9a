package org.jamesantispam.it.james;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;

import org.slf4j.LoggerFactory;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.AppenderBase;

/**
 * Watches what the in-process James logs for as long as it is attached: every WARN or ERROR event
 * that carries an exception, or a stack trace printed into its message (as James' mailet container
 * does), is counted and the first
 * {@value #KEPT} are kept; WARN and ERROR lines without one are counted by kind; nothing else is
 * stored, so it can stay attached through a long run (a soak) without holding memory.
 *
 * <pre>{@code
 * LoggedExceptions exceptions = LoggedExceptions.attach();
 * ... run ...
 * exceptions.detach();
 * assertThat(exceptions.first()).isEmpty();
 * }</pre>
 */
public final class LoggedExceptions extends AppenderBase<ILoggingEvent> {
    static final int KEPT = 50;
    private static final Pattern STACK_FRAME = Pattern.compile("\n\\s*at \\S+\\(");

    private final AtomicLong count = new AtomicLong();
    private final List<String> first = new ArrayList<>();
    private final Map<String, Long> plain = new TreeMap<>();

    private LoggedExceptions() {
    }

    /** Starts watching the root logger. */
    public static LoggedExceptions attach() {
        LoggedExceptions appender = new LoggedExceptions();
        appender.setName("logged-exceptions");
        appender.start();
        root().addAppender(appender);
        return appender;
    }

    public void detach() {
        root().detachAppender(this);
        stop();
    }

    @Override
    protected void append(ILoggingEvent event) {
        IThrowableProxy thrown = event.getThrowableProxy();
        if (!event.getLevel().isGreaterOrEqual(Level.WARN)) {
            return;
        }
        // James' mailet container prints the stack trace into the message itself (ProcessorUtil)
        boolean traceInMessage = STACK_FRAME.matcher(event.getFormattedMessage()).find();
        if (thrown == null && !traceInMessage) {
            String line = event.getFormattedMessage().lines().findFirst().orElse("");
            String key = event.getLevel() + " " + event.getLoggerName() + " - " + line.substring(0, Math.min(60, line.length()));
            synchronized (plain) {
                if (plain.containsKey(key) || plain.size() < KEPT) {
                    plain.merge(key, 1L, Long::sum);
                }
            }
            return;
        }
        count.incrementAndGet();
        synchronized (first) {
            if (first.size() < KEPT) {
                String message = event.getFormattedMessage();
                first.add(event.getLevel() + " " + event.getLoggerName() + " - "
                    + (thrown == null ? message.substring(0, Math.min(500, message.length()))
                        : message + ": " + thrown.getClassName() + ": " + thrown.getMessage()));
            }
        }
    }

    /** How many WARN/ERROR events with an exception were logged. */
    public long count() {
        return count.get();
    }

    /** The first of them ({@value #KEPT} at most), formatted. */
    public List<String> first() {
        synchronized (first) {
            return List.copyOf(first);
        }
    }

    /**
     * WARN and ERROR events without an exception, counted by level, logger and the first 60
     * characters of their first line ({@value #KEPT} kinds at most).
     */
    public Map<String, Long> plainWarnings() {
        synchronized (plain) {
            return new TreeMap<>(plain);
        }
    }

    private static Logger root() {
        return (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    }
}
