package org.jamesantispam.mailets;

import java.nio.charset.StandardCharsets;

import javax.mail.MessagingException;
import javax.mail.internet.MimeMessage;

import org.apache.mailet.Mail;
import org.apache.mailet.base.GenericMailet;
import org.jamesantispam.core.config.QuotedText;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Prefixes the Subject with a tag, once: amavis {@code $sa_spam_subject_tag} ({@code ***Posible SPAM*** })
 * and {@code $undecipherable_subject_tag} ({@code ***UNCHECKED*** }). A subject that already starts with
 * the tag is left alone, so a message scanned twice is not tagged twice. A message without Subject gets
 * the tag (without its trailing spaces) as Subject. Non-ASCII subjects are re-encoded as UTF-8
 * (RFC 2047). A message whose MIME structure cannot be parsed is still tagged and delivered (WARN
 * logged).
 *
 * <p>Parameters:
 * <ul>
 *   <li>{@code tag} (required): the prefix. James trims mailet parameters, so write it between double
 *       quotes to keep a trailing space: {@code "***Posible SPAM*** "}. Inside quotes, {@code \"} and
 *       {@code \\} stand for {@code "} and {@code \}.</li>
 * </ul>
 *
 * <p>Per recipient: put it behind a matcher that returns some of the recipients (James then
 * splits the mail and only that copy is tagged), e.g. the content filter's
 * {@code IsSpamScoreAtLeast=tag2, local} (each recipient's own tag2 level; spam lovers included)
 * or {@code IsSpamUnchecked=local}.
 *
 * <pre>{@code
 * <mailet match="org.jamesantispam.matchers.IsSpamScoreAtLeast=tag2, local" class="org.jamesantispam.mailets.TagSubject">
 *     <tag>"***Posible SPAM*** "</tag>
 * </mailet>
 * <mailet match="org.jamesantispam.matchers.IsSpamUnchecked=local" class="org.jamesantispam.mailets.TagSubject">
 *     <tag>"***UNCHECKED*** "</tag>
 * </mailet>
 * }</pre>
 */
public class TagSubject extends GenericMailet {
    private static final Logger LOGGER = LoggerFactory.getLogger(TagSubject.class);
    private String tag;

    @Override
    public void init() throws MessagingException {
        MailetParameters parameters = MailetParameters.of(this, "tag");
        try {
            tag = QuotedText.parse(getMailetName() + ": <tag>", parameters.required("tag"));
        } catch (IllegalArgumentException e) {
            throw new MessagingException(e.getMessage());
        }
        if (tag.isBlank()) {
            throw new MessagingException(getMailetName() + ": <tag> is blank; expected a prefix such as \"***SPAM*** \"");
        }
    }

    @Override
    public void service(Mail mail) throws MessagingException {
        MimeMessage message = mail.getMessage();
        String subject = message.getSubject();
        if (subject != null && subject.startsWith(tag)) {
            return;
        }
        String tagged = subject == null ? tag.stripTrailing() : tag + subject;
        message.setSubject(tagged, StandardCharsets.UTF_8.name());
        try {
            message.saveChanges();
        } catch (MessagingException unreadableMime) {
            // saveChanges re-derives the MIME headers, which fails on a malformed Content-Type. The
            // Subject header is already set and James writes it: the mail is delivered tagged.
            LOGGER.warn("{}: MIME structure unreadable ({}); subject tagged without re-saving the MIME headers",
                mail.getName(), unreadableMime.getMessage());
        }
    }

    @Override
    public String getMailetInfo() {
        return "Prefixes the Subject with a tag, once";
    }
}
