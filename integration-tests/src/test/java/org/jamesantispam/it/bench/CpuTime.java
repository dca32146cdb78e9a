package org.jamesantispam.it.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * CPU time consumed so far, in milliseconds: by this JVM (James in process, plus the benchmark's
 * clients), and by a spamd (its parent process and its children, read from /proc). Wall time on a
 * shared machine swings with the other load; CPU time per message much less.
 */
public final class CpuTime {
    private static final long TICKS_PER_SECOND = 100; // USER_HZ on Linux

    private CpuTime() {
    }

    public static long jvmMillis() {
        return jvmNanos() / 1_000_000;
    }

    public static long jvmNanos() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getProcessCpuTime();
        }
        return 0;
    }

    /** User + system time of the spamd whose pid file is {@code pidFile} and of its children (0 without /proc). */
    public static long spamdMillis(Path pidFile) {
        try {
            String parent = Files.readString(pidFile).trim();
            long ticks = 0;
            try (Stream<Path> processes = Files.list(Path.of("/proc"))) {
                for (Path process : (Iterable<Path>) processes::iterator) {
                    String name = process.getFileName().toString();
                    if (!name.chars().allMatch(Character::isDigit)) {
                        continue;
                    }
                    String[] fields = stat(process);
                    if (fields != null && name.equals(parent)) {
                        // utime, stime, and cutime + cstime: the children that exited (spamd replaces a
                        // child after --max-conn-per-child scans) are counted in their parent.
                        ticks += Long.parseLong(fields[11]) + Long.parseLong(fields[12]) + Long.parseLong(fields[13]) + Long.parseLong(fields[14]);
                    } else if (fields != null && fields[1].equals(parent)) {
                        ticks += Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
                    }
                }
            }
            return ticks * 1000 / TICKS_PER_SECOND;
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    /** The fields of /proc/PID/stat after the command name: [0] state, [1] ppid, ..., [11] utime, [12] stime, [13] cutime, [14] cstime. */
    private static String[] stat(Path process) {
        try {
            String stat = Files.readString(process.resolve("stat"));
            return stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}
