package org.jamesantispam.it.contentfilter;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * Test messages from {@code /spamassassin/samples/} (ham about -0, borderline about 4 points with
 * the test spamd's rule on {@code X-Antispam-Test: borderline}, GTUBE 1000) plus "spam": the ham
 * with {@code X-Antispam-Test: spam} (12 points, and no {@code Precedence: junk}, unlike GTUBE).
 * Each gets its own Subject and Message-ID so tests can find it in shared mailboxes, and today's
 * Date (an old one adds SpamAssassin's DATE_IN_PAST_* points).
 */
public final class Samples {
    private Samples() {
    }

    public static String ham(String subject) {
        return withSubject(resource("ham.eml"), subject);
    }

    public static String borderline(String subject) {
        return withSubject(resource("borderline.eml"), subject);
    }

    public static String spam(String subject) {
        return withSubject(resource("ham.eml"), subject).replaceFirst("\r\n\r\n", "\r\nX-Antispam-Test: spam\r\n\r\n");
    }

    public static String gtube(String subject) {
        return withSubject(resource("gtube.eml"), subject);
    }

    /** {@code message} with extra header lines (each "Name: value") after the others. */
    public static String withHeaders(String message, String... headers) {
        return message.replaceFirst("\r\n\r\n", "\r\n" + String.join("\r\n", headers) + "\r\n\r\n");
    }

    public static String messageId(String subject) {
        return "<" + subject.replaceAll("[^A-Za-z0-9]", "-") + "@test.example.org>";
    }

    private static String withSubject(String message, String subject) {
        String now = java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME.format(java.time.ZonedDateTime.now());
        return message.replaceFirst("(?m)^Subject: .*$", "Subject: " + java.util.regex.Matcher.quoteReplacement(subject))
            .replaceFirst("(?m)^Date: .*$", "Date: " + now)
            .replaceFirst("(?m)^Message-ID: .*$", "Message-ID: " + java.util.regex.Matcher.quoteReplacement(messageId(subject)));
    }

    private static String resource(String name) {
        try (InputStream in = Samples.class.getResourceAsStream("/spamassassin/samples/" + name)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource /spamassassin/samples/" + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).replace("\r\n", "\n").replace("\n", "\r\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
