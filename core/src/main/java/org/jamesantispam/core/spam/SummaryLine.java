package org.jamesantispam.core.spam;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.stream.Collectors;

import org.jamesantispam.core.spamd.ScoreFormat;

/**
 * amavis' one-line-per-message log ({@code $log_level} 0), e.g.
 * <pre>
 * Blocked SPAM {Discarded,Quarantined}, [203.0.113.7] &lt;bob@example.org&gt; -&gt; &lt;alice@example.test&gt;, quarantine: spam-3fK9q2LmXw0a,
 *   Message-ID: &lt;GTUBE1.1010101@example.net&gt;, mail_id: Mail1700000000000-42, Hits: 1000.0, tests=[GTUBE, NO_RELAYS], size: 1171, 124 ms
 * Passed UNCHECKED {Delivered}, [203.0.113.7] &lt;bob@example.org&gt; -&gt; &lt;alice@example.test&gt;, Message-ID: &lt;...&gt;, mail_id: ...,
 *   Hits: -, unchecked: timeout (spamd 127.0.0.1:783 did not answer in time), size: 812, 10004 ms
 * </pre>
 * (on one line). Built with a fluent builder; {@link #toString()} is the line.
 */
public final class SummaryLine {
    private final String outcome;
    private final Category category;
    private final List<String> actions = new ArrayList<>();
    private String clientIp = "";
    private String sender = "";
    private List<String> recipients = List.of();
    private Optional<String> quarantineId = Optional.empty();
    private String messageId = "";
    private String mailName = "";
    private OptionalDouble score = OptionalDouble.empty();
    private String tests = "";
    private String problem = "";
    private long size = -1;
    private long elapsedMillis = -1;

    private SummaryLine(String outcome, Category category) {
        this.outcome = outcome;
        this.category = category;
    }

    /** {@code Passed CATEGORY}: the mail goes on to delivery. */
    public static SummaryLine passed(Category category) {
        return new SummaryLine("Passed", category);
    }

    /** {@code Blocked CATEGORY}: the mail is not delivered (discarded, bounced, rejected). */
    public static SummaryLine blocked(Category category) {
        return new SummaryLine("Blocked", category);
    }

    /** Adds an action shown in braces: {@code Discarded}, {@code Quarantined}, ... */
    public SummaryLine action(String action) {
        actions.add(action);
        return this;
    }

    public SummaryLine client(String ip) {
        this.clientIp = ip == null ? "" : ip;
        return this;
    }

    /** @param sender the envelope sender, {@code ""} for the null sender */
    public SummaryLine envelope(String sender, Collection<String> recipients) {
        this.sender = sender;
        this.recipients = List.copyOf(recipients);
        return this;
    }

    public SummaryLine quarantine(Optional<String> quarantineId) {
        this.quarantineId = quarantineId;
        return this;
    }

    public SummaryLine message(String messageId, String mailName, long size) {
        this.messageId = messageId == null ? "" : messageId;
        this.mailName = mailName == null ? "" : mailName;
        this.size = size;
        return this;
    }

    /** Score, tests and, when there is no score, why. */
    public SummaryLine scan(ScanResult scan) {
        this.score = scan.score();
        this.tests = scan.testsText();
        if (scan.status() != ScanResult.Status.SCANNED) {
            this.problem = (scan.status() == ScanResult.Status.UNCHECKED ? "unchecked: " : "not scanned: ")
                + scan.reason() + (scan.detail().isEmpty() ? "" : " (" + scan.detail() + ")");
        }
        return this;
    }

    public SummaryLine elapsed(long millis) {
        this.elapsedMillis = millis;
        return this;
    }

    @Override
    public String toString() {
        StringBuilder line = new StringBuilder(outcome).append(' ').append(category.name());
        if (!actions.isEmpty()) {
            line.append(" {").append(String.join(",", actions)).append('}');
        }
        line.append(", [").append(clientIp).append("] <").append(sender).append("> -> ")
            .append(recipients.stream().map(r -> "<" + r + ">").collect(Collectors.joining(",")));
        quarantineId.ifPresent(id -> line.append(", quarantine: ").append(id));
        line.append(", Message-ID: ").append(messageId.isEmpty() ? "-" : messageId);
        line.append(", mail_id: ").append(mailName);
        line.append(", Hits: ").append(score.isPresent() ? ScoreFormat.format(score.getAsDouble()) : "-");
        if (!tests.isEmpty()) {
            line.append(", tests=[").append(tests).append(']');
        }
        if (!problem.isEmpty()) {
            line.append(", ").append(problem);
        }
        if (size >= 0) {
            line.append(", size: ").append(size);
        }
        if (elapsedMillis >= 0) {
            line.append(", ").append(elapsedMillis).append(" ms");
        }
        return line.toString();
    }
}
