package org.jamesantispam.core.table;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** The Postfix table types james-antispam reads, by their {@code type:} prefix. */
public enum TableType {
    /** {@code cidr:} networks, first match in file order ({@link CidrTable}). */
    CIDR(List.of("cidr")) {
        @Override
        public LookupTable parse(String source, String content, ResultCheck check) {
            return CidrTable.parse(source, content, check);
        }
    },
    /** {@code regexp:} patterns, first match in file order ({@link RegexpTable}). */
    REGEXP(List.of("regexp")) {
        @Override
        public LookupTable parse(String source, String content, ResultCheck check) {
            return RegexpTable.parse(source, content, check);
        }
    },
    /** Exact keys read from the source text: {@code hash:}, {@code texthash:}, {@code btree:}, {@code lmdb:} ({@link ExactTable}). */
    EXACT(List.of("hash", "texthash", "btree", "lmdb")) {
        @Override
        public LookupTable parse(String source, String content, ResultCheck check) {
            return ExactTable.parse(source, content, check);
        }
    };

    private final List<String> prefixes;

    TableType(List<String> prefixes) {
        this.prefixes = prefixes;
    }

    /**
     * Parses a table's text.
     *
     * @throws TableSyntaxException {@code source:line: reason}
     */
    public abstract LookupTable parse(String source, String content, ResultCheck check);

    /** The type written {@code prefix} (case-insensitive), e.g. {@code hash}. */
    public static Optional<TableType> ofPrefix(String prefix) {
        String lower = prefix.toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(type -> type.prefixes.contains(lower)).findFirst();
    }

    /** Every accepted prefix, for error messages: {@code cidr:, regexp:, hash:, ...}. */
    public static String acceptedPrefixes() {
        return String.join(", ", Arrays.stream(values()).flatMap(type -> type.prefixes.stream()).map(p -> p + ":").toList());
    }
}
