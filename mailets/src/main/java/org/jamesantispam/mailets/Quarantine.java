package org.jamesantispam.mailets;

import java.security.SecureRandom;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

import javax.inject.Inject;
import javax.mail.MessagingException;
import javax.mail.internet.MimeMessage;

import org.apache.james.core.MailAddress;
import org.apache.james.lifecycle.api.LifecycleUtil;
import org.apache.james.mailrepository.api.MailRepository;
import org.apache.james.mailrepository.api.MailRepositoryStore;
import org.apache.james.mailrepository.api.MailRepositoryUrl;
import org.apache.mailet.Mail;
import org.apache.mailet.base.GenericMailet;
import org.jamesantispam.core.runtime.ActiveComponents;
import org.jamesantispam.core.spam.QuarantineArea;
import org.jamesantispam.core.spam.QuarantineReason;
import org.jamesantispam.core.spam.RecipientVerdict;
import org.jamesantispam.core.spam.SpamHeaders;
import org.jamesantispam.core.spam.mail.QuarantineAttributes;
import org.jamesantispam.core.spam.mail.SpamAttributes;
import org.jamesantispam.core.dryrun.DryRunCheck;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Quarantines spam: amavis {@code $spam_quarantine_to} and its local quarantine area. The mail
 * gets a quarantine id ({@code spam-} (the {@code reason}) and 12 letters or digits, attribute
 * {@code org.jamesantispam.spam.quarantineId}, shown in the summary log line and the spam-admin
 * notice), then a copy of the message, with amavis' quarantine headers added
 * <pre>
 * X-Quarantine-ID: &lt;spam-3fK9q2LmXw0a&gt;
 * X-Envelope-From: &lt;bob@example.org&gt;
 * X-Envelope-To: &lt;alice@example.test&gt;, &lt;carol@example.test&gt;
 * X-Spam-Flag / X-Spam-Score / X-Spam-Level / X-Spam-Status: the verdict
 * </pre>
 * is
 * <ul>
 *   <li>stored in a James mail repository under the quarantine id as key ({@code repository}),
 *       keeping the envelope, the original recipients and every {@code org.jamesantispam.spam.*}
 *       attribute (score, rules, verdicts) and the reason ({@code org.jamesantispam.spam.quarantineReason});
 *       its last-updated date is the quarantine time. Webadmin lists, reads, releases, deletes it
 *       ({@code /antispam/quarantine}, which finds the repository because this mailet registers it
 *       in {@link ActiveComponents}; James' own {@code /mailRepositories} works too);</li>
 *   <li>and/or sent to quarantine mailboxes ({@code forwardTo}) with the original envelope sender
 *       (amavis {@code $mailfrom_to_quarantine = ''}), straight to the {@code forwardProcessor} so
 *       the copy is not filtered again.</li>
 * </ul>
 * The mail itself goes on unchanged (the final destiny comes next). A mail that already has a
 * quarantine id is not quarantined twice. A repository failure throws: James then moves the mail
 * to its error processor, nothing is lost.
 *
 * <p>Parameters (at least one of the first two):
 * <ul>
 *   <li>{@code repository}: mail repository URL, e.g. {@code memory://var/mail/quarantine/} (the
 *       memory server's only kind; other James servers offer {@code file://}, {@code cassandra://}...);</li>
 *   <li>{@code forwardTo}: one or more addresses ({@code spam_quarantine_to});</li>
 *   <li>{@code forwardProcessor}: where forwarded copies start, default {@code transport};</li>
 *   <li>{@code reason}: {@code spam} (default), {@code banned} or {@code held}: why the mail is
 *       quarantined (the id's prefix, shown by webadmin), so that a banned-attachment or
 *       content-hold processor can use this mailet too.</li>
 * </ul>
 *
 * <pre>{@code
 * <mailet match="All" class="org.jamesantispam.mailets.Quarantine">
 *     <repository>memory://var/mail/quarantine/</repository>
 *     <forwardTo>spam-quarantine@example.test</forwardTo>
 * </mailet>
 * }</pre>
 */
public class Quarantine extends GenericMailet {
    private static final Logger LOGGER = LoggerFactory.getLogger(Quarantine.class);
    private static final String ID_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final MailRepositoryStore repositoryStore;
    private Optional<MailRepository> repository;
    private QuarantineReason reason;
    private String repositoryUrl;
    private List<MailAddress> forwardTo;
    private String forwardProcessor;

    /**
     * Where init() registers what webadmin needs: the dry-run form of this mailet (POST
     * /antispam/check) and the quarantine repository ({@link QuarantineArea}, for
     * /antispam/quarantine); null outside James.
     */
    private ActiveComponents components;

    @Inject
    public void setComponents(ActiveComponents components) {
        this.components = components;
    }

    @Inject
    public Quarantine(MailRepositoryStore repositoryStore) {
        this.repositoryStore = repositoryStore;
    }

    @Override
    public void init() throws MessagingException {
        MailetParameters parameters = MailetParameters.of(this, "repository", "forwardTo", "forwardProcessor", "reason");
        repositoryUrl = parameters.optional("repository").map(String::strip).filter(url -> !url.isEmpty()).orElse(null);
        forwardTo = parameters.addresses("forwardTo");
        forwardProcessor = parameters.optional("forwardProcessor").map(String::strip).filter(p -> !p.isEmpty()).orElse("transport");
        try {
            reason = parameters.optional("reason").map(text -> QuarantineReason.parse(getMailetName() + ": <reason>", text))
                .orElse(QuarantineReason.SPAM);
        } catch (IllegalArgumentException e) {
            throw new MessagingException(e.getMessage());
        }
        if (repositoryUrl == null && forwardTo.isEmpty()) {
            throw new MessagingException(getMailetName() + ": neither <repository> nor <forwardTo> is set; expected at least one");
        }
        repository = Optional.empty();
        if (repositoryUrl != null) {
            try {
                repository = Optional.of(repositoryStore.select(MailRepositoryUrl.from(repositoryUrl)));
            } catch (RuntimeException | MailRepositoryStore.MailRepositoryStoreException e) {
                throw new MessagingException(getMailetName() + ": <repository> is '" + repositoryUrl
                    + "', which James cannot open (" + e.getMessage() + "); expected e.g. memory://var/mail/quarantine/", e);
            }
            if (components != null) {
                components.register(QuarantineArea.class, getMailetName() + " " + repositoryUrl + " " + reason.keyword(),
                    new QuarantineArea(repositoryUrl, reason));
            }
        }
        if (components != null && reason == QuarantineReason.SPAM) {
            // A dry run reaches the spam processor with blocked spam only; a held or banned
            // quarantine is reached by the rule that sends mail there, reported by that rule.
            components.register(DryRunCheck.class, getMailetName(), new QuarantineDryRun(getMailetName(), destination()));
        }
    }

    /** {@code file://var/mail/quarantine/, forwarded to spam-quarantine@example.test}, for the dry run. */
    private String destination() {
        List<String> parts = new java.util.ArrayList<>();
        if (repositoryUrl != null) {
            parts.add(repositoryUrl);
        }
        if (!forwardTo.isEmpty()) {
            parts.add("forwarded to " + forwardTo.stream().map(MailAddress::asString).collect(Collectors.joining(", ")));
        }
        return String.join(", ", parts);
    }

    @Override
    public void service(Mail mail) throws MessagingException {
        if (SpamAttributes.quarantineId(mail).isPresent()) {
            return;
        }
        String id = newId(reason);
        SpamAttributes.setQuarantineId(mail, id);
        QuarantineAttributes.setReason(mail, reason);
        MimeMessage copy = quarantineCopy(mail, id);
        if (repository.isPresent()) {
            Mail stored = mail.duplicate();
            try {
                stored.setName(id);
                stored.setMessage(copy);
                stored.setLastUpdated(new Date());
                repository.get().store(stored);
            } finally {
                // the repository keeps its own copy; ours would otherwise be left to James' leak detector
                LifecycleUtil.dispose(stored);
            }
        }
        if (!forwardTo.isEmpty()) {
            getMailetContext().sendMail(mail.getMaybeSender().asOptional().orElse(null), forwardTo, copy, forwardProcessor);
        }
        LOGGER.debug("mail {} quarantined as {}{}{}", mail.getName(), id,
            repositoryUrl == null ? "" : " in " + repositoryUrl, forwardTo.isEmpty() ? "" : ", forwarded to " + forwardTo);
    }

    private static MimeMessage quarantineCopy(Mail mail, String id) throws MessagingException {
        MimeMessage copy = new CopiedMessage(mail.getMessage());
        List<RecipientVerdict> verdicts = MailFacts.verdicts(mail);
        for (String name : SpamHeaders.NAMES) {
            copy.removeHeader(name);
        }
        verdicts.stream()
            .max(java.util.Comparator.comparingDouble(v -> v.score().orElse(Double.NEGATIVE_INFINITY)))
            .ifPresent(verdict -> SpamHeaders.of(verdict).forEach(field -> {
                try {
                    copy.addHeader(field.name(), field.value());
                } catch (MessagingException e) {
                    throw new IllegalStateException(e);
                }
            }));
        copy.setHeader("X-Envelope-To", mail.getRecipients().stream().map(r -> "<" + r.asString() + ">").collect(Collectors.joining(",\r\n\t")));
        copy.setHeader("X-Envelope-From", "<" + mail.getMaybeSender().asString("") + ">");
        copy.setHeader("X-Quarantine-ID", "<" + id + ">");
        copy.saveChanges();
        return copy;
    }

    static String newId(QuarantineReason reason) {
        StringBuilder id = new StringBuilder(reason.keyword()).append('-');
        for (int i = 0; i < 12; i++) {
            id.append(ID_ALPHABET.charAt(RANDOM.nextInt(ID_ALPHABET.length())));
        }
        return id.toString();
    }

    @Override
    public String getMailetInfo() {
        return "Quarantines spam in a mail repository and/or quarantine mailboxes";
    }
}
