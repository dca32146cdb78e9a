package org.jamesantispam.mailets;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.Properties;

import javax.activation.DataHandler;
import javax.mail.Header;
import javax.mail.MessagingException;
import javax.mail.Session;
import javax.mail.internet.InternetAddress;
import javax.mail.internet.MailDateFormat;
import javax.mail.internet.MimeBodyPart;
import javax.mail.internet.MimeMessage;
import javax.mail.internet.MimeMultipart;
import javax.mail.util.ByteArrayDataSource;

import org.apache.james.core.MailAddress;
import org.apache.mailet.Mail;

/**
 * A non-delivery notice for spam (RFC 3464 {@code multipart/report}): a human-readable part, the
 * machine-readable {@code message/delivery-status} with status {@code 5.7.0} per recipient, and
 * the original headers ({@code text/rfc822-headers}; the spam itself is not sent back).
 */
final class BounceNotice {
    private BounceNotice() {
    }

    static MimeMessage build(Mail mail, MailAddress from, String reportingMta, String diagnostic) throws MessagingException {
        String sender = mail.getMaybeSender().asString("");
        List<MailAddress> recipients = List.copyOf(mail.getRecipients());

        StringBuilder human = new StringBuilder()
            .append("This is the mail system at host ").append(reportingMta).append(".\r\n\r\n")
            .append("Your message could not be delivered to the following recipients because it\r\n")
            .append("was classified as spam by the content filter:\r\n\r\n");
        recipients.forEach(recipient -> human.append("    <").append(recipient.asString()).append(">\r\n"));
        human.append("\r\nReason: ").append(diagnostic).append("\r\n")
            .append("Message-ID: ").append(MailFacts.messageId(mail)).append("\r\n")
            .append("Subject: ").append(MailFacts.subject(mail)).append("\r\n\r\n")
            .append("If you believe this is a mistake, contact the postmaster of the recipients' domain.\r\n");

        StringBuilder status = new StringBuilder()
            .append("Reporting-MTA: dns; ").append(reportingMta).append("\r\n")
            .append("X-Antispam-Queue-ID: ").append(mail.getName()).append("\r\n")
            .append("Arrival-Date: ").append(new MailDateFormat().format(new Date())).append("\r\n");
        for (MailAddress recipient : recipients) {
            status.append("\r\n")
                .append("Final-Recipient: rfc822; ").append(recipient.asString()).append("\r\n")
                .append("Action: failed\r\n")
                .append("Status: 5.7.0\r\n")
                .append("Diagnostic-Code: smtp; ").append(diagnostic).append("\r\n");
        }

        MimeMultipart report = new ReportMultipart();
        MimeBodyPart text = new MimeBodyPart();
        text.setText(human.toString(), StandardCharsets.UTF_8.name());
        report.addBodyPart(text);
        report.addBodyPart(part(status.toString().getBytes(StandardCharsets.US_ASCII), "message/delivery-status"));
        report.addBodyPart(part(originalHeaders(mail), "text/rfc822-headers"));

        MimeMessage notice = new MimeMessage(Session.getInstance(new Properties()));
        notice.setFrom(new InternetAddress(from.asString(), false));
        notice.setRecipient(javax.mail.Message.RecipientType.TO, new InternetAddress(sender, false));
        notice.setSubject("Undelivered Mail Returned to Sender", StandardCharsets.UTF_8.name());
        notice.setHeader("Auto-Submitted", "auto-replied");
        notice.setContent(report);
        notice.saveChanges();
        return notice;
    }

    private static MimeBodyPart part(byte[] content, String type) throws MessagingException {
        MimeBodyPart part = new MimeBodyPart();
        part.setDataHandler(new DataHandler(new ByteArrayDataSource(content, type)));
        part.setHeader("Content-Type", type);
        return part;
    }

    private static byte[] originalHeaders(Mail mail) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            for (Header header : Collections.list(mail.getMessage().getAllHeaders())) {
                out.write((header.getName() + ": " + header.getValue() + "\r\n").getBytes(StandardCharsets.UTF_8));
            }
        } catch (MessagingException | IOException | RuntimeException e) {
            out.writeBytes(("X-Antispam-Note: original headers unreadable (" + e.getClass().getSimpleName() + ")\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        }
        return out.toByteArray();
    }

    /** {@code multipart/report; report-type=delivery-status}. */
    private static final class ReportMultipart extends MimeMultipart {
        ReportMultipart() {
            super("report");
            contentType = contentType + "; report-type=" + "delivery-status".toLowerCase(Locale.ROOT);
        }
    }
}
