package org.jamesantispam.it.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/** What the benchmarks' reports say about the machine they ran on (read from /proc). */
public final class Machine {
    private Machine() {
    }

    public static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (Exception e) {
            return "?";
        }
    }

    /**
     * Two lines: cores, CPU model, memory, Java, the load average before ({@code loadBefore}) and
     * now, the benchmark's duration; and how James' SMTP client names were resolved.
     */
    public static String describe(String loadBefore, double totalSeconds) {
        return String.format(Locale.ROOT, "machine: %d cores, %s, %.0f GiB, Java %s; load average before: %s, after: %s; %.0f s in all%n",
            Runtime.getRuntime().availableProcessors(), cpuModel(), totalMemoryGib(), System.getProperty("java.version"),
            loadBefore, loadAverage(), totalSeconds)
            + (System.getProperty("jdk.net.hosts.file") == null
                ? "client names: the JDK resolver (with an unreachable DNS server, a 5 s stall per uncached SMTP client address)"
                : "client names: hosts file " + System.getProperty("jdk.net.hosts.file") + " (no DNS; see bench.sh)");
    }

    private static String cpuModel() {
        try {
            return Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                .map(l -> l.substring(l.indexOf(':') + 1).trim()).findFirst().orElse("?");
        } catch (Exception e) {
            return "?";
        }
    }

    private static double totalMemoryGib() {
        long kib = 0;
        try {
            for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
                if (line.startsWith("MemTotal:")) {
                    kib = Long.parseLong(line.replaceAll("\\D+", ""));
                }
            }
        } catch (Exception e) {
            return 0;
        }
        return kib / (1024.0 * 1024.0);
    }
}
