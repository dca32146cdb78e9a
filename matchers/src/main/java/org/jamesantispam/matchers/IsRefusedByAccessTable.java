package org.jamesantispam.matchers;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

import javax.inject.Inject;
import javax.mail.MessagingException;

import org.apache.james.core.MailAddress;
import org.apache.james.filesystem.api.FileSystem;
import org.apache.mailet.AttributeName;
import org.apache.mailet.AttributeUtils;
import org.apache.mailet.Mail;
import org.apache.mailet.base.GenericMatcher;
import org.jamesantispam.core.access.AccessAnswer;
import org.jamesantispam.core.access.AccessKind;
import org.jamesantispam.core.access.AccessResult;
import org.jamesantispam.core.access.CheckAccess;
import org.jamesantispam.core.restrictions.RestrictionClasses;
import org.jamesantispam.core.restrictions.SmtpRequest;
import org.jamesantispam.core.table.TableLocator;
import org.jamesantispam.core.table.TableOpener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.google.common.net.InetAddresses;

/**
 * Matches mail that a Postfix access table refuses: the after-acceptance form of
 * {@code check_client_access}, {@code check_helo_access}, {@code check_sender_access} and
 * {@code check_recipient_access} (same tables, same lookup rules as the SMTP restrictions:
 * {@link CheckAccess}), for operators who prefer to tag or quarantine rather than refuse in the
 * dialogue.
 *
 * <p>Condition: {@code kind:type:location}, optionally followed by {@code includeTrusted}:
 * <ul>
 *   <li>{@code kind}: {@code client} (the SMTP client's host name, when James resolved one, and IP
 *       address), {@code helo} (the HELO/EHLO argument), {@code sender} (the envelope sender,
 *       {@code <>} for the null sender) or {@code recipient} (each recipient on its own: only the
 *       refused recipients match, so the mail is split);</li>
 *   <li>{@code type:location}: a Postfix table, {@code cidr:}, {@code regexp:}, or an exact table
 *       read from its text ({@code hash:}, {@code texthash:}, {@code btree:}, {@code lmdb:}). The
 *       location is an absolute path or a James location such as {@code file://conf/sender_access}
 *       (James' configuration folder). The file is re-read when it changes (checked at most once a
 *       second); a broken edit keeps the last good table and is logged as an ERROR with
 *       {@code file:line}; a broken table at startup stops James with {@code file:line}.</li>
 *   <li>{@code includeTrusted}: also check mail from trusted clients (attribute
 *       {@code org.apache.james.SMTPIsAuthNetwork}, James' {@code authorizedAddresses}), which are
 *       skipped by default, like {@code permit_mynetworks} placed first.</li>
 * </ul>
 * A refusal is a {@code REJECT}, {@code DEFER}, {@code 4NN text} or {@code 5NN text} result; each
 * match is logged (INFO) with the reply the SMTP restriction would have given, e.g.
 * {@code 554 5.7.1 <bob@spam.test>: Sender address rejected: Access denied}. {@code OK},
 * {@code DUNNO}, {@code DISCARD}, {@code HOLD}, {@code WARN} do not match. Restriction class names
 * mean nothing in the mailet container: such a result does not match and is logged (WARN) once.
 * Mail that was not received over SMTP (no HELO, no client address) does not match the kinds
 * that need those.
 *
 * <pre>{@code
 * <mailet match="org.jamesantispam.matchers.IsRefusedByAccessTable=sender:hash:file://conf/sender_access" class="ToRepository">
 *     <repositoryPath>memory://var/mail/access-refused/</repositoryPath>
 * </mailet>
 * <mailet match="org.jamesantispam.matchers.IsRefusedByAccessTable=client:cidr:/etc/james/clients.cidr includeTrusted" class="SetMimeHeader">
 *     <name>X-Access</name>
 *     <value>refused</value>
 * </mailet>
 * }</pre>
 */
public class IsRefusedByAccessTable extends GenericMatcher {
    private static final Logger LOGGER = LoggerFactory.getLogger(IsRefusedByAccessTable.class);
    private static final AttributeName AUTH_NETWORK = AttributeName.of("org.apache.james.SMTPIsAuthNetwork");
    private static final String INCLUDE_TRUSTED = "includeTrusted";
    private static final String EXPECTED = "expected 'kind:type:location [includeTrusted]', kind one of client, helo, sender,"
        + " recipient, e.g. sender:hash:file://conf/sender_access";

    private final TableLocator locator;
    private final Duration checkInterval;
    private final Set<String> warned = ConcurrentHashMap.newKeySet();
    private String condition;
    private CheckAccess check;
    private boolean includeTrusted;

    /** Plain file paths only (no James {@code file://} locations). */
    public IsRefusedByAccessTable() {
        this(TableLocator.plainPaths());
    }

