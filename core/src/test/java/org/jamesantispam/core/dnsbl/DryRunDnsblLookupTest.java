package org.jamesantispam.core.dnsbl;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;

import org.jamesantispam.core.restrictions.Decision;
import org.jamesantispam.core.restrictions.SmtpRequest;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Section;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.Type;

import com.google.common.base.Ticker;

/**
 * A dry-run request ({@link SmtpRequest#asDryRun()}) gets the same DNSBL decision as a real one,
 * through the same cache, but moves none of the client's statistics.
 */
class DryRunDnsblLookupTest {
    private final AtomicInteger queries = new AtomicInteger();

    /** bl.example.test lists 127.0.0.2 ("Listed"), nothing else. */
    private final DnsblResolver resolver = new DnsblResolver() {
        @Override
        public CompletionStage<Message> send(Message query) {
            queries.incrementAndGet();
            Message response = new Message(query.getHeader().getID());
            response.getHeader().setFlag(Flags.QR);
            response.addRecord(query.getQuestion(), Section.QUESTION);
            Name name = query.getQuestion().getName();
            try {
                if (name.toString().equals("2.0.0.127.bl.example.test.")) {
                    if (query.getQuestion().getType() == Type.A) {
                        response.addRecord(new ARecord(name, DClass.IN, 60, InetAddress.getByName("127.0.0.2")), Section.ANSWER);
                    } else {
                        response.addRecord(new TXTRecord(name, DClass.IN, 60, "Listed"), Section.ANSWER);
                    }
                } else {
                    response.getHeader().setRcode(Rcode.NXDOMAIN);
                }
            } catch (Exception e) {
                return CompletableFuture.failedFuture(e);
            }
            return CompletableFuture.completedFuture(response);
        }

        @Override
        public String description() {
            return "fake";
        }
    };

    private final DnsblClient client = new DnsblClient(resolver, DnsblClientSettings.parse(Map.of()), Ticker.systemTicker());
    private final RejectRblClient restriction = new RejectRblClient(client, List.of(DnsblZone.parse("bl.example.test")));

    private static SmtpRequest request(String ip) throws Exception {
        return SmtpRequest.connect(InetAddress.getByName(ip), false).withHelo("mail.example.org").withSender("bob@example.org")
            .withRecipient("alice@example.test");
    }

    @Test
    void aDryRunGetsTheSameRefusalWithoutCounting() throws Exception {
        Decision dry = restriction.evaluate(request("127.0.0.2").asDryRun());

        assertThat(dry.action()).isEqualTo(Decision.Action.REJECT);
        assertThat(dry.reply().orElseThrow().line())
            .isEqualTo("554 5.7.1 Service unavailable; Client host [127.0.0.2] blocked using bl.example.test; Listed");
        assertThat(client.statistics().lookups()).isZero();
        assertThat(client.statistics().listings()).isZero();
        assertThat(client.statistics().queriesSent()).isZero();

        Decision real = restriction.evaluate(request("127.0.0.2"));

        assertThat(real.reply()).isEqualTo(dry.reply());
        assertThat(client.statistics().lookups("bl.example.test")).isEqualTo(1);
        assertThat(client.statistics().listings("bl.example.test")).isEqualTo(1);
        assertThat(queries.get()).as("the real lookup found the dry run's answers cached").isEqualTo(2);
    }

    @Test
    void aDryRunOfAnUnlistedClientCountsNothing() throws Exception {
        assertThat(restriction.evaluate(request("192.0.2.1").asDryRun()).action()).isEqualTo(Decision.Action.DUNNO);
        assertThat(client.statistics().zones()).isEmpty();
        assertThat(restriction.evaluate(request("192.0.2.1")).action()).isEqualTo(Decision.Action.DUNNO);
        assertThat(client.statistics().lookups()).isEqualTo(1);
    }

    @Test
    void theDryRunFlagSurvivesTheRequestBuilders() throws Exception {
        SmtpRequest dry = SmtpRequest.connect(InetAddress.getByName("192.0.2.1"), true).asDryRun().withHelo("h").withSender("s@x.test").withRecipient("r@y.test");
        assertThat(dry.isDryRun()).isTrue();
        assertThat(dry.trusted()).isTrue();
        assertThat(request("192.0.2.1").isDryRun()).isFalse();
    }
}
