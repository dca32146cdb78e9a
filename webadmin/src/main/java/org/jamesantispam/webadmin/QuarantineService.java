package org.jamesantispam.webadmin;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.locks.Lock;
import java.util.stream.Stream;

import javax.inject.Inject;
import javax.inject.Singleton;
import javax.mail.MessagingException;

import org.apache.james.core.MailAddress;
import org.apache.james.mailrepository.api.MailKey;
import org.apache.james.mailrepository.api.MailRepository;
import org.apache.james.mailrepository.api.MailRepositoryStore;
import org.apache.james.mailrepository.api.MailRepositoryUrl;
import org.apache.james.queue.api.MailQueue;
import org.apache.james.queue.api.MailQueueFactory;
import org.apache.mailet.Mail;
import org.jamesantispam.core.runtime.ActiveComponents;
import org.jamesantispam.core.spam.QuarantineArea;
import org.jamesantispam.core.spamd.Deadline;
import org.jamesantispam.core.spamd.MessageClass;
import org.jamesantispam.core.spamd.SpamdException;
import org.jamesantispam.core.spamd.SpamdServer;
import org.jamesantispam.webadmin.QuarantineException.Kind;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.google.common.util.concurrent.Striped;

/**
 * The quarantine operations behind {@link QuarantineRoutes}, over the mail repositories the
 * {@code Quarantine} mailets registered in {@link ActiveComponents} ({@link QuarantineArea}: every
 * distinct repository URL, in the order James initialised the mailets; the reference configuration
 * has one, {@code file://var/mail/quarantine/}). An id is looked up in each in turn.
 *
 * <p>Every change of one quarantined mail (release, learning with release, deletion, purge) holds
 * that id's lock, so two concurrent releases of one id deliver once: the second sees the
 * recipients the first left (a 409 or 404). The locks are per James server.
 */
@Singleton
public final class QuarantineService {
    private static final Logger LOGGER = LoggerFactory.getLogger(QuarantineService.class);

    private final ActiveComponents components;
    private final MailRepositoryStore repositoryStore;
    private final MailQueueFactory<?> queues;
    private final Striped<Lock> locks = Striped.lock(64);

    @Inject
    public QuarantineService(ActiveComponents components, MailRepositoryStore repositoryStore, MailQueueFactory<?> queues) {
        this.components = components;
        this.repositoryStore = repositoryStore;
        this.queues = queues;
    }

    /** What a release did. */
    record Release(String id, List<MailAddress> released, List<MailAddress> remaining, Optional<Boolean> learnedHam) {
        Map<String, Object> json() {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("id", id);
            json.put("released", released.stream().map(MailAddress::asString).toList());
            json.put("remaining", remaining.stream().map(MailAddress::asString).toList());
            learnedHam.ifPresent(learned -> json.put("learned", Map.of("class", "ham", "didSet", learned)));
            return json;
        }
    }

    /** Where an id is. */
    private record Located(MailRepository repository, QuarantinedMail mail) {
    }

    /** The quarantine repositories, in registration order. */
    List<MailRepository> repositories() {
        Set<String> urls = new LinkedHashSet<>();
        components.all(QuarantineArea.class).forEach(area -> urls.add(area.repositoryUrl()));
        if (urls.isEmpty()) {
            throw new QuarantineException(Kind.NOT_FOUND,
                "no quarantine repository is configured: no Quarantine mailet with a <repository> is running");
        }
        List<MailRepository> repositories = new ArrayList<>();
        for (String url : urls) {
            try {
                repositories.add(repositoryStore.select(MailRepositoryUrl.from(url)));
            } catch (MailRepositoryStore.MailRepositoryStoreException e) {
                throw new IllegalStateException("quarantine repository " + url + " cannot be opened", e);
            }
        }
        return repositories;
    }

    /** Every readable quarantined mail (one that cannot be read is logged and left out). */
    Stream<QuarantinedMail> all() {
        List<QuarantinedMail> mails = new ArrayList<>();
        for (MailRepository repository : repositories()) {
            Iterator<MailKey> keys;
            try {
                keys = repository.list();
            } catch (MessagingException e) {
                throw new IllegalStateException("cannot list the quarantine", e);
            }
            keys.forEachRemaining(key -> read(repository, key).ifPresent(mails::add));
        }
        return mails.stream();
    }

    private static Optional<QuarantinedMail> read(MailRepository repository, MailKey key) {
        try {
            return Optional.ofNullable(repository.retrieve(key)).map(mail -> new QuarantinedMail(key.asString(), mail));
        } catch (MessagingException | RuntimeException e) {
            LOGGER.warn("quarantined mail {} cannot be read; left out: {}", key.asString(), e.getMessage());
            return Optional.empty();
        }
    }

    private Optional<Located> locate(String id) {
        checkId(id);
        for (MailRepository repository : repositories()) {
            Optional<QuarantinedMail> mail = read(repository, new MailKey(id));
            if (mail.isPresent()) {
                return Optional.of(new Located(repository, mail.get()));
            }
        }
        return Optional.empty();
    }

    QuarantinedMail get(String id) {
        return locate(id).map(Located::mail).orElseThrow(() -> QuarantineException.notFound(id));
    }

