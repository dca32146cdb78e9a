package org.jamesantispam.core.spam;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.OptionalDouble;
import java.util.stream.Collectors;

import org.jamesantispam.core.spamd.RuleHit;
import org.jamesantispam.core.spamd.SpamdException;
import org.jamesantispam.core.spamd.SpamdReply;

/**
 * The outcome of asking spamd about a message (for one spamd user): a score with the rules that
 * hit, or why there is none.
 *
 * @param status what happened
 * @param score SpamAssassin's score, when scanned
 * @param threshold spamd's own {@code required_score}, when scanned
 * @param rules the rules that hit, when scanned
 * @param scanner the spamd that answered ({@code host:port}), or {@code ""}
 * @param reason a keyword: {@code timeout}, {@code unreachable}, {@code bad-reply}, {@code busy}
 *     (unchecked), {@code size} (too big), {@code listed} (not scanned); {@code ""} when scanned
 * @param detail a human-readable explanation for the log, {@code ""} when scanned
 * @param elapsedMillis time spent, waiting for a scan slot included
 */
public record ScanResult(Status status, OptionalDouble score, OptionalDouble threshold, List<RuleHit> rules,
                         String scanner, String reason, String detail, long elapsedMillis) {

    public enum Status {
        /** spamd gave a verdict. */
        SCANNED,
        /** No verdict: spamd failed or did not answer in time (amavis "UNCHECKED"). */
        UNCHECKED,
        /** Larger than {@code maxSize}: not sent (amavis {@code sa_mail_body_size_limit}). */
        TOO_BIG,
        /** Not sent because every recipient's outcome was decided by the sender lists. */
        NOT_SCANNED
    }

    public ScanResult {
        Objects.requireNonNull(status);
        rules = List.copyOf(rules);
    }

    public static ScanResult scanned(SpamdReply reply, long elapsedMillis) {
        return new ScanResult(Status.SCANNED, OptionalDouble.of(reply.score()), OptionalDouble.of(reply.threshold()),
            reply.rules(), reply.endpoint().toString(), "", "", elapsedMillis);
    }

    public static ScanResult unchecked(SpamdException failure, long elapsedMillis) {
        return new ScanResult(Status.UNCHECKED, OptionalDouble.empty(), OptionalDouble.empty(), List.of(), "",
            failure.failure().keyword(), failure.getMessage(), elapsedMillis);
    }

    public static ScanResult tooBig(long size, long limit) {
        return new ScanResult(Status.TOO_BIG, OptionalDouble.empty(), OptionalDouble.empty(), List.of(), "",
            "size", "message of " + size + " bytes is larger than maxSize " + limit, 0);
    }

    public static ScanResult notScanned() {
        return new ScanResult(Status.NOT_SCANNED, OptionalDouble.empty(), OptionalDouble.empty(), List.of(), "",
            "listed", "every recipient's outcome is decided by the sender lists", 0);
    }

    /** {@code GTUBE, NO_RELAYS} or {@code GTUBE=1000, NO_RELAYS=-0.0}. */
    public String testsText() {
        return rules.stream().map(RuleHit::toString).collect(Collectors.joining(", "));
    }

    /** The stored text form (see {@link #decode}). */
    public String encode() {
        return fields(KeyValues.create()).encode();
    }

    KeyValues fields(KeyValues values) {
        return values.put("status", status.name())
            .put("score", score)
            .put("threshold", threshold)
            .put("rules", rules.stream()
                .map(rule -> rule.score().isPresent() ? rule.name() + "=" + rule.score().getAsDouble() : rule.name())
                .collect(Collectors.joining(",")))
            .put("scanner", scanner)
            .put("reason", reason)
            .put("detail", detail)
            .put("ms", Long.toString(elapsedMillis));
    }

    /** @throws IllegalArgumentException when {@code text} is not an encoded scan result */
    public static ScanResult decode(String text) {
        return from(KeyValues.decode(text));
    }

    static ScanResult from(KeyValues values) {
        List<RuleHit> rules = new ArrayList<>();
        for (String rule : values.get("rules").orElse("").split(",")) {
            if (rule.isEmpty()) {
                continue;
            }
            int eq = rule.indexOf('=');
            rules.add(eq < 0 ? RuleHit.named(rule) : RuleHit.scored(rule.substring(0, eq), Double.parseDouble(rule.substring(eq + 1))));
        }
        return new ScanResult(Status.valueOf(values.require("status")), values.decimal("score"), values.decimal("threshold"),
            rules, values.get("scanner").orElse(""), values.get("reason").orElse(""), values.get("detail").orElse(""),
            Long.parseLong(values.get("ms").orElse("0")));
    }
}
