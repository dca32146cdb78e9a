package org.jamesantispam.core.content;

import java.io.ByteArrayOutputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A MIME header value such as {@code attachment; filename="a.pdf"} or
 * {@code multipart/mixed; boundary=xyz}, read leniently: malformed input (missing quotes, stray
 * semicolons, bad encodings) gives what can be read, never an exception. RFC 2231 parameters
 * ({@code name*=utf-8''%E2%82%AC.exe}, {@code name*0=...; name*1*=...}) are joined and decoded.
 * RFC 2047 encoded words inside values are left as they are (see {@link Text#decodeWords}).
 */
public final class MimeParameters {
    private final String value;
    private final Map<String, List<String>> parameters;

    private MimeParameters(String value, Map<String, List<String>> parameters) {
        this.value = value;
        this.parameters = parameters;
    }

    /** Parses the part of a header after its colon. */
    public static MimeParameters parse(String headerValue) {
        String text = headerValue == null ? "" : headerValue;
        int n = text.length();
        int i = 0;
        int semicolon = nextSemicolon(text, 0);
        String value = text.substring(0, semicolon).strip().toLowerCase(Locale.ROOT);
        i = semicolon + 1;
        Map<String, List<String>> plain = new LinkedHashMap<>();
        Map<String, TreeMap<Integer, Segment>> continued = new LinkedHashMap<>();
        while (i < n) {
            int end = nextSemicolon(text, i);
            String parameter = text.substring(i, end);
            i = end + 1;
            int equals = parameter.indexOf('=');
            if (equals <= 0) {
                continue;
            }
            String name = parameter.substring(0, equals).strip().toLowerCase(Locale.ROOT);
            String raw = unquote(parameter.substring(equals + 1).strip());
            if (name.isEmpty()) {
                continue;
            }
            int star = name.indexOf('*');
            if (star < 0) {
                plain.computeIfAbsent(name, key -> new ArrayList<>()).add(raw);
                continue;
            }
            String base = name.substring(0, star);
            String suffix = name.substring(star + 1);
            boolean encoded = suffix.endsWith("*") || suffix.isEmpty();
            String index = suffix.endsWith("*") ? suffix.substring(0, suffix.length() - 1) : suffix;
            int position;
            if (index.isEmpty()) {
                position = 0;
            } else {
                try {
                    position = Integer.parseInt(index);
                } catch (NumberFormatException e) {
                    continue;
                }
            }
            continued.computeIfAbsent(base, key -> new TreeMap<>()).putIfAbsent(position, new Segment(raw, encoded));
        }
        for (Map.Entry<String, TreeMap<Integer, Segment>> entry : continued.entrySet()) {
            plain.computeIfAbsent(entry.getKey(), key -> new ArrayList<>()).add(0, join(entry.getValue()));
        }
        return new MimeParameters(value, plain);
    }

    private record Segment(String text, boolean encoded) {
    }

    /** The value before the parameters, lower case: {@code multipart/mixed}, {@code attachment}. */
    public String value() {
        return value;
    }

    /** The first value of a parameter (RFC 2231 form preferred). */
    public Optional<String> get(String name) {
        List<String> values = parameters.get(name.toLowerCase(Locale.ROOT));
        return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
    }

    /** Every value given for a parameter (a header may repeat one, to confuse filters). */
    public List<String> all(String name) {
        return parameters.getOrDefault(name.toLowerCase(Locale.ROOT), List.of());
    }

    private static int nextSemicolon(String text, int from) {
        boolean quoted = false;
        for (int i = from; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quoted && c == '\\') {
                i++;
            } else if (c == '"') {
                quoted = !quoted;
            } else if (c == ';' && !quoted) {
                return i;
            }
        }
        return text.length();
    }

    private static String unquote(String raw) {
        if (!raw.startsWith("\"")) {
            int blank = 0;
            while (blank < raw.length() && !Character.isWhitespace(raw.charAt(blank))) {
                blank++;
            }
            return raw.substring(0, blank);
        }
        StringBuilder out = new StringBuilder();
        for (int i = 1; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '\\' && i + 1 < raw.length()) {
                out.append(raw.charAt(++i));
            } else if (c == '"') {
                break;
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    private static String join(TreeMap<Integer, Segment> segments) {
        Charset charset = StandardCharsets.UTF_8;
        StringBuilder out = new StringBuilder();
        boolean first = true;
        for (Segment segment : segments.values()) {
            String text = segment.text();
            if (segment.encoded()) {
                if (first) {
                    int quote1 = text.indexOf('\'');
                    int quote2 = quote1 < 0 ? -1 : text.indexOf('\'', quote1 + 1);
                    if (quote2 > 0) {
                        charset = Text.charset(text.substring(0, quote1)).orElse(StandardCharsets.ISO_8859_1);
                        text = text.substring(quote2 + 1);
                    }
                }
                out.append(percentDecode(text, charset));
            } else {
                out.append(text);
            }
            first = false;
        }
        return out.toString();
    }

    private static String percentDecode(String text, Charset charset) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '%' && hex(text, i + 1) >= 0) {
                bytes.write(hex(text, i + 1));
                i += 2;
            } else {
                byte[] encoded = String.valueOf(c).getBytes(charset);
                bytes.write(encoded, 0, encoded.length);
            }
        }
        return Text.decode(bytes.toByteArray(), charset);
    }

    private static int hex(String text, int at) {
        if (at + 1 >= text.length()) {
            return -1;
        }
        int high = Character.digit(text.charAt(at), 16);
        int low = Character.digit(text.charAt(at + 1), 16);
        return high < 0 || low < 0 ? -1 : high * 16 + low;
    }
}
