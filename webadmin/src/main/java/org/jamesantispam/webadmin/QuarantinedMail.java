package org.jamesantispam.webadmin;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

import javax.mail.Header;
import javax.mail.MessagingException;

import org.apache.james.core.MailAddress;
import org.apache.mailet.Mail;
import org.jamesantispam.core.spam.QuarantineReason;
import org.jamesantispam.core.spam.mail.QuarantineAttributes;
import org.jamesantispam.core.spam.mail.SpamAttributes;

/**
 * One mail of the quarantine as webadmin shows it, read without ever failing (a broken message
 * gives an empty subject and no headers, not an error): its id (the repository key), arrival
 * date, client, envelope, subject, spam score, rules and quarantine reason.
 */
final class QuarantinedMail {
    /** A quarantine id: the reason, a dash, 12 letters or digits ({@code spam-3fK9q2LmXw0a}). */
    static final Pattern ID = Pattern.compile("[a-z]{1,16}-[A-Za-z0-9]{12}");

    private final String id;
    private final Mail mail;

    QuarantinedMail(String id, Mail mail) {
        this.id = id;
        this.mail = mail;
    }

    static boolean isValidId(String id) {
        return id != null && ID.matcher(id).matches();
    }

    String id() {
        return id;
    }

    Mail mail() {
        return mail;
    }

    /**
     * When the mail arrived: when the content filter started on it (attribute
     * {@code org.jamesantispam.spam.started}), else when it was quarantined (the repository's
     * last-updated date).
     */
    Instant arrival() {
        Optional<Instant> started = mail.getAttribute(SpamAttributes.STARTED)
            .map(attribute -> attribute.getValue().getValue())
            .filter(Long.class::isInstance)
            .map(millis -> Instant.ofEpochMilli((Long) millis));
        if (started.isPresent()) {
            return started.get();
        }
        return mail.getLastUpdated() == null ? Instant.EPOCH : mail.getLastUpdated().toInstant();
    }

    String sender() {
        return mail.getMaybeSender().asString("");
    }

    List<MailAddress> recipients() {
        return List.copyOf(mail.getRecipients());
    }

    String clientIp() {
        return mail.getRemoteAddr() == null ? "" : mail.getRemoteAddr();
    }

    String subject() {
        try {
            return Optional.ofNullable(mail.getMessage().getSubject()).orElse("");
        } catch (MessagingException | RuntimeException e) {
            return "";
        }
    }

    Optional<Double> score() {
        return mail.getAttribute(SpamAttributes.SCORE)
            .map(attribute -> attribute.getValue().getValue())
            .filter(Number.class::isInstance)
            .map(value -> ((Number) value).doubleValue());
    }

    /** The rules that hit ({@code org.jamesantispam.spam.tests}: {@code GTUBE, NO_RELAYS} or {@code GTUBE=1000,...}). */
    List<String> rules() {
        return mail.getAttribute(SpamAttributes.TESTS)
            .map(attribute -> attribute.getValue().getValue())
            .filter(String.class::isInstance)
            .map(text -> {
                List<String> rules = new ArrayList<>();
                for (String rule : ((String) text).split("[,\\s]+")) {
                    if (!rule.isBlank()) {
                        rules.add(rule.strip());
                    }
                }
                return Collections.unmodifiableList(rules);
            })
            .orElse(List.of());
    }

    QuarantineReason reason() {
        return QuarantineAttributes.reason(mail);
    }

    /** The size of the raw message in bytes (what {@code Accept: message/rfc822} returns); -1 if unreadable. */
    long size() {
        try {
            return raw().length;
        } catch (IOException | MessagingException | RuntimeException e) {
            return -1;
        }
    }

    /** The header fields in order, values unfolded. */
    List<Map<String, String>> headers() {
        List<Map<String, String>> headers = new ArrayList<>();
        try {
            for (Header header : Collections.list(mail.getMessage().getAllHeaders())) {
                Map<String, String> field = new LinkedHashMap<>();
                field.put("name", header.getName());
                field.put("value", header.getValue() == null ? "" : header.getValue().replaceAll("\r?\n[ \t]+", " ").strip());
                headers.add(field);
            }
        } catch (MessagingException | RuntimeException e) {
            return List.of();
        }
        return headers;
    }

    /** The message exactly as stored (with the quarantine headers). */
    byte[] raw() throws IOException, MessagingException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        mail.getMessage().writeTo(out);
        return out.toByteArray();
    }

    boolean hasRecipient(MailAddress recipient) {
        String wanted = recipient.asString().toLowerCase(Locale.ROOT);
        return mail.getRecipients().stream().anyMatch(r -> r.asString().toLowerCase(Locale.ROOT).equals(wanted));
    }

    /** The list entry: id, arrivalDate, clientIp, sender, recipients, subject, score, rules, reason. */
    Map<String, Object> summary() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", id);
        json.put("arrivalDate", arrival().toString());
        json.put("clientIp", clientIp());
        json.put("sender", sender());
        json.put("recipients", recipients().stream().map(MailAddress::asString).toList());
        json.put("subject", subject());
        json.put("score", score().orElse(null));
        json.put("rules", rules());
        json.put("reason", reason().keyword());
        return json;
    }

    /** The summary plus size (bytes) and headers. */
    Map<String, Object> details() {
        Map<String, Object> json = summary();
        json.put("size", size());
        json.put("headers", headers());
        return json;
    }
}
