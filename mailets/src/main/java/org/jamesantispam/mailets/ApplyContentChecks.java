package org.jamesantispam.mailets;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import javax.inject.Inject;
import javax.mail.MessagingException;
import javax.mail.internet.AddressException;
import javax.mail.internet.MimeMessage;

import org.apache.james.core.MailAddress;
import org.apache.james.filesystem.api.FileSystem;
import org.apache.mailet.Attribute;
import org.apache.mailet.AttributeName;
import org.apache.mailet.AttributeValue;
import org.apache.mailet.Mail;
import org.apache.mailet.base.GenericMailet;
import org.jamesantispam.core.content.ContentChecks;
import org.jamesantispam.core.content.ContentChecksParameters;
import org.jamesantispam.core.content.ContentEdits;
import org.jamesantispam.core.content.ContentHit;
import org.jamesantispam.core.content.ContentVerdict;
import org.jamesantispam.core.content.TableFiles;
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
 * {@code body_checks} for accepted mail: matches the message against the regexp tables (same
 * implementation and parameters as the SMTP hook {@code org.jamesantispam.smtp.ContentChecksHook},
 * which refuses in the dialogue) and applies every action:
 * <ul>
 *   <li>{@code REJECT}: the mail goes to {@code rejectProcessor}, its error message set to the reply
 *       Postfix would have given ({@code 550 5.7.1 message content rejected}), for a bounce or a
 *       repository there.</li>
 *   <li>{@code DISCARD}: dropped (ghost state).</li>
 *   <li>{@code HOLD}: the mail goes to {@code holdProcessor}, which keeps it (a {@code ToRepository}
 *       there); release it through webadmin with {@code action=reprocess} (it is not held again:
 *       a checked mail is never checked twice).</li>
 *   <li>{@code REDIRECT user@domain}: that address replaces the recipients.</li>
 *   <li>{@code FILTER processor}: the mail continues in that processor (unless REDIRECTed, as Postfix).</li>
 *   <li>{@code BCC user@domain}: that address is added as a recipient.</li>
 *   <li>{@code PREPEND}, {@code REPLACE}, {@code IGNORE}, {@code STRIP}: the line is edited in place,
 *       the rest of the message left byte for byte as it was.</li>
 *   <li>{@code WARN} (logged at WARN), {@code INFO}, {@code DUNNO}, {@code PASS}: logged only.</li>
 * </ul>
 * Every hit is logged (table file and line, scope, matched line cut at 200 characters, mail, client,
 * sender, recipients) and recorded in the mail attribute {@code org.jamesantispam.content.hits} (a list
 * of strings); every checked mail gets {@code org.jamesantispam.content.checked = true} and is never
 * checked again (so a released HOLD or a FILTER loop is not caught twice). Mail created by mailets
 * (bounces, notices) is not checked unless {@code checkSentByMailet} is true, as Postfix does not
 * check its own notices. A check that fails leaves the mail as it is and logs a WARN: mail is never
 * lost.
 *
 * <p>No second scan: when the SMTP hook {@code org.jamesantispam.smtp.ContentChecksHook} found no hit
 * at all in the message, it records the fingerprint of its check in the attribute
 * {@code org.jamesantispam.content.cleanScan} (SHA-256 over the message bytes, the text of each
 * table as loaded, the limits and the body mode: {@link ContentChecks#fingerprint}). This mailet
 * then computes the same fingerprint of the mail with its own tables (one pass of the message
 * through SHA-256, no matching) and, when equal, marks the mail checked without scanning it: same
 * bytes and same tables give the same (empty) verdict. A message changed since (a mailet edited
 * it), a table reloaded or configured differently on either side, other limits or body mode: the
 * fingerprints differ and the mailet scans. A message with any hit at SMTP (HOLD, REDIRECT,
 * PREPEND, ...: left to this mailet) carries no fingerprint and is scanned here again, so each hit
 * is applied, logged, recorded and counted by this mailet exactly as before.
 *
 * <p>Parameters: the tables and limits of {@link ContentChecksParameters} ({@code headerChecks},
 * {@code mimeHeaderChecks}, {@code nestedHeaderChecks}, {@code bodyChecks}, {@code headerSizeLimit},
 * {@code bodyChecksSizeLimit}, {@code lineLengthLimit}, {@code mimeNestingLimit}, {@code bodyMode}),
 * {@code rejectProcessor} (required), {@code holdProcessor} (required), {@code checkSentByMailet}
 * (false).
 *
 * <pre>{@code
 * <processor state="root">
 *     <mailet match="All" class="org.jamesantispam.mailets.ApplyContentChecks">
 *         <headerChecks>file://conf/header_checks</headerChecks>
 *         <mimeHeaderChecks>file://conf/mime_header_checks</mimeHeaderChecks>
 *         <bodyChecks>file://conf/body_checks</bodyChecks>
 *         <rejectProcessor>content-rejected</rejectProcessor>
 *         <holdProcessor>content-hold</holdProcessor>
 *     </mailet>
 *     ...
 * </processor>
 * <processor state="content-hold">
 *     <mailet match="All" class="ToRepository">
 *         <repositoryPath>memory://var/mail/content-hold/</repositoryPath>
 *     </mailet>
 * </processor>
 * }</pre>
 */
public class ApplyContentChecks extends GenericMailet {
    /** Set to true on every mail this mailet checked. */
    public static final AttributeName CHECKED = AttributeName.of("org.jamesantispam.content.checked");
    /** The hits, one string each ({@link ContentHit#describe()}). */
    public static final AttributeName HITS = AttributeName.of("org.jamesantispam.content.hits");

    /** Set by the SMTP hook when its check of the message found nothing ({@link ContentChecks#CLEAN_SCAN_ATTRIBUTE}). */
    public static final AttributeName CLEAN_SCAN = AttributeName.of(ContentChecks.CLEAN_SCAN_ATTRIBUTE);

    private static final Logger LOGGER = LoggerFactory.getLogger(ApplyContentChecks.class);

    private final FileSystem fileSystem;
    private final AntispamStatistics statistics;
    private ContentChecks checks;
    private String rejectProcessor;
    private String holdProcessor;
    private boolean checkSentByMailet;

    /** Where init() registers the dry-run form of this mailet (webadmin POST /antispam/check); null outside James. */
    private ActiveComponents components;

    @Inject
    public void setComponents(ActiveComponents components) {
        this.components = components;
    }

    /** Outside James: table files are plain paths. */
    public ApplyContentChecks() {
        this(null);
    }

    public ApplyContentChecks(FileSystem fileSystem) {
        this(fileSystem, AntispamStatistics.detached());
    }

    /** @param statistics counts each REJECT per rule (stage {@code pipeline}) for {@code GET /antispam/stats} */
    @Inject
    public ApplyContentChecks(FileSystem fileSystem, AntispamStatistics statistics) {
        this.fileSystem = fileSystem;
        this.statistics = statistics;
    }

    @Override
    public void init() throws MessagingException {
        String[] known = Stream.concat(ContentChecksParameters.NAMES.stream(), Stream.of("rejectProcessor", "holdProcessor", "checkSentByMailet"))
            .toArray(String[]::new);
        MailetParameters parameters = MailetParameters.of(this, known);
        rejectProcessor = parameters.required("rejectProcessor").strip();
        holdProcessor = parameters.required("holdProcessor").strip();
        String sentByMailet = parameters.optional("checkSentByMailet").map(String::strip).orElse("false");
        if (!sentByMailet.equalsIgnoreCase("true") && !sentByMailet.equalsIgnoreCase("false")) {
            throw new MessagingException(getMailetName() + ": <checkSentByMailet> is '" + sentByMailet + "'; expected true or false");
        }
        checkSentByMailet = sentByMailet.equalsIgnoreCase("true");
        try {
            checks = ContentChecksParameters.parse(getMailetName(), parameters::optional,
                TableFiles.resolver(fileSystem == null ? null : fileSystem::getFile));
        } catch (IllegalArgumentException e) {
            throw new MessagingException(e.getMessage(), e);
        }
        if (components != null) {
            components.register(DryRunCheck.class, getMailetName(), new ContentActionsDryRun(getMailetName(), checks, rejectProcessor, holdProcessor));
        }
    }

    @Override
    public void service(Mail mail) throws MessagingException {
        if (mail.getAttribute(CHECKED).isPresent()
            || (!checkSentByMailet && mail.getAttribute(Mail.SENT_BY_MAILET_ATTRIBUTE.getName()).isPresent())) {
            return;
        }
        MimeMessage message = mail.getMessage();
        if (checkedCleanAtSmtp(mail, message)) {
            LOGGER.debug("content checks: mail {} checked clean at SMTP with the same tables; not scanned again", mail.getName());
            mail.setAttribute(new Attribute(CHECKED, AttributeValue.of(true)));
            return;
        }
        ContentVerdict verdict;
        try {
            verdict = checks.check(message);
        } catch (Exception e) {
            LOGGER.warn("content checks failed for mail {}; left unchecked", mail.getName(), e);
            return;
        }
        mail.setAttribute(new Attribute(CHECKED, AttributeValue.of(true)));
        if (verdict.isEmpty()) {
            return;
        }
        List<AttributeValue<?>> described = verdict.describeHits().stream().<AttributeValue<?>>map(AttributeValue::of).toList();
        mail.setAttribute(new Attribute(HITS, AttributeValue.of(new ArrayList<>(described))));
        verdict.hits().forEach(hit -> log(hit, mail));
        apply(verdict, message, mail);
    }

    /**
     * Whether the SMTP hook already checked exactly this message with exactly these tables, limits and
     * body mode and found no hit at all (its fingerprint is the one this mailet computes now). Any
     * doubt (no fingerprint, another value, a failure computing it) means no: the mailet scans.
     */
    private boolean checkedCleanAtSmtp(Mail mail, MimeMessage message) {
        Optional<String> fingerprint = mail.getAttribute(CLEAN_SCAN)
            .map(Attribute::getValue)
            .map(AttributeValue::getValue)
            .filter(String.class::isInstance)
            .map(String.class::cast);
        if (fingerprint.isEmpty()) {
            return false;
        }
        try {
            return fingerprint.get().equals(checks.fingerprint(message));
        } catch (Exception e) {
            LOGGER.debug("content checks: no fingerprint of mail {}; scanning it", mail.getName(), e);
            return false;
        }
    }

    private void apply(ContentVerdict verdict, MimeMessage message, Mail mail) throws MessagingException {
        Optional<ContentHit> rejection = verdict.rejection();
        if (rejection.isPresent()) {
            mail.setErrorMessage(rejection.get().action().reply().line());
            statistics.countRejection(RejectionStage.PIPELINE, RejectionKind.CONTENT_CHECKS, ContentRuleName.of(rejection.get()),
                rejection.get().action().reply().isPermanent());
            mail.setState(rejectProcessor);
            return;
        }
        if (verdict.discard().isPresent()) {
            mail.setState(Mail.GHOST);
            return;
        }
        try {
            Optional<MimeMessage> edited = ContentEdits.apply(message, verdict);
            if (edited.isPresent()) {
                mail.setMessage(edited.get());
            }
        } catch (java.io.IOException | MessagingException | RuntimeException e) {
            LOGGER.warn("content checks: edits of mail {} not applied", mail.getName(), e);
        }
        Set<MailAddress> recipients = new LinkedHashSet<>(mail.getRecipients());
        for (ContentHit bcc : verdict.bccs()) {
            address(bcc, mail).ifPresent(recipients::add);
        }
        Optional<MailAddress> redirect = verdict.redirect().flatMap(hit -> address(hit, mail));
        if (redirect.isPresent()) {
            recipients.clear();
            recipients.add(redirect.get());
            verdict.bccs().forEach(bcc -> address(bcc, mail).ifPresent(recipients::add));
        }
        if (!recipients.equals(new LinkedHashSet<>(mail.getRecipients()))) {
            mail.setRecipients(new ArrayList<>(recipients));
        }
        if (verdict.hold().isPresent()) {
            mail.setState(holdProcessor);
            return;
        }
        verdict.filter().ifPresent(filter -> mail.setState(filter.action().argument()));
    }

    private static Optional<MailAddress> address(ContentHit hit, Mail mail) {
        try {
            return Optional.of(new MailAddress(hit.action().argument()));
        } catch (AddressException e) {
            LOGGER.warn("content {}: mail={} {}: '{}' is not an address; action ignored",
                hit.action().kind(), mail.getName(), hit.where(), hit.action().argument());
            return Optional.empty();
        }
    }

    private static void log(ContentHit hit, Mail mail) {
        String recipients = mail.getRecipients().stream().map(MailAddress::asString).collect(Collectors.joining(","));
        String format = "content {}: {} line=\"{}\" scope={} mail={} client={} from=<{}> to=<{}>{}";
        Object[] arguments = {hit.action().kind().name().toLowerCase(java.util.Locale.ROOT), hit.table() + ":" + hit.tableLine(),
            hit.text(), hit.scope(), mail.getName(), mail.getRemoteAddr(), mail.getMaybeSender().asString(""), recipients,
            hit.action().argument().isEmpty() ? "" : ": " + hit.action().argument()};
        switch (hit.action().kind()) {
            case WARN -> LOGGER.warn(format, arguments);
            default -> LOGGER.info(format, arguments);
        }
    }

    @Override
    public String getMailetInfo() {
        return "Postfix header/body checks (regexp tables) for accepted mail";
    }
}
