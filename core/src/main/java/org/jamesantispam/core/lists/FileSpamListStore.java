package org.jamesantispam.core.lists;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryIteratorException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import javax.inject.Inject;
import javax.inject.Singleton;

import org.apache.james.filesystem.api.FileSystem;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The default {@link SpamListStore}: one UTF-8 text file per list in a directory, by default
 * {@value #DEFAULT_DIRECTORY} (James' {@code var/antispam/lists/}, resolved by James'
 * {@link FileSystem}): {@code allow-senders.list}, {@code block-senders.list},
 * {@code spam-lovers.list}. One entry per line, in the order added; a line
 * {@code recipient<TAB>entry} applies to that recipient scope only; {@code #} starts a comment line.
 * <pre>
 * # james-antispam list allow-senders (written by webadmin; one entry per line, recipient&lt;TAB&gt;entry for one recipient)
 * bob@example.org
 * .partner.example
 * alice@example.test	newsletter@shop.example
 * </pre>
 *
 * <ul>
 *   <li><b>Start:</b> the files are read once, when James first needs the store; a line that is no
 *       longer valid is logged (ERROR) and skipped, never stopping James.</li>
 *   <li><b>Lookups</b> go to an immutable in-memory {@link ListSnapshot}: no file access per
 *       message.</li>
 *   <li><b>Writes</b> are serialised (one at a time per server) and atomic: the whole list goes to
 *       a temporary file in the same directory, which is flushed to disk ({@code fsync}), then
 *       renamed over the list file ({@code ATOMIC_MOVE}), then the directory is flushed. A crash
 *       leaves the old list or the new one, never half a file. Only then is the in-memory
 *       snapshot replaced, so the next message sees the change.</li>
 *   <li>Edit the files by hand only while James is stopped: a running server does not re-read
 *       them and overwrites them on its next write.</li>
 * </ul>
 * One directory per James server; for several nodes, see {@link SpamListStore}.
 */
@Singleton
public class FileSpamListStore implements SpamListStore {
    /** Where the lists are kept, relative to James' home. */
    public static final String DEFAULT_DIRECTORY = "file://var/antispam/lists/";
    static final String SUFFIX = ".list";
    private static final String TEMPORARY_SUFFIX = ".tmp";
    private static final Logger LOGGER = LoggerFactory.getLogger(FileSpamListStore.class);

    private final Path directory;
    private final Object writeLock = new Object();
    private volatile ListSnapshot snapshot;

    @Inject
    public FileSpamListStore(FileSystem fileSystem) throws IOException {
        this(fileSystem.getFile(DEFAULT_DIRECTORY).toPath());
    }

    /**
     * A store in {@code directory} (created when missing), with what its files hold.
     *
     * @throws IOException when the directory cannot be created or read
     */
    public FileSpamListStore(Path directory) throws IOException {
        this.directory = directory.toAbsolutePath();
        Files.createDirectories(this.directory);
        removeLeftoverTemporaryFiles();
        Map<SpamList, List<ListEntry>> lists = new EnumMap<>(SpamList.class);
        for (SpamList list : SpamList.values()) {
            lists.put(list, read(list));
        }
        this.snapshot = ListSnapshot.of(lists);
        LOGGER.info("antispam lists in {}: {}", this.directory, summary(snapshot));
    }

    public Path directory() {
        return directory;
    }

    @Override
    public ListSnapshot snapshot() {
        return snapshot;
    }

    @Override
    public boolean add(SpamList list, ListEntry entry) throws IOException {
        synchronized (writeLock) {
            List<ListEntry> entries = snapshot.entries(list);
            if (entries.contains(entry)) {
                return false;
            }
            List<ListEntry> updated = new ArrayList<>(entries);
            updated.add(entry);
            store(list, updated);
            return true;
        }
    }

    @Override
    public boolean remove(SpamList list, ListEntry entry) throws IOException {
        synchronized (writeLock) {
            List<ListEntry> entries = snapshot.entries(list);
            if (!entries.contains(entry)) {
                return false;
            }
            List<ListEntry> updated = new ArrayList<>(entries);
            updated.remove(entry);
            store(list, updated);
            return true;
        }
    }

    private void store(SpamList list, List<ListEntry> entries) throws IOException {
        write(list, entries);
        snapshot = snapshot.with(list, entries);
        LOGGER.info("antispam list {} now has {} entries", list, entries.size());
    }

    Path fileOf(SpamList list) {
        return directory.resolve(list.listName() + SUFFIX);
    }

    private void write(SpamList list, List<ListEntry> entries) throws IOException {
        StringBuilder text = new StringBuilder("# james-antispam list ").append(list.listName())
            .append(" (written by webadmin; one entry per line, recipient<TAB>entry for one recipient)\n");
        for (ListEntry entry : entries) {
            entry.recipient().ifPresent(recipient -> text.append(recipient).append('\t'));
            text.append(entry.pattern()).append('\n');
        }
        Path target = fileOf(list);
        Path temporary = Files.createTempFile(directory, "." + list.listName() + "-", TEMPORARY_SUFFIX);
        try {
            try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer bytes = StandardCharsets.UTF_8.encode(text.toString());
                while (bytes.hasRemaining()) {
                    channel.write(bytes);
                }
                channel.force(true);
            }
            try {
                Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                throw new IOException("cannot replace " + target + " atomically (" + e.getMessage() + ")", e);
            }
        } finally {
            Files.deleteIfExists(temporary);
        }
        syncDirectory();
    }

    /** Makes the rename itself durable (POSIX); a no-op where directories cannot be opened. */
    private void syncDirectory() {
        try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            LOGGER.debug("cannot flush directory {}: {}", directory, e.toString());
        }
    }

    private List<ListEntry> read(SpamList list) throws IOException {
        Path file = fileOf(list);
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return List.of();
        }
        Set<ListEntry> entries = new LinkedHashSet<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isBlank() || line.strip().startsWith("#")) {
                continue;
            }
            int tab = line.indexOf('\t');
            Optional<String> recipient = tab < 0 ? Optional.empty() : Optional.of(line.substring(0, tab));
            String pattern = tab < 0 ? line : line.substring(tab + 1);
            try {
                entries.add(ListEntry.of(list, pattern, recipient));
            } catch (InvalidListEntryException e) {
                LOGGER.error("{} line {} skipped: {}", file, i + 1, e.getMessage());
            }
        }
        return List.copyOf(entries);
    }

    private void removeLeftoverTemporaryFiles() throws IOException {
        try (DirectoryStream<Path> leftovers = Files.newDirectoryStream(directory, ".*" + TEMPORARY_SUFFIX)) {
            for (Path leftover : leftovers) {
                Files.deleteIfExists(leftover);
            }
        } catch (DirectoryIteratorException e) {
            throw e.getCause();
        }
    }

    private static String summary(ListSnapshot snapshot) {
        StringBuilder out = new StringBuilder();
        for (SpamList list : SpamList.values()) {
            out.append(out.length() == 0 ? "" : ", ").append(list).append(' ').append(snapshot.entries(list).size());
        }
        return out.toString();
    }
}
