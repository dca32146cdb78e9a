package org.jamesantispam.core.spam;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * An ordered list of {@link AddressPattern}s (amavis ACL semantics): the first entry that matches
 * decides; a negated entry ({@code !...}) says "not in the list"; no match means not in the list.
 *
 * <p>Written inline, entries are separated by commas or white space; {@code /regexp/} entries are
 * taken whole (they may contain commas and spaces). An entry {@code file:PATH} reads more entries
 * from a text file, one per line, {@code #} starting a comment; a relative path is taken from
 * James' working directory.
 * <pre>
 * user@example.com, .example.org, /^newsletter-.*@shop\.example$/, file:conf/allow-senders.txt
 * </pre>
 */
public final class AddressList {
    private static final AddressList EMPTY = new AddressList(List.of());

    private final List<AddressPattern> entries;

    private AddressList(List<AddressPattern> entries) {
        this.entries = List.copyOf(entries);
    }

    public static AddressList empty() {
        return EMPTY;
    }

    /** The list of these entries, in this order (entries parsed elsewhere, e.g. a list store). */
    public static AddressList of(List<AddressPattern> entries) {
        return entries.isEmpty() ? EMPTY : new AddressList(entries);
    }

    /** @throws IllegalArgumentException naming {@code parameter} for a bad entry or an unreadable file */
    public static AddressList parse(String parameter, String text) {
        List<AddressPattern> entries = new ArrayList<>();
        for (String token : tokens(parameter, text)) {
            if (token.startsWith("file:")) {
                entries.addAll(readFile(parameter, Path.of(token.substring("file:".length()))));
            } else {
                entries.add(AddressPattern.parse(parameter, token));
            }
        }
        return new AddressList(entries);
    }

    private static List<AddressPattern> readFile(String parameter, Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalArgumentException(parameter + ": cannot read list file " + file.toAbsolutePath() + ": " + e.getMessage());
        }
        List<AddressPattern> entries = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            entries.add(AddressPattern.parse(parameter + " (" + file + " line " + (i + 1) + ")", line));
        }
        return entries;
    }

    /** Splits on commas and white space, keeping {@code /regexp/} and {@code !/regexp/} whole. */
    static List<String> tokens(String parameter, String text) {
        List<String> tokens = new ArrayList<>();
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == ',' || Character.isWhitespace(c)) {
                i++;
                continue;
            }
            int start = i;
            int slash = c == '!' && i + 1 < text.length() && text.charAt(i + 1) == '/' ? i + 1 : (c == '/' ? i : -1);
            if (slash >= 0) {
                int end = text.indexOf('/', slash + 1);
                while (end > 0 && text.charAt(end - 1) == '\\') {
                    end = text.indexOf('/', end + 1);
                }
                if (end < 0) {
                    throw new IllegalArgumentException(parameter + ": regular expression " + text.substring(start) + " has no closing /");
                }
                i = end + 1;
            } else {
                while (i < text.length() && text.charAt(i) != ',' && !Character.isWhitespace(text.charAt(i))) {
                    i++;
                }
            }
            tokens.add(text.substring(start, i));
        }
        return tokens;
    }

    /**
     * @param address an address ({@code ""} for the null sender); case does not matter
     * @return the deciding entry when the address is in the list
     */
    public Optional<AddressPattern> find(String address) {
        String lower = address.toLowerCase(Locale.ROOT);
        for (AddressPattern entry : entries) {
            if (entry.matches(lower)) {
                return entry.isNegated() ? Optional.empty() : Optional.of(entry);
            }
        }
        return Optional.empty();
    }

    /**
     * The first entry matching {@code address}, negated or not: unlike {@link #find}, it tells
     * "an entry says no" ({@code !entry} matched) from "no entry matched", for callers that chain
     * several lists.
     */
    public Optional<AddressPattern> firstMatch(String address) {
        String lower = address.toLowerCase(Locale.ROOT);
        for (AddressPattern entry : entries) {
            if (entry.matches(lower)) {
                return Optional.of(entry);
            }
        }
        return Optional.empty();
    }

    public boolean contains(String address) {
        return find(address).isPresent();
    }

    public boolean isEmpty() {
        return entries.isEmpty();
    }

    public int size() {
        return entries.size();
    }

    @Override
    public String toString() {
        return entries.toString();
    }
}
