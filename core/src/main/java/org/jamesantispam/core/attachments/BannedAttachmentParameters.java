package org.jamesantispam.core.attachments;

import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The configuration of banned-attachment checks, read the same way by the SMTP hook and the matcher:
 * <ul>
 *   <li>{@code extensions}: banned file name extensions, separated by commas, bars or blanks
 *       (default: the guide's {@code bat com dll exe hta pif vbs}); empty: none.</li>
 *   <li>{@code pattern}: a regular expression (RE2 syntax, case-insensitive) a banned name matches.</li>
 *   <li>{@code maxDepth} (5): archive nesting levels opened; 0 opens no archive.</li>
 *   <li>{@code maxEntries} (1000): archive entries per message.</li>
 *   <li>{@code maxExpandedSize} (50M): bytes decompressed per message; suffixes k, M, G.</li>
 *   <li>{@code onLimit}: {@code unchecked} (default: deliver, marked by the mail attribute
 *       {@value #UNCHECKED_ATTRIBUTE} for the {@code ***UNCHECKED*** } tag) or {@code banned}.</li>
 * </ul>
 */
public record BannedAttachmentParameters(AttachmentInspector inspector, OnLimit onLimit) {
    public static final Set<String> NAMES = Set.of("extensions", "pattern", "maxDepth", "maxEntries", "maxExpandedSize", "onLimit");
    /** Mail attribute set (to the reason) on mail whose attachments could not all be inspected. */
    public static final String UNCHECKED_ATTRIBUTE = "org.jamesantispam.attachments.unchecked";

    private static final Pattern SIZE = Pattern.compile("(\\d+)\\s*([kKmMgG]?)[bB]?");

    /**
     * @throws IllegalArgumentException naming the component, parameter, value and what is expected
     */
    public static BannedAttachmentParameters parse(String component, Function<String, Optional<String>> parameter) {
        Set<String> extensions = parameter.apply("extensions").map(BannedNames::parseExtensions).orElse(BannedNames.GUIDE_EXTENSIONS);
        Optional<String> pattern = parameter.apply("pattern").map(String::strip).filter(value -> !value.isEmpty());
        BannedNames names;
        try {
            names = BannedNames.of(extensions, pattern);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(component + ": <extensions>/<pattern>: " + e.getMessage());
        }
        ArchiveLimits defaults = ArchiveLimits.DEFAULTS;
        ArchiveLimits limits = new ArchiveLimits(
            (int) number(component, parameter, "maxDepth", defaults.maxDepth(), 0, false),
            (int) number(component, parameter, "maxEntries", defaults.maxEntries(), 1, false),
            number(component, parameter, "maxExpandedSize", defaults.maxExpandedBytes(), 1, true));
        String onLimit = parameter.apply("onLimit").map(String::strip).orElse("unchecked");
        OnLimit choice = switch (onLimit.toLowerCase(Locale.ROOT)) {
            case "unchecked" -> OnLimit.UNCHECKED;
            case "banned" -> OnLimit.BANNED;
            default -> throw new IllegalArgumentException(component + ": <onLimit> is '" + onLimit + "'; expected unchecked or banned");
        };
        return new BannedAttachmentParameters(new AttachmentInspector(names, limits), choice);
    }

    private static long number(String component, Function<String, Optional<String>> parameter, String name, long defaultValue,
                               long minimum, boolean size) {
        Optional<String> value = parameter.apply(name).map(String::strip);
        if (value.isEmpty()) {
            return defaultValue;
        }
        Matcher matcher = SIZE.matcher(value.get());
        if (matcher.matches() && (size || matcher.group(2).isEmpty())) {
            try {
                long number = Long.parseLong(matcher.group(1));
                long scaled = switch (matcher.group(2).toLowerCase(Locale.ROOT)) {
                    case "k" -> Math.multiplyExact(number, 1024L);
                    case "m" -> Math.multiplyExact(number, 1024L * 1024);
                    case "g" -> Math.multiplyExact(number, 1024L * 1024 * 1024);
                    default -> number;
                };
                if (scaled >= minimum && (size || scaled <= Integer.MAX_VALUE)) {
                    return scaled;
                }
            } catch (ArithmeticException | NumberFormatException e) {
                // reported below
            }
        }
        throw new IllegalArgumentException(component + ": <" + name + "> is '" + value.get() + "'; expected "
            + (size ? "a size in bytes (suffix k, M or G allowed)" : "a whole number") + ", at least " + minimum + " (default " + defaultValue + ")");
    }
}
