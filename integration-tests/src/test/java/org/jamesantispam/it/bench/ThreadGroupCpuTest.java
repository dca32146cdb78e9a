package org.jamesantispam.it.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;

/** CPU by thread group, read from /proc/self/task (Linux). */
class ThreadGroupCpuTest {

    @Test
    void threadsAreGroupedByNameWithoutTheirNumbers() {
        assertThat(ThreadGroupCpu.group("smtpserver-glob")).isEqualTo("smtpserver-glob");
        assertThat(ThreadGroupCpu.group("spooler-12")).isEqualTo("spooler-N");
        assertThat(ThreadGroupCpu.group("C2 CompilerThre")).isEqualTo("CN CompilerThre");
        assertThat(ThreadGroupCpu.group("GC Thread#1")).isEqualTo("GC Thread#N");
    }

    @Test
    void aBusyThreadsCpuIsCountedInItsGroup() throws Exception {
        ThreadGroupCpu before = ThreadGroupCpu.now();
        Thread busy = new Thread(() -> {
            long end = System.nanoTime() + 400_000_000L;
            long sink = 0;
            while (System.nanoTime() < end) {
                sink += System.nanoTime() % 7;
            }
            if (sink == 42) {
                System.out.print("");
            }
            try {
                Thread.sleep(2000); // alive when the second snapshot is taken
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "cpuburner-3");
        busy.setDaemon(true);
        busy.start();
        Thread.sleep(700);
        Map<String, Double> used = ThreadGroupCpu.now().millisSince(before);
        busy.interrupt();
        assertThat(used.getOrDefault("cpuburner-N", 0.0)).isBetween(200.0, 700.0);
        assertThat(used.values()).allMatch(millis -> millis > 0);
    }
}
