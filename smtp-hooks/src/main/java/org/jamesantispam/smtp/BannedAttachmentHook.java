package org.jamesantispam.smtp;

import java.util.stream.Collectors;

import javax.inject.Inject;

import org.apache.commons.configuration2.Configuration;
import org.apache.commons.configuration2.ex.ConfigurationException;
import org.apache.james.protocols.api.ProtocolSession.State;
import org.apache.james.protocols.smtp.SMTPSession;
import org.apache.james.protocols.smtp.hook.HookResult;
import org.apache.james.protocols.smtp.hook.HookReturnCode;
import org.apache.james.smtpserver.JamesMessageHook;
import org.apache.mailet.Attribute;
import org.apache.mailet.AttributeName;
import org.apache.mailet.AttributeValue;
import org.apache.mailet.Mail;
import org.jamesantispam.core.attachments.BannedAttachmentParameters;
import org.jamesantispam.core.attachments.Inspection;
import org.jamesantispam.core.content.Text;
import org.jamesantispam.core.stats.AntispamStatistics;
import org.jamesantispam.core.stats.RejectionKind;
import org.jamesantispam.core.stats.RejectionStage;
import org.jamesantispam.core.dryrun.DryRunCheck;
import org.jamesantispam.core.runtime.ActiveComponents;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * amavisd-new's banned-files check at the end of DATA: a message with an attachment whose name is
 * banned, directly or inside an archive (zip, zip in zip, tar, gzip, bzip2: see
 * {@link org.jamesantispam.core.attachments.AttachmentInspector}), is refused in the SMTP dialogue:
 * <pre>554 5.7.0 Message rejected: banned attachment setup.exe in invoice.zip</pre>
 * (Postfix's {@code mime_header_checks} rule sees only the names in MIME headers, not inside archives.)
 * A message that could not be fully inspected (archive limits, damaged archive) is, as the operator
 * chooses with {@code onLimit}: refused ({@code banned},
 * {@code 554 5.7.0 Message rejected: attachment could not be checked: ...}), or accepted with the
 * mail attribute {@value BannedAttachmentParameters#UNCHECKED_ATTRIBUTE} set to the reason
 * ({@code unchecked}, default), for a {@code ***UNCHECKED*** } subject tag in the mailet pipeline
 * ({@code HasMailAttribute} + {@code org.jamesantispam.mailets.TagSubject}).
 * A message made of text and multipart entities only, without a file name and not base64 or
 * uuencoded (most mail), is judged from its MIME headers alone, in one streaming pass, without
 * building the message.
 *
 * <p>Parameters: {@code extensions} (default {@code bat com dll exe hta pif vbs}), {@code pattern}
 * (RE2 regex over the name), {@code maxDepth} (5), {@code maxEntries} (1000),
 * {@code maxExpandedSize} (50M), {@code onLimit} ({@code unchecked} or {@code banned}); see
 * {@link BannedAttachmentParameters}. Each refusal is logged at INFO with the name, client, sender and
 * recipients; an unchecked message at INFO with the reason.
 *
 * <pre>{@code
 * <handler class="org.jamesantispam.smtp.BannedAttachmentHook">
 *     <extensions>bat com dll exe hta pif vbs scr</extensions>
 *     <maxDepth>5</maxDepth>
 *     <maxEntries>1000</maxEntries>
 *     <maxExpandedSize>50M</maxExpandedSize>
 *     <onLimit>unchecked</onLimit>
 * </handler>
 * }</pre>
 */
public class BannedAttachmentHook implements JamesMessageHook {
    private static final Logger LOGGER = LoggerFactory.getLogger(BannedAttachmentHook.class);

    private final AntispamStatistics statistics;
    private BannedAttachmentParameters settings;

    public BannedAttachmentHook() {
        this(AntispamStatistics.detached());
    }

    /** @param statistics counts each refusal for {@code GET /antispam/stats} */
    @Inject
    public BannedAttachmentHook(AntispamStatistics statistics) {
        this.statistics = statistics;
    }

    /** Where init() registers the dry-run form of this hook (webadmin POST /antispam/check); null outside James. */
    private ActiveComponents components;

    @Inject
    public void setComponents(ActiveComponents components) {
        this.components = components;
    }

    @Override
    public void init(Configuration config) throws ConfigurationException {
        String name = getClass().getSimpleName();
        HandlerParameters parameters = HandlerParameters.of(name, config, BannedAttachmentParameters.NAMES);
        try {
            settings = BannedAttachmentParameters.parse(name, parameters::string);
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException(e.getMessage(), e);
        }
        if (components != null) {
            components.register(DryRunCheck.class, getClass().getName(), new BannedAttachmentDryRun(getClass().getName(), settings));
        }
    }

    @Override
    public HookResult onMessage(SMTPSession session, Mail mail) {
        String client = session.getRemoteAddress().getAddress().getHostAddress();
        String helo = session.getAttachment(SMTPSession.CURRENT_HELO_NAME, State.Connection).orElse("");
        return decide(mail, client, helo);
    }

    HookResult decide(Mail mail, String client, String helo) {
        Inspection inspection;
        try {
            inspection = settings.inspector().inspect(mail.getMessage());
        } catch (Exception e) {
            inspection = Inspection.unchecked("message unreadable: " + e);
        }
        String detail = Text.forLog(inspection.detail(), 300);
        switch (inspection.verdict(settings.onLimit())) {
            case BANNED -> {
                String text = inspection.outcome() == Inspection.Outcome.BANNED
                    ? "5.7.0 Message rejected: banned attachment " + detail
                    : "5.7.0 Message rejected: attachment could not be checked: " + detail;
                LOGGER.info("banned attachment reject: {} mail={} client={} helo=<{}> from=<{}> to=<{}>: 554 {}",
                    detail, mail.getName(), client, helo, mail.getMaybeSender().asString(""), recipients(mail), text);
                statistics.countRejection(RejectionStage.DATA, RejectionKind.BANNED_ATTACHMENTS,
                    inspection.outcome() == Inspection.Outcome.BANNED ? "banned attachment" : "attachment not checkable (onLimit=banned)", true);
                return HookResult.builder()
                    .hookReturnCode(HookReturnCode.deny())
                    .smtpReturnCode("554")
                    .smtpDescription(text)
                    .build();
            }
            case UNCHECKED -> {
                LOGGER.info("banned attachment check incomplete, accepted as unchecked: {} mail={} client={} from=<{}> to=<{}>",
                    detail, mail.getName(), client, mail.getMaybeSender().asString(""), recipients(mail));
                mail.setAttribute(new Attribute(AttributeName.of(BannedAttachmentParameters.UNCHECKED_ATTRIBUTE),
                    AttributeValue.of(detail)));
                return HookResult.DECLINED;
            }
            default -> {
                return HookResult.DECLINED;
            }
        }
    }


    private static String recipients(Mail mail) {
        return mail.getRecipients().stream().map(Object::toString).collect(Collectors.joining(","));
    }
}
