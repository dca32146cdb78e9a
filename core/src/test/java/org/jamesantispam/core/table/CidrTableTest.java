package org.jamesantispam.core.table;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Path;

import org.jamesantispam.core.testing.TableFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CidrTableTest {
    @TempDir
    Path dir;

    private CidrTable table(String... lines) throws IOException {
        return CidrTable.load(TableFiles.write(dir.resolve("clients.cidr"), lines), ResultCheck.none());
    }

    private void assertRefused(String expectedMessage, String... lines) {
        Path file = TableFiles.write(dir.resolve("broken.cidr"), lines);
        assertThatThrownBy(() -> CidrTable.load(file, ResultCheck.none()))
            .isInstanceOf(TableSyntaxException.class)
            .hasMessage(file + ":" + expectedMessage);
    }

    @Test
    void firstContainingNetworkWinsInFileOrder() throws IOException {
        CidrTable table = table(
            "# clients",
            "192.0.2.7        OK",
            "192.0.2.0/24     REJECT net",
            "192.0.0.0/16     DEFER wider",
            "0.0.0.0/0        DUNNO");
        assertThat(table.find("192.0.2.7")).contains(new TableEntry("OK", 2));
        assertThat(table.find("192.0.2.8")).contains(new TableEntry("REJECT net", 3));
        assertThat(table.find("192.0.3.1")).contains(new TableEntry("DEFER wider", 4));
        assertThat(table.find("198.51.100.1")).contains(new TableEntry("DUNNO", 5));
    }

    @Test
    void matchesIpv6NetworksAndBracketedAddresses() throws IOException {
        CidrTable table = table(
            "[2001:db8::1]     OK",
            "2001:db8::/32     REJECT v6",
            "192.0.2.0/25      REJECT v4");
        assertThat(table.find("2001:db8::1")).contains(new TableEntry("OK", 1));
        assertThat(table.find("2001:db8:ffff::2")).contains(new TableEntry("REJECT v6", 2));
        assertThat(table.find("2001:db9::1")).isEmpty();
        assertThat(table.find("192.0.2.127")).contains(new TableEntry("REJECT v4", 3));
        assertThat(table.find("192.0.2.128")).isEmpty();
    }

    @Test
    void familiesDoNotMixAndNamesNeverMatch() throws IOException {
        CidrTable table = table("0.0.0.0/0 REJECT all v4");
        assertThat(table.find("2001:db8::1")).isEmpty();
        assertThat(table.find("mail.example.org")).isEmpty();
        assertThat(table.find("unknown")).isEmpty();
    }

    @Test
    void oddPrefixLengthsCompareOnlyTheNetworkBits() throws IOException {
        CidrTable table = table("10.0.0.0/9 in");
        assertThat(table.find("10.127.255.255")).isPresent();
        assertThat(table.find("10.128.0.0")).isEmpty();
    }

    @Test
    void refusesHostBitsNamingTheIntendedNetwork() {
        assertRefused("1: non-null host address bits in '192.0.2.1/24'; perhaps you mean '192.0.2.0/24'", "192.0.2.1/24 REJECT");
        assertRefused("1: non-null host address bits in '2001:db8::1/32'; perhaps you mean '2001:db8::/32'", "2001:db8::1/32 REJECT");
    }

    @Test
    void refusesMalformedLines() {
        assertRefused("2: '192.0.2' is not an IPv4 or IPv6 address or network (expected e.g. 192.0.2.0/24, 192.0.2.1, 2001:db8::/32)",
            "192.0.2.1 OK", "192.0.2 REJECT");
        assertRefused("1: prefix length /33 in '192.0.2.0/33' is larger than 32", "192.0.2.0/33 REJECT");
        assertRefused("1: '192.0.2.0/x' has a bad prefix length '/x'", "192.0.2.0/x REJECT");
        assertRefused("1: expected 'network result', found only '192.0.2.1'", "192.0.2.1");
        assertRefused("1: 'mail.example.org' is not an IPv4 or IPv6 address or network (expected e.g. 192.0.2.0/24, 192.0.2.1, 2001:db8::/32)",
            "mail.example.org REJECT");
    }
}
