package org.jamesantispam.webadmin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.apache.james.core.MailAddress;
import org.apache.james.core.builder.MimeMessageBuilder;
import org.apache.james.mailrepository.api.MailKey;
import org.apache.james.mailrepository.api.MailRepository;
import org.apache.james.mailrepository.api.MailRepositoryUrl;
import org.apache.james.queue.api.MailQueueFactory;
import org.apache.james.queue.api.ManageableMailQueue;
import org.apache.james.queue.api.RawMailQueueItemDecoratorFactory;
import org.apache.james.queue.memory.MemoryMailQueueFactory;
import org.apache.james.task.Task;
import org.apache.mailet.Attribute;
import org.apache.mailet.AttributeValue;
import org.apache.mailet.Mail;
import org.apache.mailet.base.test.FakeMail;
import org.jamesantispam.core.runtime.ActiveComponents;
import org.jamesantispam.core.spam.QuarantineArea;
import org.jamesantispam.core.spam.QuarantineReason;
import org.jamesantispam.core.spam.mail.SpamAttributes;
import org.jamesantispam.core.spamd.SpamdEndpoint;
import org.jamesantispam.core.spamd.SpamdServer;
import org.jamesantispam.webadmin.QuarantineException.Kind;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Release, learning, deletion and purge over James' memory repository and memory spool queue. */
class QuarantineServiceTest {
    private static final String URL = "memory://var/mail/quarantine/";
    private static final String ID = "spam-ABCDEFabcdef";
    private static final MailAddress ALICE = address("alice@example.test");
    private static final MailAddress CAROL = address("carol@example.test");

    private final ActiveComponents components = new ActiveComponents();
    private final MemoryRepositoryStore store = new MemoryRepositoryStore();
    private final MemoryMailQueueFactory queues = new MemoryMailQueueFactory(new RawMailQueueItemDecoratorFactory());
    private ManageableMailQueue spool;
    private MailRepository repository;
    private QuarantineService quarantine;
    private ServerSocket fakeSpamd;

