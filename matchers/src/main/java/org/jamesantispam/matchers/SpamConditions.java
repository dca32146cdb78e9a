package org.jamesantispam.matchers;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import javax.mail.MessagingException;

/**
 * Reads the conditions of the content-filter matchers: words separated by commas or spaces, the
 * optional last word {@code local} restricting the match to local recipients.
 */
final class SpamConditions {
    static final String LOCAL = "local";

    private SpamConditions() {
    }

    /** The condition's words, {@code local} excluded. */
    static List<String> words(String condition) {
        if (condition == null || condition.isBlank()) {
            return List.of();
        }
        List<String> words = new ArrayList<>(Arrays.asList(condition.strip().split("[,\\s]+")));
        words.remove(LOCAL);
        return words;
    }

    static boolean localOnly(String condition) {
        return condition != null && Arrays.asList(condition.strip().split("[,\\s]+")).contains(LOCAL);
    }

    static void refuseOtherWords(String matcher, String condition) throws MessagingException {
        if (!words(condition).isEmpty()) {
            throw new MessagingException(matcher + ": condition is '" + condition + "'; expected nothing or 'local'");
        }
    }
}
