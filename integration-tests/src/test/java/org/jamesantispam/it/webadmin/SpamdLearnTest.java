package org.jamesantispam.it.webadmin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import org.jamesantispam.core.spamd.Deadline;
import org.jamesantispam.core.spamd.MessageClass;
import org.jamesantispam.core.spamd.RuleHit;
import org.jamesantispam.core.spamd.SpamdClient;
import org.jamesantispam.core.spamd.SpamdCommand;
import org.jamesantispam.core.spamd.SpamdEndpoint;
import org.jamesantispam.core.spamd.SpamdException;
import org.jamesantispam.core.spamd.SpamdReply;
import org.jamesantispam.it.services.SpamdExtension;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@link SpamdClient#learn} (SPAMC TELL) against real spamd 4: one started with
 * {@code --allow-tell} and Bayes storage used for learning only ({@link SpamdExtension.Builder#learning()}),
 * one started without {@code --allow-tell}.
 */
class SpamdLearnTest {
    @RegisterExtension
    @Order(1)
    static SpamdExtension learning = SpamdExtension.builder().learning().build();

    @RegisterExtension
    @Order(2)
    static SpamdExtension plain = new SpamdExtension();

    private static SpamdClient client(SpamdExtension spamd) {
        return new SpamdClient(List.of(new SpamdEndpoint(spamd.host(), spamd.port())), Duration.ofSeconds(5), Duration.ofSeconds(60));
    }

    private static byte[] message(String id, String body) {
        return ("From: Carol <carol@example.org>\r\nTo: alice@example.test\r\nSubject: meeting notes " + id
            + "\r\nMessage-ID: <" + id + "@example.org>\r\nDate: Mon, 30 Nov 2026 08:00:00 +0000\r\n\r\n" + body + "\r\n")
            .getBytes(StandardCharsets.US_ASCII);
    }

    private static Deadline deadline() {
        return Deadline.in(Duration.ofSeconds(60));
    }

    @Test
    void learnsHamOnceThenSaysItAlreadyKnowsIt() throws Exception {
        byte[] ham = message("ham-1", "Here are the notes of Tuesday's meeting about the quarterly budget review.");
        assertThat(client(learning).learn(MessageClass.HAM, ham, Optional.empty(), deadline())).isTrue();
        assertThat(client(learning).learn(MessageClass.HAM, ham, Optional.empty(), deadline())).as("already learned").isFalse();
        assertThat(Files.size(learning.bayesDirectory().resolve("bayes_seen"))).isPositive();
        assertThat(Files.readString(learning.logFile())).contains("spamd: Tell: Setting local").contains("spamd: Tell: Did nothing");
    }

    @Test
    void learnsSpam() throws Exception {
        byte[] spam = message("spam-1", "Cheap pills, best prices, click here now to order your discount medication.");
        assertThat(client(learning).learn(MessageClass.SPAM, spam, Optional.empty(), deadline())).isTrue();
    }

    @Test
    void whatItLearnsDoesNotChangeScores() throws Exception {
        byte[] probe = message("probe", "Cheap pills, best prices, click here now to order your discount medication today.");
        SpamdReply before = client(learning).check(SpamdCommand.SYMBOLS, probe, Optional.empty(), deadline());
        for (int i = 0; i < 5; i++) {
            client(learning).learn(MessageClass.SPAM, message("taught-" + i, "Cheap pills, best prices, click here now " + i), Optional.empty(), deadline());
        }
        SpamdReply after = client(learning).check(SpamdCommand.SYMBOLS, probe, Optional.empty(), deadline());
        assertThat(after.score()).isEqualTo(before.score());
        assertThat(after.rules()).extracting(RuleHit::name).noneMatch(name -> name.startsWith("BAYES_"));
    }

    @Test
    void aSpamdWithoutAllowTellRefuses() {
        assertThatThrownBy(() -> client(plain).learn(MessageClass.HAM, message("ham-2", "hello"), Optional.empty(), deadline()))
            .isInstanceOf(SpamdException.class)
            .hasMessageContaining("--allow-tell");
    }
}