    /**
     * Releases {@code id} to {@code wanted} (empty: every remaining recipient) without scanning it
     * again: spamd first learns it as ham when {@code learnHam} (a refusal releases nothing), then a
     * copy for those recipients goes on James' spool in processor {@code transport}, then the
     * quarantine keeps only the other recipients (removed when none is left).
     */
    Release release(String id, List<MailAddress> wanted, boolean learnHam) {
        checkId(id);
        Lock lock = locks.get(id);
        lock.lock();
        try {
            Located located = locate(id).orElseThrow(() -> QuarantineException.notFound(id));
            Mail stored = located.mail().mail();
            List<MailAddress> remaining = new ArrayList<>(stored.getRecipients());
            List<MailAddress> released = wanted.isEmpty() ? List.copyOf(remaining) : pick(id, remaining, wanted);
            if (released.isEmpty()) {
                throw new QuarantineException(Kind.CONFLICT, "quarantined mail " + id + " has no recipient left to release");
            }
            Optional<Boolean> learned = learnHam ? Optional.of(learn(located.mail(), MessageClass.HAM)) : Optional.empty();
            MailQueue spool = spool();
            for (Mail copy : ReleasedMail.of(stored, released, System.currentTimeMillis())) {
                spool.enQueue(copy);
            }
            remaining.removeAll(released);
            if (remaining.isEmpty()) {
                located.repository().remove(new MailKey(id));
            } else {
                stored.setRecipients(remaining);
                located.repository().store(stored);
            }
            LOGGER.info("quarantined mail {} released to {}{}; {}", id, released, learnHam ? " (learned as ham: " + learned.get() + ")" : "",
                remaining.isEmpty() ? "removed from the quarantine" : "still quarantined for " + remaining);
            return new Release(id, released, List.copyOf(remaining), learned);
        } catch (MessagingException e) {
            throw new IllegalStateException("releasing " + id + " failed", e);
        } finally {
            lock.unlock();
        }
    }

    /** The wanted recipients, each one of {@code remaining} (spelled as stored), without duplicates. */
    private static List<MailAddress> pick(String id, List<MailAddress> remaining, List<MailAddress> wanted) {
        List<MailAddress> picked = new ArrayList<>();
        for (MailAddress address : wanted) {
            MailAddress match = remaining.stream()
                .filter(r -> r.asString().toLowerCase(Locale.ROOT).equals(address.asString().toLowerCase(Locale.ROOT)))
                .findFirst()
                .orElseThrow(() -> new QuarantineException(Kind.CONFLICT, address.asString() + " is not (any more) a quarantined recipient of "
                    + id + "; remaining: " + remaining.stream().map(MailAddress::asString).toList()));
            if (!picked.contains(match)) {
                picked.add(match);
            }
        }
        return picked;
    }

    /** spamd learns {@code id} as spam; the mail stays in the quarantine. */
    boolean learnSpam(String id) {
        return learn(get(id), MessageClass.SPAM);
    }

    private boolean learn(QuarantinedMail mail, MessageClass messageClass) {
        SpamdServer spamd = components.all(SpamdServer.class).stream().findFirst()
            .orElseThrow(() -> new QuarantineException(Kind.CONFLICT, "no spamd to learn from: no ScoreWithSpamd mailet is running"));
        try {
            boolean learned = spamd.client().learn(messageClass, mail.raw(), Optional.empty(),
                Deadline.in(spamd.connectTimeout().plus(spamd.replyTimeout())));
            LOGGER.info("spamd {} {} quarantined mail {} as {}", spamd.endpoints(), learned ? "learned" : "did not learn (already learned, or no Bayes storage)",
                mail.id(), messageClass.keyword());
            return learned;
        } catch (SpamdException e) {
            throw new QuarantineException(Kind.BAD_GATEWAY, "spamd did not learn " + mail.id() + " as " + messageClass.keyword()
                + " (" + e.failure().keyword() + "): " + e.getMessage() + "; nothing was released", e);
        } catch (IOException | MessagingException e) {
            throw new IllegalStateException("cannot read quarantined mail " + mail.id(), e);
        }
    }

    /** Deletes {@code id}. */
    void delete(String id) {
        checkId(id);
        Lock lock = locks.get(id);
        lock.lock();
        try {
            Located located = locate(id).orElseThrow(() -> QuarantineException.notFound(id));
            located.repository().remove(new MailKey(id));
            LOGGER.info("quarantined mail {} deleted", id);
        } catch (MessagingException e) {
            throw new IllegalStateException("deleting " + id + " failed", e);
        } finally {
            lock.unlock();
        }
    }

    /** What a purge did. */
    record Purge(int deleted, int failed) {
    }

    /** Deletes every quarantined mail that arrived before {@code cutoff}. */
    Purge purgeArrivedBefore(Instant cutoff) {
        int deleted = 0;
        int failed = 0;
        for (MailRepository repository : repositories()) {
            List<MailKey> keys = new ArrayList<>();
            try {
                repository.list().forEachRemaining(keys::add);
            } catch (MessagingException e) {
                throw new IllegalStateException("cannot list the quarantine", e);
            }
            for (MailKey key : keys) {
                Lock lock = locks.get(key.asString());
                lock.lock();
                try {
                    Optional<QuarantinedMail> mail = read(repository, key);
                    if (mail.isPresent() && mail.get().arrival().isBefore(cutoff)) {
                        repository.remove(key);
                        deleted++;
                    }
                } catch (MessagingException | RuntimeException e) {
                    failed++;
                    LOGGER.warn("quarantined mail {} could not be deleted: {}", key.asString(), e.getMessage());
                } finally {
                    lock.unlock();
                }
            }
        }
        return new Purge(deleted, failed);
    }

    private MailQueue spool() {
        return queues.getQueue(MailQueueFactory.SPOOL)
            .map(MailQueue.class::cast)
            .orElseThrow(() -> new IllegalStateException("James has no spool queue"));
    }

    private static void checkId(String id) {
        if (!QuarantinedMail.isValidId(id)) {
            throw new QuarantineException(Kind.BAD_REQUEST, "'" + id + "' is not a quarantine id; expected e.g. spam-3fK9q2LmXw0a");
        }
    }
}
