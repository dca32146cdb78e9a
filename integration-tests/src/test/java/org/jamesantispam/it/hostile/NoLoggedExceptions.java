package org.jamesantispam.it.hostile;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Collectors;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.slf4j.LoggerFactory;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;

/**
 * Fails a test during which the in-process James logged a WARN or ERROR carrying an exception (a
 * stack trace): hostile input must get a defined reply, not an unexpected exception. Plain WARN and
 * ERROR lines without an exception are allowed (James logs refused sizes at ERROR, for example).
 *
 * <pre>{@code
 * @RegisterExtension
 * NoLoggedExceptions noLoggedExceptions = new NoLoggedExceptions();
 * }</pre>
 */
final class NoLoggedExceptions implements BeforeEachCallback, AfterEachCallback {
    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

    @Override
    public void beforeEach(ExtensionContext context) {
        appender.list.clear();
        appender.start();
        root().addAppender(appender);
    }

    @Override
    public void afterEach(ExtensionContext context) {
        root().detachAppender(appender);
        appender.stop();
        List<String> exceptions;
        synchronized (appender) {
            exceptions = appender.list.stream()
                .filter(event -> event.getLevel().isGreaterOrEqual(Level.WARN) && event.getThrowableProxy() != null)
                .map(event -> event.getLevel() + " " + event.getLoggerName() + " - " + event.getFormattedMessage() + ": "
                    + event.getThrowableProxy().getClassName() + ": " + event.getThrowableProxy().getMessage())
                .collect(Collectors.toList());
        }
        assertThat(exceptions).as("exceptions James logged during " + context.getDisplayName()).isEmpty();
    }

    private static Logger root() {
        return (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    }
}
