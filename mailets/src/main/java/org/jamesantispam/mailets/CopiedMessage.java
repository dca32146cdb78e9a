package org.jamesantispam.mailets;

import javax.mail.MessagingException;
import javax.mail.internet.MimeMessage;

/**
 * A copy of a message that keeps its {@code Message-ID} when saved (plain {@link MimeMessage}
 * would invent a new one): quarantine copies must stay traceable to the original.
 */
final class CopiedMessage extends MimeMessage {
    CopiedMessage(MimeMessage source) throws MessagingException {
        super(source);
    }

    @Override
    protected void updateMessageID() throws MessagingException {
        if (getMessageID() == null) {
            super.updateMessageID();
        }
    }
}
