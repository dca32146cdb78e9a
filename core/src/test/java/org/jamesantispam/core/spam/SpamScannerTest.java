package org.jamesantispam.core.spam;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import org.jamesantispam.core.spamd.Deadline;
import org.jamesantispam.core.spamd.SpamdClient;
import org.jamesantispam.core.spamd.SpamdCommand;
import org.jamesantispam.core.spamd.SpamdEndpoint;
import org.junit.jupiter.api.Test;

class SpamScannerTest {
    private static SpamdClient unreachable() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return new SpamdClient(List.of(new SpamdEndpoint("127.0.0.1", socket.getLocalPort())), Duration.ofSeconds(1), Duration.ofSeconds(1));
        }
    }

    @Test
    void tooBigMessagesAreNotSent() throws Exception {
        SpamScanner scanner = new SpamScanner(unreachable(), SpamdCommand.SYMBOLS, new ScanSlots(1), Duration.ofSeconds(5), 10);
        ScanResult result = scanner.scan(new byte[11], Optional.empty());
        assertThat(result.status()).isEqualTo(ScanResult.Status.TOO_BIG);
        assertThat(result.detail()).contains("11 bytes").contains("maxSize 10");
    }

    @Test
    void failuresBecomeUncheckedResultsAndReleaseTheSlot() throws Exception {
        ScanSlots slots = new ScanSlots(1);
        SpamScanner scanner = new SpamScanner(unreachable(), SpamdCommand.SYMBOLS, slots, Duration.ofSeconds(5), 1000);
        ScanResult result = scanner.scan(new byte[1], Optional.empty());
        assertThat(result.status()).isEqualTo(ScanResult.Status.UNCHECKED);
        assertThat(result.reason()).isEqualTo("unreachable");
        assertThat(slots.inUse()).isZero();
    }

    @Test
    void whenEverySlotStaysBusyTheScanGivesUpAtItsDeadline() throws Exception {
        ScanSlots slots = new ScanSlots(1);
        assertThat(slots.acquire(Deadline.in(Duration.ofSeconds(1)))).isTrue();
        SpamScanner scanner = new SpamScanner(unreachable(), SpamdCommand.SYMBOLS, slots, Duration.ofMillis(300), 1000);
        long start = System.nanoTime();
        ScanResult result = scanner.scan(new byte[1], Optional.empty());
        assertThat(result.status()).isEqualTo(ScanResult.Status.UNCHECKED);
        assertThat(result.reason()).isEqualTo("busy");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
        slots.release();
    }

    @Test
    void slotsAreSharedByHosts() {
        ScanSlots first = ScanSlots.shared("test-hosts-a:1", 3);
        assertThat(ScanSlots.shared("test-hosts-a:1", 5)).isSameAs(first);
        assertThat(first.permits()).isEqualTo(3);
        assertThat(ScanSlots.shared("test-hosts-b:1", 5)).isNotSameAs(first);
    }
}
