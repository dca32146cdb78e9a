package org.jamesantispam.mailets;

import javax.mail.MessagingException;
import javax.mail.internet.MimeMessage;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A copy of a message that keeps its {@code Message-ID} when saved (plain {@link MimeMessage}
 * would invent a new one): quarantine copies must stay traceable to the original. Saving never
 * fails on a malformed MIME structure: only header fields are edited on such a copy, so the
 * content and its MIME headers stay as received (a real spam of the SpamAssassin corpus has
 * {@code Content-Type: text/html;;;;;;…}, which {@link MimeMessage#saveChanges()} cannot parse and
 * which would otherwise send the spam to the error processor, and from there back to its sender).
 */
final class CopiedMessage extends MimeMessage {
    private static final Logger LOGGER = LoggerFactory.getLogger(CopiedMessage.class);

    CopiedMessage(MimeMessage source) throws MessagingException {
        super(source);
    }

    @Override
    protected void updateHeaders() throws MessagingException {
        try {
            super.updateHeaders();
        } catch (MessagingException unreadableMime) {
            LOGGER.info("copy of message {}: MIME structure unreadable ({}); its MIME headers are kept as received",
                getMessageID(), unreadableMime.getMessage());
            updateMessageID();
        }
    }

    @Override
    protected void updateMessageID() throws MessagingException {
        if (getMessageID() == null) {
            super.updateMessageID();
        }
    }
}
