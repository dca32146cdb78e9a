package org.jamesantispam.it.hostile;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.james.JamesServerExtension;
import org.jamesantispam.it.james.AntispamJames;
import org.jamesantispam.it.james.JamesConf;
import org.jamesantispam.it.services.SpamdExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The recipient-limit case ({@link RecipientLimitCases}) against the full reference pipeline with a
 * real spamd: 1,000 recipients in one transaction, one spamd scan, a verdict per recipient, and each
 * of the ten mailboxes still gets the message exactly once. The message scores below the reference
 * tag2 level, so it is delivered untouched below the headers James and the filter add.
 */
class RecipientLimitWithSpamdTest extends RecipientLimitCases {
    @RegisterExtension
    @Order(1)
    static SpamdExtension spamd = new SpamdExtension();

    @RegisterExtension
    @Order(2)
    static JamesServerExtension james = AntispamJames.extension(JamesConf.reference()
        .spamd(spamd::port));

    @AfterEach
    void theThousandRecipientMessageWasScoredOnce() {
        assertThat(log.messages("org.jamesantispam.summary"))
            .filteredOn(line -> line.contains("Message-ID: <to-a-thousand@example.org>"))
            .as("one summary line, scored")
            .singleElement().asString().matches("Passed CLEAN \\{RelayedInbound\\}, .*, Hits: -?\\d+\\.\\d, tests=\\[.*");
    }
}
