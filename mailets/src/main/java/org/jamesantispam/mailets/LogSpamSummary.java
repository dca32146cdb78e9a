package org.jamesantispam.mailets;

import java.util.List;

import javax.inject.Inject;
import javax.mail.MessagingException;

import org.apache.mailet.Mail;
import org.apache.mailet.base.GenericMailet;
import org.jamesantispam.core.spam.Category;
import org.jamesantispam.core.spam.RecipientVerdict;
import org.jamesantispam.core.spam.SummaryLine;
import org.jamesantispam.core.stats.AntispamStatistics;
import org.jamesantispam.core.stats.Verdict;

/**
 * Writes amavis' one-line summary (logger {@code org.jamesantispam.summary}, INFO) for mail the
 * content filter lets through, e.g.
 * <pre>
 * Passed CLEAN {RelayedInbound}, [203.0.113.7] &lt;bob@example.org&gt; -&gt; &lt;alice@example.test&gt;, Message-ID: &lt;...&gt;,
 *   mail_id: Mail1700000000000-42, Hits: -0.1, tests=[NO_RELAYS], size: 812, 131 ms
 * Passed SPAMMY {RelayedTaggedInbound}, ...
 * Passed SPAM {RelayedTaggedInbound}, ...      (spam lovers)
 * Passed UNCHECKED {RelayedInbound}, ..., Hits: -, unchecked: timeout (...), ...
 * </pre>
 * The category is the worst among the mail's recipients. Blocked spam is logged by
 * {@code ApplySpamDestiny}, so in the reference chain every message gets exactly one line per
 * outcome (a message split between a spam lover and other recipients gets one line for each part).
 * Mail the filter has not judged is not logged.
 *
 * <p>No parameters.
 *
 * <pre>{@code
 * <mailet match="All" class="org.jamesantispam.mailets.LogSpamSummary"/>
 * }</pre>
 */
public class LogSpamSummary extends GenericMailet {
    private final AntispamStatistics statistics;

    public LogSpamSummary() {
        this(AntispamStatistics.detached());
    }

    /** @param statistics counts each recipient's verdict (clean, tagged, unchecked, spam passed) */
    @Inject
    public LogSpamSummary(AntispamStatistics statistics) {
        this.statistics = statistics;
    }

    @Override
    public void init() throws MessagingException {
        MailetParameters.of(this);
    }

    @Override
    public void service(Mail mail) {
        List<RecipientVerdict> verdicts = MailFacts.verdicts(mail);
        if (verdicts.isEmpty()) {
            return;
        }
        Category worst = MailFacts.worst(verdicts);
        boolean tagged = verdicts.stream().anyMatch(RecipientVerdict::isSpammy);
        SummaryLine line = SummaryLine.passed(worst).action((tagged ? "RelayedTagged" : "Relayed") + MailFacts.direction(verdicts));
        ApplySpamDestiny.SUMMARY.info("{}", MailFacts.describe(line, mail, verdicts));
        verdicts.forEach(verdict -> statistics.countVerdict(Verdict.delivered(verdict.category()), 1));
    }

    @Override
    public String getMailetInfo() {
        return "Logs the content filter's one-line summary";
    }
}
