package org.jamesantispam.mailets;

import javax.inject.Inject;
import javax.mail.MessagingException;
import javax.mail.internet.AddressException;
import javax.mail.internet.MimeMessage;

import org.apache.james.core.MailAddress;
import org.apache.james.metrics.api.Metric;
import org.apache.james.metrics.api.MetricFactory;
import org.apache.mailet.Mail;
import org.apache.mailet.PerRecipientHeaders.Header;
import org.apache.mailet.base.GenericMailet;
import org.jamesantispam.core.lists.InMemorySpamListStore;
import org.jamesantispam.core.lists.SpamListStore;
import org.jamesantispam.core.lists.StoredListsSpamPolicy;
import org.jamesantispam.core.spam.RecipientVerdict;
import org.jamesantispam.core.spam.ScanResult;
import org.jamesantispam.core.spam.SpamFilterSettings;
import org.jamesantispam.core.spam.SpamHeaders;
import org.jamesantispam.core.spam.mail.SpamAttributes;
import org.jamesantispam.core.spam.mail.SpamCheck;
import org.jamesantispam.core.spamd.Deadline;
import org.jamesantispam.core.spamd.SpamdServer;
import org.jamesantispam.core.stats.AntispamStatistics;
import org.jamesantispam.core.dryrun.DryRunCheck;
import org.jamesantispam.core.runtime.ActiveComponents;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Scores mail with SpamAssassin's spamd and records a verdict per recipient: the heart of the
 * amavisd-new content filter. For each mail:
 * <ol>
 *   <li>one spamd scan (one per distinct recipient with {@code perUserPrefs}), bounded by
 *       {@code timeout}, over at most {@code maxParallelScans} connections at once; skipped when
 *       every recipient's sender is allow- or block-listed, or when the message is larger than
 *       {@code maxSize}; reused when the end-of-DATA hook already scanned it;</li>
 *   <li>a verdict per recipient (CLEAN, SPAMMY, SPAM, UNCHECKED, with the recipient's levels,
 *       listing, spam-lover and local flags), stored as mail attributes
 *       ({@code org.jamesantispam.spam.*}) for the matchers {@code IsSpamScoreAtLeast},
 *       {@code IsBlockedSpam}, {@code IsSpamUnchecked} and the mailets after it;</li>
 *   <li>{@code X-Spam-Flag}, {@code X-Spam-Score}, {@code X-Spam-Level}, {@code X-Spam-Status}
 *       written per recipient (James adds them to that recipient's copy at delivery) for local
 *       recipients at or above their tag level; the same headers supplied by the sender are
 *       removed from the message;</li>
 *   <li>a scanner failure is logged (WARN, with the reason) and counted; the mail goes on, its
 *       recipients UNCHECKED. Mail is never dropped here.</li>
 * </ol>
 * A mail already judged (it came back to this processor, or was released from the quarantine) is
 * left as it is. Its spamd hosts are registered in {@link ActiveComponents} ({@link SpamdServer}):
 * webadmin's quarantine routes teach that spamd spam and ham.
 *
 * <p>Metrics (webadmin {@code /metrics}): {@code antispam_spamd_scanned},
 * {@code antispam_spamd_unchecked}, {@code antispam_spamd_too_big}; every scan is timed
 * ({@code antispam_spamd_scan_time}, and the percentiles of {@code GET /antispam/stats}).
 *
 * <p>Parameters, all optional (amavis equivalents in brackets): {@code spamdHosts}
 * ({@code 127.0.0.1:783}; several are tried in turn), {@code connectTimeout} (5s),
 * {@code replyTimeout} (= timeout; per host), {@code timeout} (60s; the whole scan),
 * {@code maxSize} (512000; {@code sa_mail_body_size_limit}), {@code command} (SYMBOLS or REPORT
 * for per-rule scores), {@code user} (spamc -u) or {@code perUserPrefs} (none, address,
 * localpart), {@code maxParallelScans} (2; {@code max_servers}), {@code returnPath} (true),
 * {@code tagLevel} (-999), {@code tag2Level} (5.0), {@code killLevel} (5.0),
 * {@code dsnCutoffLevel} (10; {@code sa_dsn_cutoff_level}), {@code levelsTable} (file of
 * per-recipient levels: {@code recipient tag tag2 kill [dsn_cutoff]}), {@code allowSenders}
 * ({@code whitelist_sender}), {@code blockSenders} ({@code blacklist_sender}), {@code spamLovers},
 * {@code localDomains} ({@code local_domains_acl}; default: James' domains). Lists take addresses,
 * {@code domain}, {@code .domain} (with subdomains), {@code user@}, {@code /regexp/} (RE2),
 * {@code !negation} and {@code file:path} (one entry per line).
 *
 * <p>Run-time lists: besides its configured lists, every message is checked against the
 * {@link SpamListStore} (sender allow / block lists and spam lovers edited over webadmin,
 * {@code PUT /antispam/lists/allow-senders/bob@example.org}); a change applies to the next
 * message, and allow wins over block whichever side lists the sender.
 *
 * <pre>{@code
 * <mailet match="All" class="org.jamesantispam.mailets.ScoreWithSpamd">
 *     <spamdHosts>127.0.0.1:783</spamdHosts>
 *     <timeout>60s</timeout>
 *     <maxParallelScans>2</maxParallelScans>
 *     <tagLevel>-999</tagLevel>
 *     <tag2Level>3.0</tag2Level>
 *     <killLevel>5.0</killLevel>
 *     <localDomains>.example.test</localDomains>
 *     <allowSenders>.partner.example, file:conf/antispam/allow-senders.txt</allowSenders>
 *     <spamLovers>abuse@example.test</spamLovers>
 * </mailet>
 * }</pre>
 */
public class ScoreWithSpamd extends GenericMailet {
    private static final Logger LOGGER = LoggerFactory.getLogger(ScoreWithSpamd.class);

    private final MetricFactory metricFactory;
    private final SpamListStore lists;
    private final AntispamStatistics statistics;
    private SpamFilterSettings settings;
    private SpamCheck check;
    private Metric scanned;
    private Metric unchecked;
    private Metric tooBig;

    /** @param statistics where scan times are recorded, for {@code GET /antispam/stats} */
    /**
     * Where init() registers what webadmin needs: the dry-run form of this mailet (POST
     * /antispam/check) and its spamd ({@link SpamdServer}, for the quarantine's learning); null outside James.
     */
    private ActiveComponents components;

    @Inject
    public void setComponents(ActiveComponents components) {
        this.components = components;
    }

    @Inject
    public ScoreWithSpamd(MetricFactory metricFactory, SpamListStore lists, AntispamStatistics statistics) {
        this.metricFactory = metricFactory;
        this.lists = lists;
        this.statistics = statistics;
    }

    public ScoreWithSpamd(MetricFactory metricFactory, SpamListStore lists) {
        this(metricFactory, lists, AntispamStatistics.detached());
    }

    /** Without run-time lists (tests). */
    public ScoreWithSpamd(MetricFactory metricFactory) {
        this(metricFactory, new InMemorySpamListStore());
    }

    @Override
    public void init() throws MessagingException {
        MailetParameters parameters = MailetParameters.of(this, SpamFilterSettings.PARAMETERS);
        try {
            settings = SpamFilterSettings.parse(getMailetName(), parameters::optional);
        } catch (IllegalArgumentException e) {
            throw parameters.invalid(e);
        }
        StoredListsSpamPolicy policy = new StoredListsSpamPolicy(settings.policy(this::isLocalDomain), lists);
        check = new SpamCheck(settings, policy, settings.scanner(), statistics);
        if (components != null) {
            components.register(DryRunCheck.class, getMailetName(), new SpamScoringDryRun(getMailetName(), settings,
                policy));
            components.register(SpamdServer.class, getMailetName(), settings.spamdServer());
        }
        scanned = metricFactory.generate("antispam.spamd.scanned");
        unchecked = metricFactory.generate("antispam.spamd.unchecked");
        tooBig = metricFactory.generate("antispam.spamd.too_big");
    }

    private boolean isLocalDomain(String recipient) {
        try {
            return getMailetContext().isLocalServer(new MailAddress(recipient).getDomain());
        } catch (AddressException e) {
            return false;
        }
    }

    @Override
    public void service(Mail mail) throws MessagingException {
        if (SpamAttributes.isJudged(mail)) {
            return;
        }
        SpamAttributes.markStarted(mail, System.currentTimeMillis());
        SpamCheck.Outcome outcome = check.check(mail, Deadline.in(settings.timeout()));
        SpamAttributes.storeScans(mail, outcome.scans());
        SpamAttributes.storeVerdicts(mail, outcome.verdicts());
        count(mail, outcome);
        removeSenderSuppliedHeaders(mail.getMessage());
        for (RecipientVerdict verdict : outcome.verdicts()) {
            if (verdict.wantsHeaders()) {
                MailAddress recipient = new MailAddress(verdict.recipient());
                for (SpamHeaders.Field field : SpamHeaders.of(verdict)) {
                    mail.addSpecificHeaderForRecipient(Header.builder().name(field.name()).value(field.value()).build(), recipient);
                }
            }
        }
        LOGGER.debug("mail {}: {}", mail.getName(), outcome.verdicts());
    }

    /** Counts every scan result once per mail; warns about failures the DATA hook has not already reported. */
    private void count(Mail mail, SpamCheck.Outcome outcome) {
        for (java.util.Map.Entry<String, ScanResult> entry : outcome.scans().entrySet()) {
            ScanResult scan = entry.getValue();
            switch (scan.status()) {
                case SCANNED -> scanned.increment();
                case TOO_BIG -> tooBig.increment();
                case UNCHECKED -> {
                    unchecked.increment();
                    if (outcome.reused().contains(entry.getKey())) {
                        break;
                    }
                    LOGGER.warn("spam check failed for mail {} from <{}> (Message-ID {}): {}: {}; the mail goes on UNCHECKED",
                        mail.getName(), mail.getMaybeSender().asString(""), messageId(mail), scan.reason(), scan.detail());
                }
                default -> {
                }
            }
        }
    }

    private static String messageId(Mail mail) {
        try {
            return mail.getMessage().getMessageID();
        } catch (MessagingException e) {
            return "?";
        }
    }

    static void removeSenderSuppliedHeaders(MimeMessage message) throws MessagingException {
        boolean changed = false;
        for (String name : SpamHeaders.NAMES) {
            if (message.getHeader(name) != null) {
                message.removeHeader(name);
                changed = true;
            }
        }
        if (changed) {
            message.saveChanges();
        }
    }

    @Override
    public String getMailetInfo() {
        return "Scores mail with spamd and records a spam verdict per recipient";
    }
}
