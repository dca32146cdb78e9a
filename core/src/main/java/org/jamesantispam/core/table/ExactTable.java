package org.jamesantispam.core.table;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A Postfix exact-match table read from its source text ({@code hash:}, {@code texthash:},
 * {@code btree:}, {@code lmdb:}; there is no {@code postmap} step: the file named is the text
 * file). Lines are {@code key result}: the key is the first word, the result the rest of the line.
 * <pre>
 * # comment
 * bob@spam.test      REJECT
 * spam.test          REJECT no mail from you
 * .spam.test         REJECT
 * postmaster@        OK
 * 192.0.2            DEFER
 * </pre>
 * Keys are compared case-insensitively (Postfix folds them to lower case). A key given twice is
 * refused with both lines (Postfix warns and keeps the first). Immutable and thread-safe.
 */
public final class ExactTable implements LookupTable {
    private final String source;
    private final Map<String, TableEntry> entries;

    private ExactTable(String source, Map<String, TableEntry> entries) {
        this.source = source;
        this.entries = entries;
    }

    /** Reads and parses {@code file}. */
    public static ExactTable load(Path file, ResultCheck check) throws IOException {
        return parse(file.toString(), new String(Files.readAllBytes(file), StandardCharsets.UTF_8), check);
    }

    /**
     * @throws TableSyntaxException {@code source:line: reason} for the first unusable line
     */
    public static ExactTable parse(String source, String content, ResultCheck check) {
        Map<String, TableEntry> entries = new HashMap<>();
        for (TableLine line : TableLines.of(source, content)) {
            String[] fields = line.text().split("\\s+", 2);
            if (fields.length < 2) {
                throw new TableSyntaxException(source, line.number(), "expected 'key result', found only '" + fields[0] + "'");
            }
            String key = fields[0].toLowerCase(Locale.ROOT);
            TableEntry previous = entries.get(key);
            if (previous != null) {
                throw new TableSyntaxException(source, line.number(), "duplicate key '" + fields[0] + "' (first given at line "
                    + previous.line() + ")");
            }
            String result = fields[1].strip();
            try {
                check.check(result);
            } catch (IllegalArgumentException e) {
                throw new TableSyntaxException(source, line.number(), e.getMessage());
            }
            entries.put(key, new TableEntry(result, line.number()));
        }
        return new ExactTable(source, Map.copyOf(entries));
    }

    @Override
    public Optional<TableEntry> find(String key) {
        return Optional.ofNullable(entries.get(key.toLowerCase(Locale.ROOT)));
    }

    /** Exact tables answer partial keys (parent domains, networks, {@code user@}). */
    @Override
    public boolean matchesPartialKeys() {
        return true;
    }

    /** The number of keys. */
    public int size() {
        return entries.size();
    }

    @Override
    public String toString() {
        return "hash:" + source;
    }
}
