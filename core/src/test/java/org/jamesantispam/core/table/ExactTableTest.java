package org.jamesantispam.core.table;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Path;

import org.jamesantispam.core.testing.TableFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExactTableTest {
    @TempDir
    Path dir;

    @Test
    void looksUpKeysCaseInsensitivelyWithTheWholeRestAsResult() throws IOException {
        ExactTable table = ExactTable.load(TableFiles.write(dir.resolve("access"),
            "# senders",
            "Bob@Spam.Test   REJECT   go away",
            "spam.test       REJECT",
            "  no mail from you",
            "<>              550 5.7.1 no bounces"), ResultCheck.none());
        assertThat(table.find("bob@spam.test")).contains(new TableEntry("REJECT   go away", 2));
        assertThat(table.find("SPAM.TEST")).contains(new TableEntry("REJECT  no mail from you", 3));
        assertThat(table.find("<>")).contains(new TableEntry("550 5.7.1 no bounces", 5));
        assertThat(table.find("other.test")).isEmpty();
        assertThat(table.size()).isEqualTo(3);
        assertThat(table.matchesPartialKeys()).isTrue();
    }

    @Test
    void refusesDuplicateKeysAndKeysWithoutResult() {
        Path duplicate = TableFiles.write(dir.resolve("dup"), "a OK", "b OK", "A REJECT");
        assertThatThrownBy(() -> ExactTable.load(duplicate, ResultCheck.none()))
            .isInstanceOf(TableSyntaxException.class)
            .hasMessage(duplicate + ":3: duplicate key 'A' (first given at line 1)");
        Path lonely = TableFiles.write(dir.resolve("lonely"), "a OK", "bob@spam.test");
        assertThatThrownBy(() -> ExactTable.load(lonely, ResultCheck.none()))
            .isInstanceOf(TableSyntaxException.class)
            .hasMessage(lonely + ":2: expected 'key result', found only 'bob@spam.test'");
    }
}
