package org.jamesantispam.core.dryrun;

import java.util.List;

import javax.mail.MessagingException;

import org.apache.mailet.Mail;

/**
 * Builds the throw-away {@link Mail} objects checks of a {@link DryRun} read (James' own mail
 * implementation inside the server, a fake in tests): each call a new mail over a new copy of the
 * message, so nothing a check does to it is seen by the next one.
 */
@FunctionalInterface
public interface DryRunMailFactory {
    /**
     * @param sender the envelope sender, {@code ""} for the null sender
     * @param recipients at least one
     * @param message the raw message
     * @param clientIp the client's address ({@code Mail.getRemoteAddr()})
     */
    Mail create(String sender, List<String> recipients, byte[] message, String clientIp) throws MessagingException;
}
