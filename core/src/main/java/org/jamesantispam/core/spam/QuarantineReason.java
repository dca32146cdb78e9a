package org.jamesantispam.core.spam;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Why a mail is in quarantine (amavis' quarantine types): the content filter's spam verdict, a
 * banned attachment, or a content rule that holds it. It is the quarantine id's prefix
 * ({@code spam-3fK9q2LmXw0a}, {@code banned-...}, {@code held-...}).
 */
public enum QuarantineReason {
    SPAM,
    BANNED,
    HELD;

    /** {@code spam}, {@code banned}, {@code held}. */
    public String keyword() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * @throws IllegalArgumentException naming {@code parameter} when {@code text} is not a reason
     */
    public static QuarantineReason parse(String parameter, String text) {
        String value = text.strip().toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(reason -> reason.keyword().equals(value)).findFirst()
            .orElseThrow(() -> new IllegalArgumentException(parameter + " is '" + text + "'; expected one of "
                + Arrays.stream(values()).map(QuarantineReason::keyword).collect(Collectors.joining(", "))));
    }
}
