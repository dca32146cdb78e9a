package org.jamesantispam.it.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * CPU time of this JVM's threads, Java and native alike (garbage collector, JIT compilers), summed by
 * thread name with its numbers replaced by N ({@code smtpserver-global-io-3} and
 * {@code smtpserver-global-io-0} make {@code smtpserver-global-io-N}; Linux keeps 15 characters of
 * a name), read from {@code /proc/self/task}. The difference of two snapshots says where the CPU of a
 * run went. A thread that ended between the snapshots is missing from the later one: its time is
 * lost (it never makes a group negative). Empty without /proc.
 */
public final class ThreadGroupCpu {
    private static final long TICKS_PER_SECOND = 100; // USER_HZ on Linux

    private final Map<Long, Entry> threads;

    private record Entry(String group, long ticks) {
    }

    private ThreadGroupCpu(Map<Long, Entry> threads) {
        this.threads = threads;
    }

    public static ThreadGroupCpu now() {
        Map<Long, Entry> threads = new TreeMap<>();
        try (Stream<Path> tasks = Files.list(Path.of("/proc/self/task"))) {
            for (Path task : (Iterable<Path>) tasks::iterator) {
                try {
                    String stat = Files.readString(task.resolve("stat"));
                    String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
                    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
                    threads.put(Long.parseLong(task.getFileName().toString()), new Entry(group(name), ticks));
                } catch (IOException | RuntimeException e) {
                    // the thread ended meanwhile
                }
            }
        } catch (IOException | RuntimeException e) {
            return new ThreadGroupCpu(Map.of());
        }
        return new ThreadGroupCpu(threads);
    }

    /** Milliseconds of CPU per thread group between {@code earlier} and this snapshot. */
    public Map<String, Double> millisSince(ThreadGroupCpu earlier) {
        Map<String, Double> groups = new TreeMap<>();
        threads.forEach((tid, entry) -> {
            Entry before = earlier.threads.get(tid);
            long ticks = entry.ticks() - (before == null ? 0 : before.ticks());
            if (ticks > 0) {
                groups.merge(entry.group(), ticks * 1000.0 / TICKS_PER_SECOND, Double::sum);
            }
        });
        return groups;
    }

    static String group(String name) {
        return name.replaceAll("\\d+", "N");
    }
}
