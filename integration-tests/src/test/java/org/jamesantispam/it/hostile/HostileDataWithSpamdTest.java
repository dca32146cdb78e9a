package org.jamesantispam.it.hostile;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.apache.james.JamesServerExtension;
import org.jamesantispam.it.james.AntispamJames;
import org.jamesantispam.it.james.JamesConf;
import org.jamesantispam.it.services.SpamdExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The hostile-data cases ({@link HostileDataCases}) against the full reference pipeline: content
 * checks, banned attachments and the content filter with a real spamd scoring every accepted
 * message. The same replies, the same deliveries, octet for octet below the headers James and the
 * filter add; the server keeps serving the next client and nothing is lost. After each case, every
 * message that passed the pipeline was scored by spamd ({@code Passed CLEAN} with its hits, never
 * {@code UNCHECKED}), except the 1 MB one, over {@code maxSize} (amavis
 * {@code $sa_mail_body_size_limit}, 500 KB): {@code not scanned: size}, as configured.
 *
 * <p>Only change to the reference: the tag2 and kill levels are raised from 3.0 / 5.0 to 20, since
 * the cases' synthetic messages (no Date, no Message-ID, NUL octets) score 3.2 to 3.8 and would
 * otherwise be delivered with their Subject rewritten to {@code ***Posible SPAM*** ...}, which the
 * octet-for-octet comparisons do not expect (the policy at the reference levels is tested by
 * ContentFilterTest).
 */
class HostileDataWithSpamdTest extends HostileDataCases {
    @RegisterExtension
    @Order(1)
    static SpamdExtension spamd = new SpamdExtension();

    @RegisterExtension
    @Order(2)
    static JamesServerExtension james = AntispamJames.extension(JamesConf.reference()
        .spamd(spamd::port)
        .replace("mailetcontainer.xml", "<tag2Level>3.0</tag2Level>", "<tag2Level>20</tag2Level>")
        .replace("mailetcontainer.xml", "<killLevel>5.0</killLevel>", "<killLevel>20</killLevel>"));

    @AfterEach
    void everyMessageThatPassedWasScoredBySpamd() {
        List<String> summaries = log.messages("org.jamesantispam.summary");
        assertThat(summaries).as("summary lines (at least the next client's message)").isNotEmpty()
            .allMatch(line -> line.matches("Passed CLEAN \\{RelayedInbound\\}, .*, Hits: (-?\\d+\\.\\d, tests=\\[|-, not scanned: size ).*"));
    }
}
