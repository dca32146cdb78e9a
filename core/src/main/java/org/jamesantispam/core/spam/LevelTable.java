package org.jamesantispam.core.spam;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.jamesantispam.core.config.ParameterValues;

/**
 * Per-recipient level overrides (amavis {@code @spam_tag2_level_maps} and friends), one line per
 * recipient pattern ({@link AddressPattern} syntax), first match wins; {@code -} keeps the default
 * level; {@code #} starts a comment line:
 * <pre>
 * # recipient           tag    tag2   kill   [dsn_cutoff]
 * boss@example.test     -999   2.0    4.0
 * .lists.example.test   -      6.0    12.0   -
 * </pre>
 */
public final class LevelTable {
    private record Row(AddressPattern recipients, Double tag, Double tag2, Double kill, Double dsnCutoff) {
    }

    private static final LevelTable EMPTY = new LevelTable(List.of());

    private final List<Row> rows;

    private LevelTable(List<Row> rows) {
        this.rows = List.copyOf(rows);
    }

    public static LevelTable empty() {
        return EMPTY;
    }

    /** Reads the table file; every bad line fails with its line number. */
    public static LevelTable read(String parameter, Path file, SpamLevels defaults) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalArgumentException(parameter + ": cannot read level table " + file.toAbsolutePath() + ": " + e.getMessage());
        }
        return parse(parameter + " (" + file + ")", lines, defaults);
    }

    /** Parses table lines; {@code source} names them in error messages. */
    public static LevelTable parse(String source, List<String> lines, SpamLevels defaults) {
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String where = source + " line " + (i + 1);
            String[] fields = line.split("\\s+");
            if (fields.length < 4 || fields.length > 5) {
                throw new IllegalArgumentException(where + ": '" + line + "'; expected: recipient tag tag2 kill [dsn_cutoff] (- keeps the default)");
            }
            Row row = new Row(AddressPattern.parse(where, fields[0]), level(where, fields[1]), level(where, fields[2]),
                level(where, fields[3]), fields.length == 5 ? level(where, fields[4]) : null);
            try {
                apply(row, defaults);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(where + ": " + e.getMessage());
            }
            rows.add(row);
        }
        return new LevelTable(rows);
    }

    private static Double level(String where, String field) {
        return field.equals("-") ? null : ParameterValues.decimal(where + " level", field);
    }

    /** The levels of {@code recipient}: the first matching row over {@code defaults}. */
    public SpamLevels levelsFor(String recipient, SpamLevels defaults) {
        String lower = recipient.toLowerCase(Locale.ROOT);
        for (Row row : rows) {
            if (row.recipients().matches(lower)) {
                return row.recipients().isNegated() ? defaults : apply(row, defaults);
            }
        }
        return defaults;
    }

    private static SpamLevels apply(Row row, SpamLevels defaults) {
        return new SpamLevels(
            row.tag() != null ? row.tag() : defaults.tag(),
            row.tag2() != null ? row.tag2() : defaults.tag2(),
            row.kill() != null ? row.kill() : defaults.kill(),
            row.dsnCutoff() != null ? row.dsnCutoff() : defaults.dsnCutoff());
    }

    public boolean isEmpty() {
        return rows.isEmpty();
    }
}
