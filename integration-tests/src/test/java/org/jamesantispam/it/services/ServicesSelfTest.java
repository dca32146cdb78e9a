package org.jamesantispam.it.services;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.Type;

/**
 * Proves that the service extensions start real, correctly configured services: spamd scores
 * GTUBE, ham and the borderline test header as expected and survives stop/start; rbldnsd lists,
 * does not list and reloads; the silent UDP server makes DNS queries time out.
 */
class ServicesSelfTest {

    private static final Path SPAMC = Path.of("/usr/bin/spamc");

    // ---------------------------------------------------------------- Spamd

    @RegisterExtension
    static SpamdExtension spamd = SpamdExtension.builder()
        .maxChildren(2)
        .extraConfig("header SELFTEST_GTUBE_SAMPLE Message-ID =~ /GTUBE1\\.1010101/\nscore SELFTEST_GTUBE_SAMPLE 0.5")
        .build();

    @Test
    void spamdAnswersPong() {
        assertThat(spamd.isRunning()).isTrue();
        assertThat(spamd.ping()).isTrue();
    }

    @Test
    void gtubeScoresAtLeast1000() throws Exception {
        // GTUBE's 1000 plus the extra configuration's 0.5
        assertThat(score("gtube.eml")).isGreaterThanOrEqualTo(1000.0).isEqualTo(1000.5);
    }

    @Test
    void hamScoresBelow3() throws Exception {
        assertThat(score("ham.eml")).isLessThan(3.0);
    }

    @Test
    void borderlineHeaderScoresBetween3And5() throws Exception {
        assertThat(score("borderline.eml")).isBetween(3.0, 5.0);
    }

    @Test
    void spamdRestartsOnTheSamePortAfterAnOutage() throws Exception {
        int port = spamd.port();

        spamd.stop();
        assertThat(spamd.isRunning()).isFalse();
        assertThat(spamd.ping()).isFalse();

        spamd.start();
        assertThat(spamd.port()).isEqualTo(port);
        assertThat(spamd.ping()).isTrue();
        assertThat(score("borderline.eml")).isBetween(3.0, 5.0);
    }

