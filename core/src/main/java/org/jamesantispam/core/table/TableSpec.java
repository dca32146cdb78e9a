package org.jamesantispam.core.table;

/**
 * A table as Postfix names it, {@code type:location}: {@code hash:/etc/james/sender_access},
 * {@code cidr:/etc/james/clients.cidr}, {@code regexp:file://conf/helo_checks}. The location is
 * resolved to a file by a {@link TableLocator}.
 *
 * @param text the specification as written (used in check names and logs)
 */
public record TableSpec(String text, TableType type, String location) {
    /**
     * @throws IllegalArgumentException naming the specification and what is expected
     */
    public static TableSpec parse(String text) {
        String spec = text == null ? "" : text.strip();
        int colon = spec.indexOf(':');
        if (colon <= 0 || colon == spec.length() - 1) {
            throw new IllegalArgumentException("table '" + spec + "' is not 'type:location'; expected e.g. hash:/etc/james/access"
                + " (types: " + TableType.acceptedPrefixes() + ")");
        }
        String prefix = spec.substring(0, colon);
        TableType type = TableType.ofPrefix(prefix).orElseThrow(() -> new IllegalArgumentException("table '" + spec
            + "': unsupported type '" + prefix + ":'; expected one of " + TableType.acceptedPrefixes()));
        return new TableSpec(spec, type, spec.substring(colon + 1));
    }

    @Override
    public String toString() {
        return text;
    }
}
