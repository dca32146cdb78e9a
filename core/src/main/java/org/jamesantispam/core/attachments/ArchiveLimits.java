package org.jamesantispam.core.attachments;

/**
 * Resource limits when looking inside archives (amavis' {@code $MAXLEVELS}, {@code $MAXFILES},
 * {@code $MAX_EXPANSION_QUOTA}): how deep archives may nest (a .tar.gz is two levels), how many
 * entries a message's archives may hold in all, and how many bytes may be decompressed for one
 * message. Past a limit the message is not fully checked: the operator decides what that means
 * ({@link OnLimit}).
 */
public record ArchiveLimits(int maxDepth, int maxEntries, long maxExpandedBytes) {
    public static final ArchiveLimits DEFAULTS = new ArchiveLimits(5, 1000, 50L * 1024 * 1024);

    public ArchiveLimits {
        if (maxDepth < 0 || maxEntries < 1 || maxExpandedBytes < 1) {
            throw new IllegalArgumentException("archive limits must be positive (depth may be 0 to not open archives)");
        }
    }
}
