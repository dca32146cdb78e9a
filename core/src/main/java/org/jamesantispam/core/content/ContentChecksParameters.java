package org.jamesantispam.core.content;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * The configuration of content checks, read the same way by the SMTP hook and the mailet, with
 * Postfix's parameter names in camel case:
 * <ul>
 *   <li>{@code headerChecks}: table file for primary headers ({@code header_checks}).</li>
 *   <li>{@code mimeHeaderChecks}: table for MIME headers; absent: the headerChecks table (Postfix's
 *       default); present but empty: MIME headers are not checked.</li>
 *   <li>{@code nestedHeaderChecks}: table for headers of attached messages; same defaults.</li>
 *   <li>{@code bodyChecks}: table for body lines.</li>
 *   <li>{@code headerSizeLimit} (102400), {@code bodyChecksSizeLimit} (51200, 0 = whole segment),
 *       {@code lineLengthLimit} (2048), {@code mimeNestingLimit} (100): bytes / levels, as Postfix.</li>
 *   <li>{@code bodyMode}: {@code raw} (default, as Postfix) or {@code decoded}.</li>
 * </ul>
 * Table files are named as James names files ({@code file://conf/header_checks}) or by path. Each is
 * loaded at once (a broken table fails startup with {@code file:line: reason}) and then follows its
 * edits ({@link ReloadingContentTable}). The same file named twice is loaded once.
 */
public final class ContentChecksParameters {
    public static final Set<String> NAMES = Set.of("headerChecks", "mimeHeaderChecks", "nestedHeaderChecks", "bodyChecks",
        "headerSizeLimit", "bodyChecksSizeLimit", "lineLengthLimit", "mimeNestingLimit", "bodyMode");

    private ContentChecksParameters() {
    }

    /**
     * @param component who is configured, for messages (e.g. the mailet's name)
     * @param parameter a parameter's raw value, empty when absent
     * @param resolver turns a configured file name into a path
     * @throws IllegalArgumentException naming the component, parameter, value and what is expected,
     *     or {@code file:line: reason} for a broken table
     */
    public static ContentChecks parse(String component, Function<String, Optional<String>> parameter, Function<String, Path> resolver) {
        Map<Path, ReloadingContentTable> opened = new HashMap<>();
        Function<String, ReloadingContentTable> open = name -> {
            Path path = resolver.apply(name);
            return opened.computeIfAbsent(path, file -> ReloadingContentTable.open(file, ContentAction::problem));
        };
        ContentChecks.Builder builder = ContentChecks.builder();
        Optional<String> header = parameter.apply("headerChecks").map(String::strip).filter(value -> !value.isEmpty());
        header.ifPresent(name -> builder.table(Scope.HEADER, open.apply(name)::current));
        tableOrDefault(parameter.apply("mimeHeaderChecks"), header).ifPresent(name -> builder.table(Scope.MIME_HEADER, open.apply(name)::current));
        tableOrDefault(parameter.apply("nestedHeaderChecks"), header).ifPresent(name -> builder.table(Scope.NESTED_HEADER, open.apply(name)::current));
        parameter.apply("bodyChecks").map(String::strip).filter(value -> !value.isEmpty())
            .ifPresent(name -> builder.table(Scope.BODY, open.apply(name)::current));
        if (opened.isEmpty()) {
            throw new IllegalArgumentException(component + ": no table configured; expected at least one of <headerChecks>, "
                + "<mimeHeaderChecks>, <nestedHeaderChecks>, <bodyChecks> naming a Postfix regexp table file");
        }
        ContentLimits defaults = ContentLimits.POSTFIX_DEFAULTS;
        try {
            builder.limits(new ContentLimits(
                integer(component, parameter, "headerSizeLimit", defaults.headerSizeLimit(), 1),
                integer(component, parameter, "bodyChecksSizeLimit", defaults.bodyChecksSizeLimit(), 0),
                integer(component, parameter, "lineLengthLimit", defaults.lineLengthLimit(), 80),
                integer(component, parameter, "mimeNestingLimit", defaults.mimeNestingLimit(), 1)));
        } catch (IllegalArgumentException e) {
            throw e.getMessage().startsWith(component) ? e : new IllegalArgumentException(component + ": " + e.getMessage(), e);
        }
        String mode = parameter.apply("bodyMode").map(String::strip).orElse("raw");
        switch (mode.toLowerCase(Locale.ROOT)) {
            case "raw" -> builder.bodyMode(ContentChecks.BodyMode.RAW);
            case "decoded" -> builder.bodyMode(ContentChecks.BodyMode.DECODED);
            default -> throw new IllegalArgumentException(component + ": <bodyMode> is '" + mode + "'; expected raw or decoded");
        }
        return builder.build();
    }

    private static Optional<String> tableOrDefault(Optional<String> configured, Optional<String> header) {
        if (configured.isPresent()) {
            String value = configured.get().strip();
            return value.isEmpty() ? Optional.empty() : Optional.of(value);
        }
        return header;
    }

    private static int integer(String component, Function<String, Optional<String>> parameter, String name, int defaultValue, int minimum) {
        Optional<String> value = parameter.apply(name).map(String::strip);
        if (value.isEmpty()) {
            return defaultValue;
        }
        try {
            int parsed = Integer.parseInt(value.get());
            if (parsed < minimum) {
                throw new NumberFormatException();
            }
            return parsed;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(component + ": <" + name + "> is '" + value.get() + "'; expected a whole number of "
                + "bytes, at least " + minimum + " (default " + defaultValue + ")");
        }
    }
}
