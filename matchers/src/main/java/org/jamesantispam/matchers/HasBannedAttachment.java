package org.jamesantispam.matchers;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import javax.mail.MessagingException;

import org.apache.james.core.MailAddress;
import org.apache.mailet.Attribute;
import org.apache.mailet.AttributeName;
import org.apache.mailet.AttributeValue;
import org.apache.mailet.Mail;
import org.apache.mailet.base.GenericMatcher;
import org.jamesantispam.core.attachments.BannedAttachmentParameters;
import org.jamesantispam.core.attachments.Inspection;
import org.jamesantispam.core.content.Text;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Matches mail carrying an attachment with a banned file name, directly or inside an archive (zip,
 * zip in zip, tar, gzip, bzip2; amavisd-new's banned-files check, which Postfix's
 * {@code mime_header_checks} cannot do): the after-acceptance form of the SMTP hook
 * {@code org.jamesantispam.smtp.BannedAttachmentHook}, same inspection
 * ({@link org.jamesantispam.core.attachments.AttachmentInspector}).
 *
 * <p>Condition: optional {@code key=value} settings separated by {@code ;} (see
 * {@link BannedAttachmentParameters}): {@code extensions} (default {@code bat com dll exe hta pif vbs},
 * separated by blanks, commas or bars), {@code pattern} (RE2 regex over the name), {@code maxDepth}
 * (5), {@code maxEntries} (1000), {@code maxExpandedSize} (50M), {@code onLimit}. Past a limit (or
 * with a damaged archive), {@code onLimit=banned} matches; {@code onLimit=unchecked} (default) does not
 * match but sets the mail attribute {@value BannedAttachmentParameters#UNCHECKED_ATTRIBUTE} to the
 * reason, for a {@code ***UNCHECKED*** } tag. The banned name (e.g. {@code setup.exe in invoice.zip})
 * is recorded in the attribute {@code org.jamesantispam.attachments.banned} and logged at INFO.
 *
 * <pre>{@code
 * <mailet match="org.jamesantispam.matchers.HasBannedAttachment=extensions=exe com bat; maxDepth=4; onLimit=unchecked"
 *         class="ToProcessor">
 *     <processor>banned</processor>
 * </mailet>
 * <mailet match="HasMailAttribute=org.jamesantispam.attachments.unchecked" class="org.jamesantispam.mailets.TagSubject">
 *     <tag>"***UNCHECKED*** "</tag>
 * </mailet>
 * }</pre>
 */
public class HasBannedAttachment extends GenericMatcher {
    /** The banned name found, with its containers. */
    public static final AttributeName BANNED = AttributeName.of("org.jamesantispam.attachments.banned");
    private static final AttributeName UNCHECKED = AttributeName.of(BannedAttachmentParameters.UNCHECKED_ATTRIBUTE);
    private static final Logger LOGGER = LoggerFactory.getLogger(HasBannedAttachment.class);

    private BannedAttachmentParameters settings;

    @Override
    public void init() throws MessagingException {
        Map<String, String> options = new HashMap<>();
        String condition = getCondition() == null ? "" : getCondition().strip();
        for (String setting : condition.split(";")) {
            if (setting.isBlank()) {
                continue;
            }
            int equals = setting.indexOf('=');
            String key = equals < 0 ? setting.strip() : setting.substring(0, equals).strip();
            if (equals < 0 || !BannedAttachmentParameters.NAMES.contains(key)) {
                throw new MessagingException("HasBannedAttachment: condition part '" + setting.strip() + "' is not key=value with key one of "
                    + BannedAttachmentParameters.NAMES);
            }
            options.put(key, setting.substring(equals + 1).strip());
        }
        try {
            settings = BannedAttachmentParameters.parse("HasBannedAttachment", key -> Optional.ofNullable(options.get(key)));
        } catch (IllegalArgumentException e) {
            throw new MessagingException(e.getMessage(), e);
        }
    }

    @Override
    public Collection<MailAddress> match(Mail mail) throws MessagingException {
        Inspection inspection = settings.inspector().inspect(mail.getMessage());
        String detail = Text.forLog(inspection.detail(), 300);
        switch (inspection.verdict(settings.onLimit())) {
            case BANNED -> {
                mail.setAttribute(new Attribute(BANNED, AttributeValue.of(detail)));
                LOGGER.info("banned attachment: {} mail={} client={} from=<{}>{}", detail, mail.getName(), mail.getRemoteAddr(),
                    mail.getMaybeSender().asString(""), inspection.outcome() == Inspection.Outcome.UNCHECKED ? " (could not be checked)" : "");
                return mail.getRecipients();
            }
            case UNCHECKED -> {
                mail.setAttribute(new Attribute(UNCHECKED, AttributeValue.of(detail)));
                LOGGER.info("banned attachment check incomplete: {} mail={}", detail, mail.getName());
                return List.of();
            }
            default -> {
                return List.of();
            }
        }
    }
}
