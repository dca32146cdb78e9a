package org.jamesantispam.mailets;

import java.util.Iterator;
import java.util.Optional;
import java.util.Set;

import javax.mail.MessagingException;

import org.apache.mailet.base.GenericMailet;

/**
 * Strict reading of a mailet's parameters: names outside the known set (James' own
 * {@code onMailetException}, {@code onMatchException} and {@code onMatcherException} excepted) fail
 * {@code init()} with a message naming the mailet, the parameter and the expected names.
 */
final class MailetParameters {
    private static final Set<String> CONTAINER_PARAMETERS = Set.of("onMailetException", "onMatchException", "onMatcherException");

    private final GenericMailet mailet;

    private MailetParameters(GenericMailet mailet) {
        this.mailet = mailet;
    }

    static MailetParameters of(GenericMailet mailet, String... known) throws MessagingException {
        Set<String> names = Set.of(known);
        for (Iterator<String> it = mailet.getInitParameterNames(); it.hasNext(); ) {
            String name = it.next();
            if (!names.contains(name) && !CONTAINER_PARAMETERS.contains(name)) {
                throw new MessagingException(mailet.getMailetName() + ": unknown parameter <" + name + ">; expected one of " + names);
            }
        }
        return new MailetParameters(mailet);
    }

    String required(String name) throws MessagingException {
        return optional(name).orElseThrow(() -> new MessagingException(mailet.getMailetName() + ": parameter <" + name + "> is required"));
    }

    Optional<String> optional(String name) {
        return Optional.ofNullable(mailet.getInitParameter(name));
    }
}