    /** In James: {@code file://conf/...} locations are resolved by James' file system. */
    @Inject
    public IsRefusedByAccessTable(FileSystem fileSystem) {
        this(TableLocator.withFileUrls(url -> fileSystem.getFile(url).toPath()));
    }

    IsRefusedByAccessTable(TableLocator locator) {
        this(locator, TableOpener.DEFAULT_CHECK_INTERVAL);
    }

    IsRefusedByAccessTable(TableLocator locator, Duration checkInterval) {
        this.locator = locator;
        this.checkInterval = checkInterval;
    }

    @Override
    public void init() throws MessagingException {
        condition = getCondition() == null ? "" : getCondition().strip();
        String[] words = condition.split("\\s+");
        if (condition.isEmpty() || words.length > 2 || (words.length == 2 && !words[1].equals(INCLUDE_TRUSTED))) {
            throw new MessagingException("IsRefusedByAccessTable: condition is '" + condition + "'; " + EXPECTED);
        }
        includeTrusted = words.length == 2;
        int colon = words[0].indexOf(':');
        String kindName = colon < 0 ? words[0] : words[0].substring(0, colon);
        AccessKind kind = AccessKind.ofShortName(kindName).orElseThrow(() -> new MessagingException(
            "IsRefusedByAccessTable: condition '" + condition + "' has kind '" + kindName + "'; " + EXPECTED));
        try {
            check = CheckAccess.open(kind, words[0].substring(colon + 1), new TableOpener(locator, checkInterval),
                RestrictionClasses.none());
        } catch (IllegalArgumentException e) {
            throw new MessagingException("IsRefusedByAccessTable: condition '" + condition + "': " + e.getMessage(), e);
        }
    }

    @Override
    public Collection<MailAddress> match(Mail mail) {
        if (!includeTrusted && isTrusted(mail)) {
            return List.of();
        }
        Optional<SmtpRequest> request = request(mail);
        if (request.isEmpty()) {
            return List.of();
        }
        if (check.kind() == AccessKind.RECIPIENT) {
            return mail.getRecipients().stream()
                .filter(recipient -> isRefused(mail, request.get().withRecipient(recipient.asString())))
                .collect(Collectors.toList());
        }
        return isRefused(mail, request.get()) ? mail.getRecipients() : List.of();
    }

    private boolean isRefused(Mail mail, SmtpRequest request) {
        Optional<AccessAnswer> answer = check.lookup(request);
        if (answer.isEmpty()) {
            return false;
        }
        AccessResult result = answer.get().result();
        if (result instanceof AccessResult.Refuse refuse) {
            LOGGER.info("IsRefusedByAccessTable={}: mail {} matches, table line {}: {}", condition, mail.getName(),
                answer.get().entry().line(), check.reply(refuse, answer.get().replyName()).line());
            return true;
        }
        if (result instanceof AccessResult.Restrictions || result instanceof AccessResult.Invalid) {
            String line = "line " + answer.get().entry().line();
            if (warned.add(line)) {
                LOGGER.warn("IsRefusedByAccessTable={}: table {} gives '{}', which is not a refusal here (restriction classes"
                    + " only exist in SMTP restrictions); the mail does not match", condition, line, answer.get().entry().result());
            }
        }
        return false;
    }

    private Optional<SmtpRequest> request(Mail mail) {
        Optional<InetAddress> client = clientAddress(mail);
        if (client.isEmpty() && check.kind() == AccessKind.CLIENT) {
            return Optional.empty();
        }
        // Only the part of the request this kind looks at matters; without a client address any
        // address stands in for it.
        SmtpRequest request = SmtpRequest.connect(client.orElse(InetAddress.getLoopbackAddress()), isTrusted(mail));
        Optional<String> helo = AttributeUtils.getValueAndCastFromMail(mail, Mail.SMTP_HELO, String.class);
        if (helo.isPresent()) {
            request = request.withHelo(helo.get());
        }
        return Optional.of(request.withSender(mail.getMaybeSender().asString("")));
    }

    private static Optional<InetAddress> clientAddress(Mail mail) {
        String address = mail.getRemoteAddr();
        if (address == null || !InetAddresses.isInetAddress(address)) {
            return Optional.empty();
        }
        InetAddress client = InetAddresses.forString(address);
        String host = mail.getRemoteHost();
        if (host == null || host.isEmpty() || host.equals(address) || InetAddresses.isInetAddress(host)
            || host.chars().noneMatch(Character::isLetter)) {
            return Optional.of(client);
        }
        try {
            return Optional.of(InetAddress.getByAddress(host, client.getAddress()));
        } catch (UnknownHostException e) {
            return Optional.of(client);
        }
    }

    private static boolean isTrusted(Mail mail) {
        return AttributeUtils.getValueAndCastFromMail(mail, AUTH_NETWORK, Boolean.class).orElse(false);
    }

    @Override
    public String getMatcherInfo() {
        return "Matches mail refused by a Postfix access table (check_client/helo/sender/recipient_access)";
    }
}