    private static MailAddress address(String text) {
        try {
            return new MailAddress(text);
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    @BeforeEach
    void setUp() throws Exception {
        spool = queues.createQueue(MailQueueFactory.SPOOL);
        components.register(QuarantineArea.class, "Quarantine", new QuarantineArea(URL, QuarantineReason.SPAM));
        repository = store.select(MailRepositoryUrl.from(URL));
        quarantine = new QuarantineService(components, store, queues);
    }

    @AfterEach
    void tearDown() throws IOException {
        if (fakeSpamd != null) {
            fakeSpamd.close();
        }
    }

    private void quarantine(String id, Instant arrival, MailAddress... recipients) throws Exception {
        FakeMail mail = FakeMail.builder().name(id).sender("bob@example.org").recipients(recipients)
            .mimeMessage(MimeMessageBuilder.mimeMessageBuilder().setSubject("GTUBE").addHeader("X-Quarantine-ID", "<" + id + ">").setText("spam"))
            .build();
        mail.setAttribute(new Attribute(SpamAttributes.STARTED, AttributeValue.of(arrival.toEpochMilli())));
        repository.store(mail);
    }

    private List<Mail> spooled() throws Exception {
        List<Mail> mails = new ArrayList<>();
        spool.browse().forEachRemaining(item -> mails.add(item.getMail()));
        return mails;
    }

    private Mail stored(String id) throws Exception {
        return repository.retrieve(new MailKey(id));
    }

    /** A spamd answering every TELL with {@code reply}. */
    private void spamd(String reply) throws IOException {
        fakeSpamd = new ServerSocket(0, 10, InetAddress.getLoopbackAddress());
        Thread thread = new Thread(() -> {
            while (!fakeSpamd.isClosed()) {
                try (Socket socket = fakeSpamd.accept()) {
                    socket.getInputStream().transferTo(new ByteArrayOutputStream());
                    socket.getOutputStream().write(reply.getBytes(StandardCharsets.US_ASCII));
                } catch (IOException e) {
                    // closed
                }
            }
        });
        thread.setDaemon(true);
        thread.start();
        components.register(SpamdServer.class, "ScoreWithSpamd", new SpamdServer(
            List.of(new SpamdEndpoint("127.0.0.1", fakeSpamd.getLocalPort())), Duration.ofSeconds(2), Duration.ofSeconds(5)));
    }

    private static void assertKind(Runnable action, Kind kind, String message) {
        assertThatThrownBy(action::run).isInstanceOf(QuarantineException.class).hasMessageContaining(message)
            .satisfies(e -> assertThat(((QuarantineException) e).kind()).isEqualTo(kind));
    }

    @Test
    void partialReleaseSpoolsACopyInTransportAndKeepsTheOtherRecipients() throws Exception {
        quarantine(ID, Instant.now(), ALICE, CAROL);

        QuarantineService.Release release = quarantine.release(ID, List.of(address("ALICE@example.test")), false);

        assertThat(release.released()).containsExactly(ALICE);
        assertThat(release.remaining()).containsExactly(CAROL);
        List<Mail> spooled = spooled();
        assertThat(spooled).hasSize(1);
        assertThat(spooled.get(0).getRecipients()).containsExactly(ALICE);
        assertThat(spooled.get(0).getState()).isEqualTo("transport");
        assertThat(stored(ID).getRecipients()).containsExactly(CAROL);
    }

    @Test
    void releasingARecipientAgainIsAConflictAndSpoolsNothing() throws Exception {
        quarantine(ID, Instant.now(), ALICE, CAROL);
        quarantine.release(ID, List.of(ALICE), false);

        assertKind(() -> quarantine.release(ID, List.of(ALICE), false), Kind.CONFLICT,
            "alice@example.test is not (any more) a quarantined recipient of spam-ABCDEFabcdef; remaining: [carol@example.test]");
        assertKind(() -> quarantine.release(ID, List.of(CAROL, address("dave@example.test")), false), Kind.CONFLICT, "dave@example.test");
        assertThat(spooled()).hasSize(1);
        assertThat(stored(ID).getRecipients()).containsExactly(CAROL);
    }

    @Test
    void releasingEveryoneRemovesTheMailThenItIsUnknown() throws Exception {
        quarantine(ID, Instant.now(), ALICE, CAROL);

        QuarantineService.Release release = quarantine.release(ID, List.of(), false);

        assertThat(release.released()).containsExactly(ALICE, CAROL);
        assertThat(release.remaining()).isEmpty();
        assertThat(stored(ID)).isNull();
        assertKind(() -> quarantine.release(ID, List.of(), false), Kind.NOT_FOUND, "no quarantined mail spam-ABCDEFabcdef");
        assertThat(spooled()).hasSize(1);
    }

    @Test
    void concurrentReleasesDeliverOnce() throws Exception {
        quarantine(ID, Instant.now(), ALICE, CAROL);
        ExecutorService threads = Executors.newFixedThreadPool(8);
        try {
            List<Future<Kind>> outcomes = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                Callable<Kind> release = () -> {
                    try {
                        quarantine.release(ID, List.of(), false);
                        return null;
                    } catch (QuarantineException e) {
                        return e.kind();
                    }
                };
                outcomes.add(threads.submit(release));
            }
            List<Kind> kinds = new ArrayList<>();
            for (Future<Kind> outcome : outcomes) {
                kinds.add(outcome.get());
            }
            assertThat(kinds).containsOnlyOnce((Kind) null).filteredOn(kind -> kind != null).containsOnly(Kind.NOT_FOUND);
        } finally {
            threads.shutdownNow();
        }
        assertThat(spooled()).hasSize(1);
    }

    @Test
    void learnHamWithoutASpamdIsAConflictAndReleasesNothing() throws Exception {
        quarantine(ID, Instant.now(), ALICE);
        assertKind(() -> quarantine.release(ID, List.of(), true), Kind.CONFLICT, "no ScoreWithSpamd mailet is running");
        assertThat(spooled()).isEmpty();
        assertThat(stored(ID).getRecipients()).containsExactly(ALICE);
    }

    @Test
    void aSpamdRefusalIsABadGatewayAndReleasesNothing() throws Exception {
        spamd("SPAMD/1.0 69 Service Unavailable: TELL commands are not enabled, set the --allow-tell switch.\r\n");
        quarantine(ID, Instant.now(), ALICE);
        assertKind(() -> quarantine.release(ID, List.of(), true), Kind.BAD_GATEWAY, "spamd did not learn spam-ABCDEFabcdef as ham (bad-reply)");
        assertKind(() -> quarantine.learnSpam(ID), Kind.BAD_GATEWAY, "--allow-tell");
        assertThat(spooled()).isEmpty();
        assertThat(stored(ID).getRecipients()).containsExactly(ALICE);
    }

    @Test
    void learnHamThenRelease() throws Exception {
        spamd("SPAMD/1.1 0 EX_OK\r\nDidSet: local\r\n\r\n\r\n");
        quarantine(ID, Instant.now(), ALICE);
        QuarantineService.Release release = quarantine.release(ID, List.of(), true);
        assertThat(release.learnedHam()).contains(true);
        assertThat(release.json()).containsEntry("learned", java.util.Map.of("class", "ham", "didSet", true));
        assertThat(spooled()).hasSize(1);
    }

    @Test
    void learnSpamKeepsTheMail() throws Exception {
        spamd("SPAMD/1.1 0 EX_OK\r\n\r\n\r\n");
        quarantine(ID, Instant.now(), ALICE);
        assertThat(quarantine.learnSpam(ID)).as("no DidSet").isFalse();
        assertThat(stored(ID)).isNotNull();
        assertThat(spooled()).isEmpty();
    }

    @Test
    void deleteThenUnknown() throws Exception {
        quarantine(ID, Instant.now(), ALICE);
        quarantine.delete(ID);
        assertThat(stored(ID)).isNull();
        assertKind(() -> quarantine.delete(ID), Kind.NOT_FOUND, "no quarantined mail spam-ABCDEFabcdef");
        assertKind(() -> quarantine.delete("x"), Kind.BAD_REQUEST, "'x' is not a quarantine id");
        assertKind(() -> quarantine.get("spam-ABCDEFabcde/"), Kind.BAD_REQUEST, "is not a quarantine id");
    }

    @Test
    void purgeDeletesWhatArrivedBeforeTheCutoff() throws Exception {
        Instant now = Instant.now();
        quarantine("spam-OLDOLDOLDOLD", now.minus(Duration.ofDays(31)), ALICE);
        quarantine("spam-NEWNEWNEWNEW", now.minus(Duration.ofDays(29)), ALICE);

        QuarantinePurgeTask task = new QuarantinePurgeTask(quarantine, Duration.ofDays(30), now.minus(Duration.ofDays(30)));

        assertThat(task.run()).isEqualTo(Task.Result.COMPLETED);
        assertThat(task.type().asString()).isEqualTo("antispam-quarantine-purge");
        assertThat(stored("spam-OLDOLDOLDOLD")).isNull();
        assertThat(stored("spam-NEWNEWNEWNEW")).isNotNull();
        assertThat(quarantine.purgeArrivedBefore(now.minus(Duration.ofDays(30)))).as("nothing more").isEqualTo(new QuarantineService.Purge(0, 0));
        assertThat(quarantine.purgeArrivedBefore(now)).isEqualTo(new QuarantineService.Purge(1, 0));
    }

    @Test
    void withoutAQuarantineMailetEverythingIsNotFound() {
        QuarantineService none = new QuarantineService(new ActiveComponents(), store, queues);
        assertKind(() -> none.all(), Kind.NOT_FOUND, "no quarantine repository is configured");
        assertKind(() -> none.get(ID), Kind.NOT_FOUND, "no quarantine repository is configured");
    }

    @Test
    void listsEveryRegisteredRepositoryOnce() throws Exception {
        components.register(QuarantineArea.class, "Quarantine banned", new QuarantineArea("memory://var/mail/banned/", QuarantineReason.BANNED));
        components.register(QuarantineArea.class, "Quarantine held", new QuarantineArea(URL, QuarantineReason.HELD));
        quarantine(ID, Instant.now(), ALICE);
        store.select(MailRepositoryUrl.from("memory://var/mail/banned/")).store(FakeMail.builder().name("banned-ABCDEFabcdef")
            .recipient(CAROL).mimeMessage(MimeMessageBuilder.mimeMessageBuilder().setText("x")).build());

        assertThat(quarantine.all().map(QuarantinedMail::id)).containsExactly(ID, "banned-ABCDEFabcdef");
        assertThat(quarantine.get("banned-ABCDEFabcdef").recipients()).containsExactly(CAROL);
    }
}
