package org.jamesantispam.webadmin;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Stream;

import javax.mail.internet.AddressException;

import org.apache.james.core.MailAddress;

/**
 * The filters and paging of {@code GET /antispam/quarantine}: {@code recipient} (one of the mail's
 * remaining recipients), {@code sender} ({@code <>} for the null sender), both compared without
 * case; {@code since} (arrived at or after: {@code 2026-11-30T08:00:00Z}, {@code 2026-11-30T09:00:00+01:00}
 * or a UTC day {@code 2026-11-30}); {@code limit} (1 to {@value #MAX_LIMIT}, default
 * {@value #DEFAULT_LIMIT}) and {@code offset} (default 0). Newest first.
 */
record QuarantineQuery(Optional<MailAddress> recipient, Optional<String> sender, Optional<Instant> since, int limit, int offset) {
    static final int DEFAULT_LIMIT = 100;
    static final int MAX_LIMIT = 1000;
    static final List<String> PARAMETERS = List.of("recipient", "sender", "since", "limit", "offset");

    /** Newest first, then by id. */
    static final Comparator<QuarantinedMail> NEWEST_FIRST = Comparator.comparing(QuarantinedMail::arrival).reversed()
        .thenComparing(QuarantinedMail::id);

    /**
     * @param parameter the query parameter's value, null when absent
     * @throws IllegalArgumentException naming the parameter, the bad value and what is expected
     */
    static QuarantineQuery parse(Function<String, String> parameter) {
        Optional<MailAddress> recipient = present(parameter.apply("recipient")).map(text -> address("recipient", text));
        Optional<String> sender = present(parameter.apply("sender")).map(text -> text.equals("<>") ? "" : address("sender", text).asString());
        Optional<Instant> since = present(parameter.apply("since")).map(QuarantineQuery::instant);
        int limit = present(parameter.apply("limit")).map(text -> number("limit", text, 1, MAX_LIMIT)).orElse(DEFAULT_LIMIT);
        int offset = present(parameter.apply("offset")).map(text -> number("offset", text, 0, Integer.MAX_VALUE)).orElse(0);
        return new QuarantineQuery(recipient, sender, since, limit, offset);
    }

    boolean matches(QuarantinedMail mail) {
        return recipient.map(mail::hasRecipient).orElse(true)
            && sender.map(wanted -> wanted.equalsIgnoreCase(mail.sender())).orElse(true)
            && since.map(from -> !mail.arrival().isBefore(from)).orElse(true);
    }

    /** The matching mails, newest first, the page {@code offset}..{@code offset + limit}. */
    List<QuarantinedMail> select(Stream<QuarantinedMail> mails) {
        return mails.filter(this::matches).sorted(NEWEST_FIRST).skip(offset).limit(limit).toList();
    }

    private static Optional<String> present(String value) {
        return Optional.ofNullable(value).map(String::strip).filter(text -> !text.isEmpty());
    }

    static MailAddress address(String parameter, String text) {
        try {
            return new MailAddress(text.strip());
        } catch (AddressException e) {
            throw new IllegalArgumentException(parameter + " '" + text + "' is not an e-mail address; expected e.g. alice@example.test");
        }
    }

    static Instant instant(String text) {
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeException e) {
            try {
                return LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant();
            } catch (DateTimeException e2) {
                throw new IllegalArgumentException("since '" + text + "' is not a date; expected e.g. 2026-11-30T08:00:00Z, "
                    + "2026-11-30T09:00:00+01:00 or 2026-11-30 (UTC)");
            }
        }
    }

    private static int number(String parameter, String text, int min, int max) {
        try {
            int value = Integer.parseInt(text);
            if (value >= min && value <= max) {
                return value;
            }
        } catch (NumberFormatException e) {
            // below
        }
        throw new IllegalArgumentException(parameter + " '" + text + "' is not a number from " + min
            + (max == Integer.MAX_VALUE ? " up" : " to " + max));
    }
}
