package org.jamesantispam.core.attachments;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;

/**
 * Which attachment file names are banned: by extension (the guide's {@code bat com dll exe hta pif vbs}
 * by default) and, optionally, by a regular expression (RE2 syntax, case-insensitive) over the whole
 * name. Names are compared as Windows would open them: the last path element, trailing dots and
 * blanks removed ({@code "setup.exe. "} is an {@code .exe}).
 */
public final class BannedNames {
    public static final Set<String> GUIDE_EXTENSIONS = Set.of("bat", "com", "dll", "exe", "hta", "pif", "vbs");

    private final Set<String> extensions;
    private final Pattern pattern;

    private BannedNames(Set<String> extensions, Pattern pattern) {
        this.extensions = extensions;
        this.pattern = pattern;
    }

    public static BannedNames of(Set<String> extensions, Optional<String> regex) {
        Set<String> normalized = extensions.stream()
            .map(extension -> extension.strip().toLowerCase(Locale.ROOT))
            .map(extension -> extension.startsWith(".") ? extension.substring(1) : extension)
            .filter(extension -> !extension.isEmpty())
            .collect(Collectors.toUnmodifiableSet());
        Pattern compiled = null;
        if (regex.isPresent()) {
            try {
                compiled = Pattern.compile(regex.get(), Pattern.CASE_INSENSITIVE | Pattern.DOTALL);
            } catch (PatternSyntaxException e) {
                throw new IllegalArgumentException("bad pattern '" + regex.get() + "': " + e.getDescription());
            }
        }
        if (normalized.isEmpty() && compiled == null) {
            throw new IllegalArgumentException("no banned extension and no pattern: nothing would ever be banned");
        }
        return new BannedNames(normalized, compiled);
    }

    /** Parses an extension list: {@code "exe, com|bat .vbs"} (commas, bars or blanks between). */
    public static Set<String> parseExtensions(String list) {
        return Arrays.stream(list.split("[\\s,|]+")).filter(token -> !token.isBlank()).collect(Collectors.toUnmodifiableSet());
    }

    /** Whether {@code name} is banned. */
    public boolean isBanned(String name) {
        String normalized = normalize(name);
        if (normalized.isEmpty()) {
            return false;
        }
        int dot = normalized.lastIndexOf('.');
        if (dot >= 0 && extensions.contains(normalized.substring(dot + 1).toLowerCase(Locale.ROOT))) {
            return true;
        }
        return pattern != null && (pattern.matcher(normalized).find() || pattern.matcher(name).find());
    }

    static String normalize(String name) {
        String last = name;
        int slash = Math.max(last.lastIndexOf('/'), last.lastIndexOf('\\'));
        if (slash >= 0) {
            last = last.substring(slash + 1);
        }
        int end = last.length();
        while (end > 0 && (last.charAt(end - 1) == '.' || Character.isWhitespace(last.charAt(end - 1)) || last.charAt(end - 1) == '\u0000')) {
            end--;
        }
        return last.substring(0, end);
    }

    @Override
    public String toString() {
        return "BannedNames" + extensions.stream().sorted().toList() + (pattern == null ? "" : " /" + pattern.pattern() + "/");
    }
}
