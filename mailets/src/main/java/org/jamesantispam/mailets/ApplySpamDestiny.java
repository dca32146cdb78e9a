package org.jamesantispam.mailets;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

import javax.inject.Inject;
import javax.mail.MessagingException;

import org.apache.james.core.MailAddress;
import org.apache.mailet.Mail;
import org.apache.mailet.base.GenericMailet;
import org.jamesantispam.core.spam.Category;
import org.jamesantispam.core.spam.Listing;
import org.jamesantispam.core.spam.RecipientVerdict;
import org.jamesantispam.core.spam.SummaryLine;
import org.jamesantispam.core.spam.mail.SpamAttributes;
import org.jamesantispam.core.stats.AntispamStatistics;
import org.jamesantispam.core.stats.Verdict;
import org.jamesantispam.core.dryrun.DryRunCheck;
import org.jamesantispam.core.runtime.ActiveComponents;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies amavis' {@code $final_spam_destiny} to the mail (put it after {@code IsBlockedSpam},
 * {@code Quarantine} and {@code NotifySpamAdmin}) and writes the message's amavis-style summary
 * line (logger {@code org.jamesantispam.summary}):
 * <ul>
 *   <li>{@code D_PASS}: delivered anyway: the mail moves on to {@code passProcessor}
 *       ({@code Passed SPAM {RelayedTaggedInbound,Quarantined}});</li>
 *   <li>{@code D_DISCARD}: dropped silently ({@code Blocked SPAM {DiscardedInbound,Quarantined}});</li>
 *   <li>{@code D_BOUNCE}: dropped, and the sender gets a non-delivery notice (RFC 3464, status
 *       {@code 5.7.0}, from {@code bounceFrom}, null envelope sender) unless that would be
 *       backscatter: never for the null sender, {@code Precedence: bulk|list|junk}, mailing-list
 *       mail ({@code List-Id}, {@code List-Post}, {@code List-Unsubscribe}, {@code Mailing-List},
 *       ...), automatic mail ({@code Auto-Submitted} other than {@code no}), a block-listed sender,
 *       or a score at or above a recipient's {@code dsn_cutoff} level; it is then discarded
 *       ({@code {DiscardedInbound,DsnSuppressed(...)}});</li>
 *   <li>{@code D_REJECT}: meant for the end-of-DATA hook {@code DataSpamHook}, which refuses the
 *       message with {@code 554 5.7.0} in the SMTP dialogue; mail that still reaches this mailet
 *       (the hook is not configured, timed out, or the recipients' verdicts differed) is handled
 *       as {@code D_BOUNCE}, as amavis does.</li>
 * </ul>
 *
 * <p>Parameters:
 * <ul>
 *   <li>{@code destiny} (required): {@code D_PASS}, {@code D_DISCARD}, {@code D_BOUNCE},
 *       {@code D_REJECT} (the {@code D_} may be left out);</li>
 *   <li>{@code passProcessor}: where {@code D_PASS} mail goes on, default {@code transport};</li>
 *   <li>{@code bounceFrom}: sender of non-delivery notices, default James' postmaster;</li>
 *   <li>{@code bounceProcessor}: where notices start, default {@code transport}.</li>
 * </ul>
 *
 * <pre>{@code
 * <processor state="spam" enableJmx="false">
 *     <mailet match="All" class="org.jamesantispam.mailets.Quarantine">...</mailet>
 *     <mailet match="All" class="org.jamesantispam.mailets.NotifySpamAdmin">...</mailet>
 *     <mailet match="All" class="org.jamesantispam.mailets.ApplySpamDestiny">
 *         <destiny>D_DISCARD</destiny>
 *     </mailet>
 * </processor>
 * }</pre>
 */
public class ApplySpamDestiny extends GenericMailet {
    static final Logger SUMMARY = LoggerFactory.getLogger("org.jamesantispam.summary");
    private static final Logger LOGGER = LoggerFactory.getLogger(ApplySpamDestiny.class);
    private static final Set<String> BULK_PRECEDENCE = Set.of("bulk", "list", "junk");
    private static final List<String> LIST_HEADERS = List.of("List-Id", "List-Post", "List-Help", "List-Subscribe",
        "List-Unsubscribe", "Mailing-List", "X-Mailing-List");

    private final AntispamStatistics statistics;
    private SpamDestiny destiny;
    private String passProcessor;
    /** null: James' postmaster. */
    private MailAddress bounceFrom;
    private String bounceProcessor;

    public ApplySpamDestiny() {
        this(AntispamStatistics.detached());
    }

    /** @param statistics counts each recipient by what happened to it (pass, discard, bounce) */
    @Inject
    public ApplySpamDestiny(AntispamStatistics statistics) {
        this.statistics = statistics;
    }

    /** Where init() registers the dry-run form of this mailet (webadmin POST /antispam/check); null outside James. */
    private ActiveComponents components;

    @Inject
    public void setComponents(ActiveComponents components) {
        this.components = components;
    }

    @Override
    public void init() throws MessagingException {
        MailetParameters parameters = MailetParameters.of(this, "destiny", "passProcessor", "bounceFrom", "bounceProcessor");
        try {
            destiny = SpamDestiny.parse(getMailetName() + ": <destiny>", parameters.required("destiny"));
        } catch (IllegalArgumentException e) {
            throw parameters.invalid(e);
        }
        passProcessor = parameters.optional("passProcessor").map(String::strip).filter(p -> !p.isEmpty()).orElse("transport");
        bounceProcessor = parameters.optional("bounceProcessor").map(String::strip).filter(p -> !p.isEmpty()).orElse("transport");
        List<MailAddress> from = parameters.addresses("bounceFrom");
        if (from.size() > 1) {
            throw new MessagingException(getMailetName() + ": <bounceFrom> has " + from.size() + " addresses; expected one");
        }
        bounceFrom = from.isEmpty() ? null : from.get(0);
        if (components != null) {
            components.register(DryRunCheck.class, getMailetName(), new SpamDestinyDryRun(getMailetName(), destiny));
        }
    }

    @Override
    public void service(Mail mail) throws MessagingException {
        List<RecipientVerdict> verdicts = MailFacts.verdicts(mail);
        String direction = MailFacts.direction(verdicts);
        Optional<String> quarantine = SpamAttributes.quarantineId(mail);
        SummaryLine line;
        switch (destiny) {
            case D_PASS -> {
                line = SummaryLine.passed(Category.SPAM).action("RelayedTagged" + direction);
                mail.setState(passProcessor);
                statistics.countVerdict(Verdict.SPAM_PASS, mail.getRecipients().size());
            }
            case D_DISCARD -> {
                line = SummaryLine.blocked(Category.SPAM).action("Discarded" + direction);
                mail.setState(Mail.GHOST);
                statistics.countVerdict(Verdict.SPAM_DISCARD, mail.getRecipients().size());
            }
            default -> {
                Optional<String> suppressed = bounceSuppression(mail, verdicts);
                if (suppressed.isPresent()) {
                    line = SummaryLine.blocked(Category.SPAM).action("Discarded" + direction).action("DsnSuppressed(" + suppressed.get() + ")");
                    statistics.countVerdict(Verdict.SPAM_DISCARD, mail.getRecipients().size());
                } else {
                    sendBounce(mail);
                    line = SummaryLine.blocked(Category.SPAM).action("Bounced" + direction);
                    statistics.countVerdict(Verdict.SPAM_BOUNCE, mail.getRecipients().size());
                }
                mail.setState(Mail.GHOST);
            }
        }
        if (quarantine.isPresent()) {
            line.action("Quarantined");
        }
        SUMMARY.info("{}", MailFacts.describe(line, mail, verdicts));
    }

    private void sendBounce(Mail mail) throws MessagingException {
        // James' postmaster is only known once the mailet container is up, not at init().
        MailAddress bounceFrom = this.bounceFrom != null ? this.bounceFrom : getMailetContext().getPostmaster();
        if (bounceFrom == null) {
            throw new MessagingException(getMailetName() + ": <bounceFrom> is not set and James has no postmaster");
        }
        String diagnostic = "554 5.7.0 Reject, id=" + mail.getName() + " - SPAM";
        getMailetContext().sendMail(null, List.of(mail.getMaybeSender().get()),
            BounceNotice.build(mail, bounceFrom, bounceFrom.getDomain().asString(), diagnostic), bounceProcessor);
        LOGGER.debug("mail {}: non-delivery notice sent to <{}>", mail.getName(), mail.getMaybeSender().asString(""));
    }

    /** Why no non-delivery notice may be sent, if there is a reason. */
    static Optional<String> bounceSuppression(Mail mail, List<RecipientVerdict> verdicts) {
        if (!mail.hasSender()) {
            return Optional.of("null sender");
        }
        if (verdicts.stream().anyMatch(v -> v.listing() == Listing.BLOCKED)) {
            return Optional.of("block-listed sender");
        }
        for (RecipientVerdict verdict : verdicts) {
            if (verdict.score().isPresent() && verdict.score().getAsDouble() >= verdict.levels().dsnCutoff()) {
                return Optional.of("score above dsn_cutoff");
            }
        }
        try {
            String precedence = firstHeader(mail, "Precedence");
            if (precedence != null && BULK_PRECEDENCE.contains(precedence.strip().toLowerCase(Locale.ROOT))) {
                return Optional.of("precedence " + precedence.strip().toLowerCase(Locale.ROOT));
            }
            for (String name : LIST_HEADERS) {
                if (firstHeader(mail, name) != null) {
                    return Optional.of("mailing list");
                }
            }
            String autoSubmitted = firstHeader(mail, "Auto-Submitted");
            if (autoSubmitted != null && !autoSubmitted.strip().toLowerCase(Locale.ROOT).startsWith("no")) {
                return Optional.of("auto-submitted");
            }
        } catch (MessagingException | RuntimeException e) {
            return Optional.of("unreadable headers");
        }
        return Optional.empty();
    }

    private static String firstHeader(Mail mail, String name) throws MessagingException {
        String[] values = mail.getMessage().getHeader(name);
        return values == null || values.length == 0 ? null : values[0];
    }

    @Override
    public String getMailetInfo() {
        return "Applies the final spam destiny (D_PASS, D_DISCARD, D_BOUNCE, D_REJECT)";
    }
}
