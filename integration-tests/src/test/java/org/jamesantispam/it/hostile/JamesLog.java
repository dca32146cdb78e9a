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
 * What the in-process James logs during each test (at the levels {@code logback-test.xml} lets
 * through: WARN for James, INFO for james-antispam). Fails a test during which a WARN or ERROR
 * carried an exception (a stack trace): hostile input must get a defined reply, not an unexpected
 * exception. Plain WARN and ERROR lines are allowed (James logs refused sizes at ERROR).
 *
 * <pre>{@code
 * @RegisterExtension
 * JamesLog log = new JamesLog();
 * ...
 * assertThat(log.messages("org.jamesantispam.smtp.SmtpdRestrictionsHook")).anyMatch(line -> line.contains("helo=<a?b>"));
 * }</pre>
 */
final class JamesLog implements BeforeEachCallback, AfterEachCallback {
    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

    @Override
    public void beforeEach(ExtensionContext context) {
        synchronized (appender) {
            appender.list.clear();
        }
        appender.start();
        root().addAppender(appender);
    }

    @Override
    public void afterEach(ExtensionContext context) {
        root().detachAppender(appender);
        appender.stop();
        List<String> exceptions = events().stream()
            .filter(event -> event.getLevel().isGreaterOrEqual(Level.WARN) && event.getThrowableProxy() != null)
            .map(event -> event.getLevel() + " " + event.getLoggerName() + " - " + event.getFormattedMessage() + ": "
                + event.getThrowableProxy().getClassName() + ": " + event.getThrowableProxy().getMessage())
            .collect(Collectors.toList());
        assertThat(exceptions).as("exceptions James logged during " + context.getDisplayName()).isEmpty();
    }

    /** The messages {@code loggerName} has logged so far in this test, formatted. */
    List<String> messages(String loggerName) {
        return events().stream()
            .filter(event -> event.getLoggerName().equals(loggerName))
            .map(ILoggingEvent::getFormattedMessage)
            .collect(Collectors.toList());
    }

    private List<ILoggingEvent> events() {
        synchronized (appender) {
            return List.copyOf(appender.list);
        }
    }

    private static Logger root() {
        return (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    }
}