    /** Runs the real spamc -c, which prints "score/threshold". */
    private double score(String sample) throws Exception {
        ServiceSupport.requireExecutable(SPAMC, "spamc");
        Process spamc = new ProcessBuilder(SPAMC.toString(), "-d", spamd.host(), "-p", Integer.toString(spamd.port()),
            "-c", "-x", "-t", "30")
            .redirectErrorStream(true)
            .start();
        try (InputStream message = ServicesSelfTest.class.getResourceAsStream("/spamassassin/samples/" + sample)) {
            spamc.getOutputStream().write(message.readAllBytes());
        }
        spamc.getOutputStream().close();
        String output = new String(spamc.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim();
        assertThat(spamc.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(output).as("spamc -c output (exit %d)", spamc.exitValue()).matches("-?[0-9.]+/[0-9.]+");
        return Double.parseDouble(output.substring(0, output.indexOf('/')));
    }

    // ---------------------------------------------------------------- Rbldnsd

    @RegisterExtension
    static RbldnsdExtension rbldnsd = RbldnsdExtension.builder()
        .ip4set("bl.example.test", ":127.0.0.2:Listed for testing", "127.0.0.2", "192.0.2.0/24")
        .ip4set("reload.example.test", ":127.0.0.4:Before the reload", "127.0.0.2")
        .ip6trie("bl6.example.test", ":127.0.0.3:IPv6 listed", "2001:db8::1")
        .ip6tset("bl6t.example.test", ":127.0.0.4:IPv6 /64 listed", "2001:db8:0:1")
        .build();

    @Test
    void answersTheListedAddressWithItsTxt() throws Exception {
        Message a = rbldnsd.query("2.0.0.127.bl.example.test", Type.A);
        assertThat(a.getRcode()).isEqualTo(Rcode.NOERROR);
        assertThat(addresses(a)).containsExactly("127.0.0.2");

        Message txt = rbldnsd.query("2.0.0.127.bl.example.test", Type.TXT);
        assertThat(texts(txt)).containsExactly("Listed for testing");

        assertThat(addresses(rbldnsd.query("77.2.0.192.bl.example.test", Type.A))).containsExactly("127.0.0.2");
    }

    @Test
    void answersNxdomainForAnAddressNotListed() throws Exception {
        Message a = rbldnsd.query("3.0.0.127.bl.example.test", Type.A);
        assertThat(a.getRcode()).isEqualTo(Rcode.NXDOMAIN);
        assertThat(a.getSection(Section.ANSWER)).isEmpty();
    }

    @Test
    void servesIpv6Zones() throws Exception {
        String name = nibbles(InetAddress.getByName("2001:db8::1").getAddress()) + "bl6.example.test";
        assertThat(addresses(rbldnsd.query(name, Type.A))).containsExactly("127.0.0.3");
        String other = nibbles(InetAddress.getByName("2001:db8::2").getAddress()) + "bl6.example.test";
        assertThat(rbldnsd.query(other, Type.A).getRcode()).isEqualTo(Rcode.NXDOMAIN);

        String inPrefix = nibbles(InetAddress.getByName("2001:db8:0:1::99").getAddress()) + "bl6t.example.test";
        assertThat(addresses(rbldnsd.query(inPrefix, Type.A))).containsExactly("127.0.0.4");
        assertThat(texts(rbldnsd.query(inPrefix, Type.TXT))).containsExactly("IPv6 /64 listed");
        String outOfPrefix = nibbles(InetAddress.getByName("2001:db8:0:2::99").getAddress()) + "bl6t.example.test";
        assertThat(rbldnsd.query(outOfPrefix, Type.A).getRcode()).isEqualTo(Rcode.NXDOMAIN);
    }

    @Test
    void rewritesAZoneAtRuntime() throws Exception {
        rbldnsd.rewriteZone("reload.example.test", ":127.0.0.5:After the reload", "127.0.0.3");
        assertThat(rbldnsd.query("2.0.0.127.reload.example.test", Type.A).getRcode()).isEqualTo(Rcode.NXDOMAIN);
        assertThat(addresses(rbldnsd.query("3.0.0.127.reload.example.test", Type.A))).containsExactly("127.0.0.5");

        // twice within one second: the second rewrite is seen too
        rbldnsd.rewriteZone("reload.example.test", ":127.0.0.6:Again", "127.0.0.3");
        assertThat(texts(rbldnsd.query("3.0.0.127.reload.example.test", Type.TXT))).containsExactly("Again");
    }

    @Test
    void rbldnsdRestartsOnTheSamePortAfterAnOutage() throws Exception {
        int port = rbldnsd.port();

        rbldnsd.stop();
        assertThat(rbldnsd.isRunning()).isFalse();
        assertThatThrownBy(() -> rbldnsd.query("2.0.0.127.bl.example.test", Type.A)).isInstanceOf(IOException.class);

        rbldnsd.start();
        assertThat(rbldnsd.port()).isEqualTo(port);
        assertThat(addresses(rbldnsd.query("2.0.0.127.bl.example.test", Type.A))).containsExactly("127.0.0.2");
    }

    private List<String> addresses(Message answer) {
        return answer.getSection(Section.ANSWER).stream()
            .filter(ARecord.class::isInstance)
            .map(r -> ((ARecord) r).getAddress().getHostAddress())
            .collect(Collectors.toList());
    }

    private List<String> texts(Message answer) {
        return answer.getSection(Section.ANSWER).stream()
            .filter(TXTRecord.class::isInstance)
            .map(r -> String.join("", ((TXTRecord) r).getStrings()))
            .collect(Collectors.toList());
    }

    /** "1.0.0.0. ... .8.b.d.0.1.0.0.2." for 2001:db8::1, as IPv6 DNS blocklists are queried. */
    private String nibbles(byte[] address) {
        StringBuilder name = new StringBuilder();
        for (int i = address.length - 1; i >= 0; i--) {
            name.append(Integer.toHexString(address[i] & 0xf)).append('.')
                .append(Integer.toHexString((address[i] >> 4) & 0xf)).append('.');
        }
        return name.toString();
    }

    // ---------------------------------------------------------------- SilentUdp

    @RegisterExtension
    static SilentUdpServer silent = new SilentUdpServer();

    @Test
    void silentUdpServerMakesDnsQueriesTimeOut() throws Exception {
        SimpleResolver resolver = new SimpleResolver(InetAddress.getByName(silent.host()));
        resolver.setPort(silent.port());
        resolver.setTimeout(Duration.ofSeconds(1));
        Message query = Message.newQuery(
            Record.newRecord(Name.fromString("2.0.0.127.bl.example.test."), Type.A, DClass.IN));

        long start = System.nanoTime();
        assertThatThrownBy(() -> resolver.send(query)).isInstanceOf(IOException.class);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(900));
        assertThat(silent.receivedDatagrams()).isPositive();
    }

    @Test
    void failsLoudlyWhenABinaryIsMissing() {
        assertThatThrownBy(() -> ServiceSupport.requireExecutable(Path.of("/usr/sbin/no-such-spamd"), "spamd"))
            .isInstanceOf(IllegalStateException.class)
            .hasMessage("no-such-spamd not found at /usr/sbin/no-such-spamd: install Debian package spamd (./test.sh does)");
        assertThat(Files.isExecutable(SpamdExtension.SPAMD)).as("spamd installed").isTrue();
    }
}
