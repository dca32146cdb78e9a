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
        return of(mailet, Set.of(known));
    }

    static MailetParameters of(GenericMailet mailet, Set<String> names) throws MessagingException {
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

    /** A value James trimmed: may be written between double quotes to keep spaces ({@link org.jamesantispam.core.config.QuotedText}). */
    Optional<String> quoted(String name) throws MessagingException {
        Optional<String> raw = optional(name);
        if (raw.isEmpty()) {
            return raw;
        }
        try {
            return Optional.of(org.jamesantispam.core.config.QuotedText.parse(mailet.getMailetName() + ": <" + name + ">", raw.get()));
        } catch (IllegalArgumentException e) {
            throw new MessagingException(e.getMessage());
        }
    }

    /** One or more addresses separated by commas or spaces. */
    java.util.List<org.apache.james.core.MailAddress> addresses(String name) throws MessagingException {
        java.util.List<org.apache.james.core.MailAddress> addresses = new java.util.ArrayList<>();
        for (String text : optional(name).orElse("").split("[,\\s]+")) {
            if (text.isEmpty()) {
                continue;
            }
            try {
                addresses.add(new org.apache.james.core.MailAddress(text));
            } catch (javax.mail.internet.AddressException e) {
                throw new MessagingException(mailet.getMailetName() + ": <" + name + "> has '" + text + "', which is not an email address");
            }
        }
        return addresses;
    }

    /** Failure message for a bad value: names the mailet. */
    MessagingException invalid(IllegalArgumentException e) {
        return new MessagingException(e.getMessage());
    }
}
