package org.jamesantispam.smtp;

import java.util.Optional;
import java.util.stream.Collectors;

import javax.inject.Inject;

import org.apache.commons.configuration2.Configuration;
import org.apache.commons.configuration2.ex.ConfigurationException;
import org.apache.james.filesystem.api.FileSystem;
import org.apache.james.protocols.api.ProtocolSession.State;
import org.apache.james.protocols.smtp.SMTPSession;
import org.apache.james.protocols.smtp.hook.HookResult;
import org.apache.james.protocols.smtp.hook.HookReturnCode;
import org.apache.james.smtpserver.JamesMessageHook;
import org.apache.mailet.Attribute;
import org.apache.mailet.AttributeName;
import org.apache.mailet.AttributeValue;
import org.apache.mailet.Mail;
import org.jamesantispam.core.content.ContentChecks;
import org.jamesantispam.core.content.ContentChecksParameters;
import org.jamesantispam.core.content.ContentHit;
import org.jamesantispam.core.content.ContentVerdict;
import org.jamesantispam.core.content.TableFiles;
import org.jamesantispam.core.restrictions.Reply;
import org.jamesantispam.core.stats.AntispamStatistics;
import org.jamesantispam.core.stats.ContentRuleName;
import org.jamesantispam.core.stats.RejectionKind;
import org.jamesantispam.core.stats.RejectionStage;
import org.jamesantispam.core.dryrun.DryRunCheck;
import org.jamesantispam.core.runtime.ActiveComponents;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Postfix {@code header_checks}, {@code mime_header_checks}, {@code nested_header_checks} and
 * {@code body_checks} at the end of DATA: the message is matched against the regexp tables (syntax
 * and scopes: {@link org.jamesantispam.core.content.ContentTable},
 * {@link org.jamesantispam.core.content.ContentChecks}) before James queues it, so a REJECT is a
 * refusal in the SMTP dialogue, with Postfix's reply:
 * <pre>
 * REJECT              550 5.7.1 message content rejected
 * REJECT text         550 5.7.1 text
 * REJECT 4.7.1 text   450 4.7.1 text
 * </pre>
 * A DISCARD answers {@code 250 2.6.0 Message received} and drops the message, as Postfix does. Every
 * other action (HOLD, REDIRECT, FILTER, PREPEND, REPLACE, IGNORE, STRIP, WARN, INFO, BCC, PASS) is
 * left to the mailet {@code org.jamesantispam.mailets.ApplyContentChecks}, given the same tables, in
 * the root processor (it needs the accepted mail); this hook logs them at DEBUG only.
 *
 * <p>A message in which no rule hit at all gets the mail attribute
 * {@code org.jamesantispam.content.cleanScan} ({@link ContentChecks#CLEAN_SCAN_ATTRIBUTE}): the
 * fingerprint of this check (message bytes, each table's loaded text, limits, body mode). The mailet
 * skips its second scan of the same message when its own fingerprint of the mail is the same, i.e.
 * when neither the message nor the tables (a reload, other files) nor the limits differ; a message
 * with any hit (HOLD, PREPEND, ...) carries no fingerprint and the mailet scans it again.
 *
 * <p>Parameters (child elements): {@code headerChecks}, {@code mimeHeaderChecks} (absent: the
 * headerChecks table; empty: none), {@code nestedHeaderChecks} (same), {@code bodyChecks}: table
 * files, as James URLs ({@code file://conf/header_checks}) or paths; {@code headerSizeLimit}
 * (102400), {@code bodyChecksSizeLimit} (51200), {@code lineLengthLimit} (2048),
 * {@code mimeNestingLimit} (100); {@code bodyMode} {@code raw} (default) or {@code decoded}. A broken
 * table fails startup with {@code file:line: reason}; edits are picked up within a second, a broken
 * edit keeps the last good table (ERROR logged).
 *
 * <p>Each refusal or discard is logged at INFO: table file, table line, scope, matched line (cut at
 * 200 characters), client, HELO, sender, recipients and the reply. A check that fails (it should not:
 * malformed mail is read leniently) accepts the message and logs a WARN: mail is never lost.
 *
 * <pre>{@code
 * <handlerchain>
 *     <handler class="org.jamesantispam.smtp.ContentChecksHook">
 *         <headerChecks>file://conf/header_checks</headerChecks>
 *         <mimeHeaderChecks>file://conf/mime_header_checks</mimeHeaderChecks>
 *         <bodyChecks>file://conf/body_checks</bodyChecks>
 *     </handler>
 *     <handler class="org.apache.james.smtpserver.CoreCmdHandlerLoader"/>
 * </handlerchain>
 * }</pre>
 */
public class ContentChecksHook implements JamesMessageHook {
    private static final Logger LOGGER = LoggerFactory.getLogger(ContentChecksHook.class);

    private final FileSystem fileSystem;
    private final AntispamStatistics statistics;
    private ContentChecks checks;

    /** Where init() registers the dry-run form of this hook (webadmin POST /antispam/check); null outside James. */
    private ActiveComponents components;

    @Inject
    public void setComponents(ActiveComponents components) {
        this.components = components;
    }

    /** Outside James: table files are plain paths. */
    public ContentChecksHook() {
        this(null);
    }

    public ContentChecksHook(FileSystem fileSystem) {
        this(fileSystem, AntispamStatistics.detached());
    }

    /** @param statistics counts each refusal per rule for {@code GET /antispam/stats} */
    @Inject
    public ContentChecksHook(FileSystem fileSystem, AntispamStatistics statistics) {
        this.fileSystem = fileSystem;
        this.statistics = statistics;
    }

    @Override
    public void init(Configuration config) throws ConfigurationException {
        String name = getClass().getSimpleName();
        HandlerParameters parameters = HandlerParameters.of(name, config, ContentChecksParameters.NAMES);
        try {
            checks = ContentChecksParameters.parse(name, parameters::string, TableFiles.resolver(fileSystem == null ? null : fileSystem::getFile));
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException(e.getMessage(), e);
        }
        if (components != null) {
            components.register(DryRunCheck.class, getClass().getName(), new ContentChecksDryRun(getClass().getName(), checks));
        }
    }

    @Override
    public HookResult onMessage(SMTPSession session, Mail mail) {
        String client = session.getRemoteAddress().getAddress().getHostAddress();
        String helo = session.getAttachment(SMTPSession.CURRENT_HELO_NAME, State.Connection).orElse("");
        return decide(mail, client, helo);
    }

    /** The decision for one message; {@code client} and {@code helo} are for the log. */
    HookResult decide(Mail mail, String client, String helo) {
        ContentVerdict verdict;
        try {
            ContentChecks.Checked checked = checks.checkAndFingerprint(mail.getMessage());
            verdict = checked.verdict();
            checked.cleanFingerprint().ifPresent(fingerprint ->
                mail.setAttribute(new Attribute(AttributeName.of(ContentChecks.CLEAN_SCAN_ATTRIBUTE), AttributeValue.of(fingerprint))));
        } catch (Exception e) {
            LOGGER.warn("content checks failed for mail {} from client={}; accepted unchecked", mail.getName(), client, e);
            return HookResult.DECLINED;
        }
        Optional<ContentHit> rejection = verdict.rejection();
        if (rejection.isPresent()) {
            Reply reply = rejection.get().action().reply();
            log("reject", rejection.get(), mail, client, helo, reply.line());
            statistics.countRejection(RejectionStage.DATA, RejectionKind.CONTENT_CHECKS, ContentRuleName.of(rejection.get()), reply.isPermanent());
            return HookResult.builder()
                .hookReturnCode(reply.isPermanent() ? HookReturnCode.deny() : HookReturnCode.denySoft())
                .smtpReturnCode(String.valueOf(reply.code()))
                .smtpDescription(reply.enhancedStatus() + " " + reply.text())
                .build();
        }
        Optional<ContentHit> discard = verdict.discard();
        if (discard.isPresent()) {
            log("discard", discard.get(), mail, client, helo, "250 2.6.0 Message received");
            return HookResult.builder()
                .hookReturnCode(HookReturnCode.ok())
                .smtpDescription("2.6.0 Message received")
                .build();
        }
        if (LOGGER.isDebugEnabled()) {
            verdict.hits().forEach(hit -> LOGGER.debug("content {}: mail={} {} (left to the mailet pipeline)",
                hit.action().kind().name().toLowerCase(java.util.Locale.ROOT), mail.getName(), hit.describe()));
        }
        return HookResult.DECLINED;
    }

    private static void log(String what, ContentHit hit, Mail mail, String client, String helo, String reply) {
        LOGGER.info("content {}: {} line=\"{}\" scope={} mail={} client={} helo=<{}> from=<{}> to=<{}>: {}",
            what, hit.table() + ":" + hit.tableLine(), hit.text(), hit.scope(), mail.getName(), client, helo,
            mail.getMaybeSender().asString(""),
            mail.getRecipients().stream().map(Object::toString).collect(Collectors.joining(",")), reply);
    }
}
