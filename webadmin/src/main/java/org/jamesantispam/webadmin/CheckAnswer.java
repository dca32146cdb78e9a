package org.jamesantispam.webadmin;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import org.jamesantispam.core.dryrun.DryRunReport;
import org.jamesantispam.core.dryrun.FiredCheck;
import org.jamesantispam.core.dryrun.RecipientOutcome;
import org.jamesantispam.core.spam.Category;
import org.jamesantispam.core.spam.RecipientVerdict;
import org.jamesantispam.core.spam.ScanResult;

/**
 * The JSON answer of {@code POST /antispam/check}, as ordered maps (fields without a value are
 * left out):
 * <pre>
 * {"request": {...}, "recipients": [{"recipient", "action", "stage", "component", "check", "reply",
 *  "detail", "verdict", "score", "quarantine"}], "checks": [{"stage", "component", "list", "check",
 *  "recipient", "result", "reply", "detail"}], "spam": {"status", "score", "threshold", "rules",
 *  "scanner", "reason", "detail", "elapsedMillis"}, "components": [...]}
 * </pre>
 * {@code verdict}: {@code CLEAN}, {@code TAGGED} (at or above tag2: amavis SPAMMY), {@code SPAM},
 * {@code UNCHECKED}; absent when the message did not reach the scorer for that recipient.
 */
final class CheckAnswer {
    private CheckAnswer() {
    }

    static Map<String, Object> of(CheckRequest request, int size, DryRunReport report) {
        Map<String, Object> answer = new LinkedHashMap<>();
        Map<String, Object> asked = new LinkedHashMap<>();
        asked.put("ip", request.client().getHostAddress());
        request.helo().ifPresent(helo -> asked.put("helo", helo));
        asked.put("sender", request.sender());
        asked.put("recipients", request.recipients());
        asked.put("size", size);
        answer.put("request", asked);
        answer.put("recipients", report.recipients().stream().map(CheckAnswer::recipient).toList());
        answer.put("checks", report.checks().stream().map(CheckAnswer::check).toList());
        answer.put("spam", report.scan().map(CheckAnswer::scan).orElseGet(() -> Map.of("status", "NOT_SCANNED")));
        answer.put("components", report.components());
        return answer;
    }

    private static Map<String, Object> recipient(DryRunReport.Recipient recipient) {
        RecipientOutcome outcome = recipient.outcome();
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("recipient", outcome.recipient());
        json.put("action", outcome.action().name());
        put(json, "stage", outcome.stage());
        put(json, "component", outcome.component());
        put(json, "check", outcome.check());
        put(json, "reply", outcome.reply());
        put(json, "detail", outcome.detail());
        recipient.verdict().ifPresent(verdict -> {
            json.put("verdict", verdict(verdict));
            if (verdict.score().isPresent()) {
                json.put("score", verdict.score().getAsDouble());
            }
            if (verdict.listing() != org.jamesantispam.core.spam.Listing.NONE) {
                json.put("listing", verdict.listing().name());
            }
            if (verdict.spamLover()) {
                json.put("spamLover", true);
            }
        });
        recipient.quarantine().ifPresent(where -> {
            json.put("quarantined", true);
            json.put("quarantine", where);
        });
        return json;
    }

    static String verdict(RecipientVerdict verdict) {
        return verdict.category() == Category.SPAMMY ? "TAGGED" : verdict.category().name();
    }

    private static Map<String, Object> check(FiredCheck check) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("stage", check.stage());
        json.put("component", check.component());
        put(json, "list", check.list());
        json.put("check", check.check());
        put(json, "recipient", check.recipient());
        json.put("result", check.result());
        put(json, "reply", check.reply());
        put(json, "detail", check.detail());
        return json;
    }

    private static Map<String, Object> scan(ScanResult scan) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("status", scan.status().name());
        if (scan.score().isPresent()) {
            json.put("score", scan.score().getAsDouble());
        }
        if (scan.threshold().isPresent()) {
            json.put("threshold", scan.threshold().getAsDouble());
        }
        if (scan.status() == ScanResult.Status.SCANNED) {
            json.put("rules", scan.rules().stream().map(rule -> {
                Map<String, Object> hit = new LinkedHashMap<>();
                hit.put("name", rule.name());
                if (rule.score().isPresent()) {
                    hit.put("score", rule.score().getAsDouble());
                }
                return hit;
            }).toList());
        }
        put(json, "scanner", Optional.of(scan.scanner()).filter(s -> !s.isEmpty()).orElse(null));
        put(json, "reason", Optional.of(scan.reason()).filter(s -> !s.isEmpty()).orElse(null));
        put(json, "detail", Optional.of(scan.detail()).filter(s -> !s.isEmpty()).orElse(null));
        json.put("elapsedMillis", scan.elapsedMillis());
        return json;
    }

    private static void put(Map<String, Object> json, String key, Object value) {
        if (value != null) {
            json.put(key, value);
        }
    }
}
