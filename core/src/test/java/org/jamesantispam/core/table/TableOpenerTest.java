package org.jamesantispam.core.table;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;

import org.jamesantispam.core.testing.TableFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TableOpenerTest {
    @TempDir
    Path dir;

    @Test
    void opensEachTypeByItsPostfixPrefix() {
        Path exact = TableFiles.write(dir.resolve("access"), "192.0.2.1 REJECT exact");
        Path cidr = TableFiles.write(dir.resolve("access.cidr"), "192.0.2.0/24 REJECT cidr");
        Path regexp = TableFiles.write(dir.resolve("access.re"), "/^192\\./ REJECT regexp");
        TableOpener opener = new TableOpener(TableLocator.plainPaths(), Duration.ZERO);
        for (String prefix : new String[] {"hash", "texthash", "btree", "lmdb", "HASH"}) {
            assertThat(opener.open(prefix + ":" + exact, ResultCheck.none()).find("192.0.2.1")).map(TableEntry::result).contains("REJECT exact");
        }
        ReloadingTable cidrTable = opener.open("cidr:" + cidr, ResultCheck.none());
        assertThat(cidrTable.find("192.0.2.1")).map(TableEntry::result).contains("REJECT cidr");
        assertThat(cidrTable.matchesPartialKeys()).isFalse();
        assertThat(opener.open("regexp:" + regexp, ResultCheck.none()).find("192.0.2.1")).map(TableEntry::result).contains("REJECT regexp");
        assertThat(opener.open("hash:" + exact, ResultCheck.none()).spec().text()).isEqualTo("hash:" + exact);
    }

    @Test
    void fileUrlsGoToTheGivenResolver() {
        Path conf = dir.resolve("conf");
        TableFiles.write(dir.resolve("access"), "a OK");
        TableLocator james = TableLocator.withFileUrls(url -> dir.resolve(url.substring("file://conf/".length())));
        TableOpener opener = new TableOpener(james, Duration.ZERO);
        assertThat(opener.open("hash:file://conf/access", ResultCheck.none()).file()).isEqualTo(dir.resolve("access"));
        assertThat(conf).doesNotExist();
    }

    @Test
    void refusesBadSpecifications() {
        TableOpener opener = TableOpener.plainPaths();
        assertThatThrownBy(() -> opener.open("/etc/access", ResultCheck.none()))
            .hasMessageContaining("table '/etc/access' is not 'type:location'");
        assertThatThrownBy(() -> opener.open("pcre:/etc/access", ResultCheck.none()))
            .hasMessage("table 'pcre:/etc/access': unsupported type 'pcre:'; expected one of cidr:, regexp:, hash:, texthash:, btree:, lmdb:");
        assertThatThrownBy(() -> opener.open("hash:", ResultCheck.none()))
            .hasMessageContaining("is not 'type:location'");
        assertThatThrownBy(() -> opener.open("hash:file://conf/access", ResultCheck.none()))
            .hasMessageContaining("table hash:file://conf/access: cannot resolve 'file://conf/access'")
            .hasMessageContaining("give a file path");
    }
}
