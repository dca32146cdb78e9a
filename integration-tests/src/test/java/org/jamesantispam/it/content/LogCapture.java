package org.jamesantispam.it.content;

import java.util.List;

import org.slf4j.LoggerFactory;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;

/** What james-antispam logged (logger {@code org.jamesantispam}) while the in-process James ran. */
final class LogCapture implements AutoCloseable {
    private final Logger logger = (Logger) LoggerFactory.getLogger("org.jamesantispam");
    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

    LogCapture() {
        appender.start();
        logger.addAppender(appender);
    }

    /** Formatted messages, "LEVEL message". */
    List<String> lines() {
        synchronized (appender) { // ListAppender appends under the appender's own lock (AppenderBase.doAppend)
            return appender.list.stream().map(event -> event.getLevel() + " " + event.getFormattedMessage()).toList();
        }
    }

    void clear() {
        synchronized (appender) { // ListAppender appends under the appender's own lock (AppenderBase.doAppend)
            appender.list.clear();
        }
    }

    @Override
    public void close() {
        logger.detachAppender(appender);
    }
}
