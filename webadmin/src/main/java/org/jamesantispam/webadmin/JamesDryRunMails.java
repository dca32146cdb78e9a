package org.jamesantispam.webadmin;

import java.io.ByteArrayInputStream;
import java.util.List;
import java.util.Properties;
import java.util.UUID;

import javax.mail.MessagingException;
import javax.mail.Session;
import javax.mail.internet.MimeMessage;

import org.apache.james.core.MailAddress;
import org.apache.james.core.MaybeSender;
import org.apache.james.server.core.MailImpl;
import org.apache.mailet.Mail;
import org.jamesantispam.core.dryrun.DryRunMailFactory;

/**
 * James' own {@link MailImpl} for the checks of a dry run: a throw-away mail named
 * {@code dry-run-<uuid>}, never handed to the mail queue or a repository.
 */
final class JamesDryRunMails implements DryRunMailFactory {
    private static final Session SESSION = Session.getInstance(new Properties());

    private final String name = "dry-run-" + UUID.randomUUID();

    @Override
    public Mail create(String sender, List<String> recipients, byte[] message, String clientIp) throws MessagingException {
        MailImpl.Builder builder = MailImpl.builder()
            .name(name)
            .sender(sender.isEmpty() ? MaybeSender.nullSender() : MaybeSender.of(new MailAddress(sender)))
            .remoteAddr(clientIp)
            .remoteHost(clientIp)
            .mimeMessage(new MimeMessage(SESSION, new ByteArrayInputStream(message)));
        for (String recipient : recipients) {
            builder.addRecipient(new MailAddress(recipient));
        }
        return builder.build();
    }
}
