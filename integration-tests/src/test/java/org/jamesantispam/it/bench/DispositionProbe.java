package org.jamesantispam.it.bench;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.inject.Inject;

import org.apache.james.core.Username;
import org.apache.james.mailbox.MailboxManager;
import org.apache.james.mailbox.MailboxSession;
import org.apache.james.mailbox.MessageManager;
import org.apache.james.mailbox.model.FetchGroup;
import org.apache.james.mailbox.model.MailboxPath;
import org.apache.james.mailbox.model.MessageRange;
import org.apache.james.mailbox.model.MessageResult;
import org.apache.james.mailrepository.api.MailRepositoryStore;
import org.apache.james.mailrepository.api.MailRepositoryUrl;
import org.apache.james.utils.GuiceProbe;

/**
 * What James did with the mail it accepted, read from James itself (its mailboxes and mail
 * repositories, in process) for the benchmark: how many messages each INBOX holds, how many each
 * mail repository holds, and, per delivered message, its Message-ID and the instant it was
 * appended to the mailbox (the mailbox's internal date, set by LocalDelivery, in milliseconds).
 * Bound into the benchmark's James with
 * {@code Multibinder.newSetBinder(binder, GuiceProbe.class).addBinding().to(DispositionProbe.class)}.
 */
public class DispositionProbe implements GuiceProbe {
    private static final Pattern MESSAGE_ID = Pattern.compile("(?im)^Message-ID:\\s*(<[^>]*>)");

    /** One message of a mailbox: its Message-ID (white space removed), if any, and when it was appended. */
    public record Delivered(Optional<String> messageId, long appendedAtMillis) {
    }

    private final MailboxManager mailboxManager;
    private final MailRepositoryStore repositoryStore;

    @Inject
    public DispositionProbe(MailboxManager mailboxManager, MailRepositoryStore repositoryStore) {
        this.mailboxManager = mailboxManager;
        this.repositoryStore = repositoryStore;
    }

    /** Messages in {@code user}'s INBOX (0 when it does not exist yet). */
    public long inboxCount(String user) throws Exception {
        MailboxSession session = mailboxManager.createSystemSession(Username.of(user));
        try {
            return inbox(session).map(inbox -> {
                try {
                    return (long) inbox.getMessageCount(session);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }).orElse(0L);
        } finally {
            mailboxManager.endProcessingRequest(session);
        }
    }

    /** Every message of {@code user}'s INBOX with its Message-ID and append instant. */
    public List<Delivered> inbox(String user) throws Exception {
        MailboxSession session = mailboxManager.createSystemSession(Username.of(user));
        List<Delivered> delivered = new ArrayList<>();
        try {
            Optional<MessageManager> inbox = inbox(session);
            if (inbox.isEmpty()) {
                return delivered;
            }
            Iterator<MessageResult> messages = inbox.get().getMessages(MessageRange.all(), FetchGroup.HEADERS, session);
            while (messages.hasNext()) {
                MessageResult message = messages.next();
                delivered.add(new Delivered(messageId(message), message.getInternalDate().getTime()));
            }
            return delivered;
        } finally {
            mailboxManager.endProcessingRequest(session);
        }
    }

    /** Mails held by the repository {@code url} (0 when James has not created it). */
    public long repositorySize(String url) throws Exception {
        MailRepositoryUrl wanted = MailRepositoryUrl.from(url);
        if (repositoryStore.getUrls().noneMatch(wanted::equals)) {
            return 0;
        }
        return repositoryStore.select(wanted).size();
    }

    /** Mails held by every repository James has created, except {@code excluded}. */
    public long otherRepositoriesSize(String excluded) throws Exception {
        MailRepositoryUrl skip = MailRepositoryUrl.from(excluded);
        long total = 0;
        for (MailRepositoryUrl url : (Iterable<MailRepositoryUrl>) repositoryStore.getUrls()::iterator) {
            if (!url.equals(skip)) {
                total += repositoryStore.select(url).size();
            }
        }
        return total;
    }

    private Optional<MessageManager> inbox(MailboxSession session) throws Exception {
        MailboxPath path = MailboxPath.inbox(session);
        if (!Boolean.TRUE.equals(reactor.core.publisher.Mono.from(mailboxManager.mailboxExists(path, session)).block())) {
            return Optional.empty();
        }
        return Optional.of(mailboxManager.getMailbox(path, session));
    }

    private static Optional<String> messageId(MessageResult message) throws Exception {
        try (InputStream headers = message.getHeaders().getInputStream()) {
            return messageIdOf(new String(headers.readAllBytes(), StandardCharsets.ISO_8859_1));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** The Message-ID of a header block (folded lines joined), white space removed. */
    static Optional<String> messageIdOf(String headers) {
        Matcher found = MESSAGE_ID.matcher(headers.replaceAll("\r?\n[ \t]+", " "));
        return found.find() ? Optional.of(found.group(1).replaceAll("\\s+", "")) : Optional.empty();
    }
}
