package org.jamesantispam.it.webadmin;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.regex.Matcher;

/**
 * The content-filter samples of {@code /spamassassin/samples/} (ham, borderline: between tag2 and
 * kill with the test spamd's rules, GTUBE) with a subject of the test's choice, dated now (an old
 * Date header costs SpamAssassin points).
 */
final class SampleMessages {
    private SampleMessages() {
    }

    static String ham(String subject) {
        return withSubject(resource("ham.eml"), subject);
    }

    static String borderline(String subject) {
        return withSubject(resource("borderline.eml"), subject);
    }

    static String gtube(String subject) {
        return withSubject(resource("gtube.eml"), subject);
    }

    private static String withSubject(String message, String subject) {
        String now = DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.now());
        return message.replaceFirst("(?m)^Subject: .*$", "Subject: " + Matcher.quoteReplacement(subject))
            .replaceFirst("(?m)^Date: .*$", "Date: " + now)
            .replaceFirst("(?m)^Message-ID: .*$", "Message-ID: <" + subject.replaceAll("[^A-Za-z0-9]", "-") + "@stats.example.org>");
    }

    private static String resource(String name) {
        try (InputStream in = SampleMessages.class.getResourceAsStream("/spamassassin/samples/" + name)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource /spamassassin/samples/" + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).replace("\r\n", "\n").replace("\n", "\r\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
