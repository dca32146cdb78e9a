package org.jamesantispam.core.lists;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

import org.jamesantispam.core.testing.LogCapture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import ch.qos.logback.classic.Level;

class FileSpamListStoreTest {
    @TempDir
    Path directory;

    private static ListEntry allow(String entry) {
        return ListEntry.of(SpamList.ALLOW_SENDERS, entry);
    }

    private static List<String> patterns(SpamListStore store, SpamList list) {
        return store.entries(list).stream().map(ListEntry::toString).toList();
    }

    private List<Path> filesIn() throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            return files.map(Path::getFileName).toList();
        }
    }

    @Test
    void anEmptyDirectoryGivesEmptyListsAndAMissingOneIsCreated() throws IOException {
        FileSpamListStore store = new FileSpamListStore(directory.resolve("var/antispam/lists"));
        assertThat(Files.isDirectory(directory.resolve("var/antispam/lists"))).isTrue();
        for (SpamList list : SpamList.values()) {
            assertThat(store.entries(list)).isEmpty();
        }
    }

    @Test
    void entriesAreWrittenInOrderAndReadBackByTheNextStore() throws IOException {
        FileSpamListStore store = new FileSpamListStore(directory);
        assertThat(store.add(SpamList.ALLOW_SENDERS, allow("bob@example.org"))).isTrue();
        assertThat(store.add(SpamList.ALLOW_SENDERS, allow("/^news-.*@shop\\.example$/"))).isTrue();
        assertThat(store.add(SpamList.ALLOW_SENDERS, ListEntry.of(SpamList.ALLOW_SENDERS, ".partner.example", Optional.of("alice@example.test")))).isTrue();
        assertThat(store.add(SpamList.BLOCK_SENDERS, ListEntry.of(SpamList.BLOCK_SENDERS, ".spam.example"))).isTrue();
        assertThat(store.add(SpamList.SPAM_LOVERS, ListEntry.of(SpamList.SPAM_LOVERS, "abuse@example.test"))).isTrue();

        assertThat(Files.readString(directory.resolve("allow-senders.list"))).endsWith(
            "bob@example.org\n/^news-.*@shop\\.example$/\nalice@example.test\t.partner.example\n");

        FileSpamListStore restarted = new FileSpamListStore(directory);
        assertThat(patterns(restarted, SpamList.ALLOW_SENDERS))
            .containsExactly("bob@example.org", "/^news-.*@shop\\.example$/", ".partner.example (for alice@example.test)");
        assertThat(patterns(restarted, SpamList.BLOCK_SENDERS)).containsExactly(".spam.example");
        assertThat(patterns(restarted, SpamList.SPAM_LOVERS)).containsExactly("abuse@example.test");
        assertThat(restarted.snapshot().allows("news-1@shop.example", "carol@example.test")).isTrue();
        assertThat(restarted.snapshot().allows("x@partner.example", "alice@example.test")).isTrue();
        assertThat(restarted.snapshot().allows("x@partner.example", "carol@example.test")).isFalse();
    }

    @Test
    void addingTwiceAndRemovingWhatIsAbsentChangeNothing() throws IOException {
        FileSpamListStore store = new FileSpamListStore(directory);
        store.add(SpamList.ALLOW_SENDERS, allow("bob@example.org"));
        String before = Files.readString(directory.resolve("allow-senders.list"));
        assertThat(store.add(SpamList.ALLOW_SENDERS, allow("BOB@example.ORG"))).isFalse();
        assertThat(store.remove(SpamList.ALLOW_SENDERS, allow("carol@example.org"))).isFalse();
        assertThat(store.remove(SpamList.BLOCK_SENDERS, ListEntry.of(SpamList.BLOCK_SENDERS, "bob@example.org"))).isFalse();
        assertThat(Files.readString(directory.resolve("allow-senders.list"))).isEqualTo(before);
        assertThat(patterns(store, SpamList.ALLOW_SENDERS)).containsExactly("bob@example.org");

        assertThat(store.remove(SpamList.ALLOW_SENDERS, allow("Bob@Example.org"))).isTrue();
        assertThat(store.entries(SpamList.ALLOW_SENDERS)).isEmpty();
        assertThat(new FileSpamListStore(directory).entries(SpamList.ALLOW_SENDERS)).isEmpty();
    }

    @Test
    void aWriteLeavesNoTemporaryFileAndAStaleOneIsRemovedAtStart() throws IOException {
        Files.writeString(directory.resolve(".allow-senders-123.tmp"), "half a li");
        FileSpamListStore store = new FileSpamListStore(directory);
        assertThat(filesIn()).extracting(Path::toString).doesNotContain(".allow-senders-123.tmp");
        store.add(SpamList.ALLOW_SENDERS, allow("bob@example.org"));
        store.add(SpamList.BLOCK_SENDERS, ListEntry.of(SpamList.BLOCK_SENDERS, "eve@example.org"));
        store.remove(SpamList.ALLOW_SENDERS, allow("bob@example.org"));
        assertThat(filesIn()).extracting(Path::toString).containsExactlyInAnyOrder("allow-senders.list", "block-senders.list");
    }

    @Test
    void aFailedWriteChangesNeitherTheFileNorTheListsInMemory() throws IOException {
        FileSpamListStore store = new FileSpamListStore(directory);
        store.add(SpamList.BLOCK_SENDERS, ListEntry.of(SpamList.BLOCK_SENDERS, "eve@example.org"));
        // the list file cannot be replaced: a non-empty directory stands where it goes
        Path blocked = directory.resolve("allow-senders.list");
        Files.createDirectories(blocked.resolve("occupied"));

        assertThatThrownBy(() -> store.add(SpamList.ALLOW_SENDERS, allow("bob@example.org"))).isInstanceOf(IOException.class);
        assertThat(store.entries(SpamList.ALLOW_SENDERS)).isEmpty();
        assertThat(store.snapshot().allows("bob@example.org", "alice@example.test")).isFalse();
        assertThat(patterns(store, SpamList.BLOCK_SENDERS)).containsExactly("eve@example.org");
        assertThat(filesIn()).extracting(Path::toString).containsExactlyInAnyOrder("allow-senders.list", "block-senders.list");
    }

    @Test
    void concurrentWritesAreAllKeptAndReadersAlwaysSeeAWholeList() throws Exception {
        FileSpamListStore store = new FileSpamListStore(directory);
        int writers = 8;
        int perWriter = 40;
        ExecutorService pool = Executors.newFixedThreadPool(writers + 1);
        CountDownLatch start = new CountDownLatch(1);
        AtomicBoolean writing = new AtomicBoolean(true);
        try {
            Future<Integer> reader = pool.submit(() -> {
                int previous = 0;
                start.await();
                while (writing.get()) {
                    int size = store.entries(SpamList.BLOCK_SENDERS).size();
                    assertThat(size).isGreaterThanOrEqualTo(previous);
                    previous = size;
                }
                return previous;
            });
            List<Future<?>> futures = new ArrayList<>();
            for (int w = 0; w < writers; w++) {
                int writer = w;
                futures.add(pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < perWriter; i++) {
                        ListEntry entry = ListEntry.of(SpamList.BLOCK_SENDERS, "sender" + i + "@writer" + writer + ".example");
                        assertThat(store.add(SpamList.BLOCK_SENDERS, entry)).isTrue();
                        assertThat(store.add(SpamList.BLOCK_SENDERS, entry)).isFalse();
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> future : futures) {
                future.get(60, TimeUnit.SECONDS);
            }
            writing.set(false);
            reader.get(60, TimeUnit.SECONDS);
        } finally {
            pool.shutdownNow();
        }
        assertThat(store.entries(SpamList.BLOCK_SENDERS)).hasSize(writers * perWriter).doesNotHaveDuplicates();
        FileSpamListStore restarted = new FileSpamListStore(directory);
        assertThat(restarted.entries(SpamList.BLOCK_SENDERS)).containsExactlyElementsOf(store.entries(SpamList.BLOCK_SENDERS));
        assertThat(filesIn()).extracting(Path::toString).containsExactly("block-senders.list");
    }

    @Test
    void aBadLineInAHandEditedFileIsSkippedAndLoggedNotFatal() throws IOException {
        Files.writeString(directory.resolve("block-senders.list"),
            "# comment\n\nspammer@example.org\nbad entry with spaces\n/unclosed\nalice@example.test\t.spam.example\n", StandardCharsets.UTF_8);
        FileSpamListStore store;
        try (LogCapture log = LogCapture.of(FileSpamListStore.class)) {
            store = new FileSpamListStore(directory);
            assertThat(log.messages(Level.ERROR)).hasSize(2)
                .anySatisfy(line -> assertThat(line).contains("block-senders.list line 4 skipped").contains("'bad entry with spaces'"))
                .anySatisfy(line -> assertThat(line).contains("line 5 skipped").contains("no closing /"));
        }
        assertThat(patterns(store, SpamList.BLOCK_SENDERS)).containsExactly("spammer@example.org", ".spam.example (for alice@example.test)");
    }
}
