package org.jamesantispam.core.table;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Resolves the location part of a {@link TableSpec} to a file. Plain paths are file-system paths
 * (absolute paths are advised: a relative path is relative to the server's working directory).
 * Inside James, {@link #withFileUrls(TableLocator)} adds James' {@code file://conf/...} /
 * {@code file://var/...} locations, resolved by James' {@code FileSystem}.
 */
@FunctionalInterface
public interface TableLocator {
    /** @throws IOException when the location cannot be resolved */
    Path locate(String location) throws IOException;

    /** Plain file-system paths only; {@code file:} URLs are refused (they need James' FileSystem). */
    static TableLocator plainPaths() {
        return location -> {
            if (location.startsWith("file:") || location.startsWith("classpath:")) {
                throw new IOException(location + " is a James URL, which only James components can resolve; give a file path");
            }
            return Path.of(location);
        };
    }

    /**
     * Locations starting with {@code file:} go to {@code fileUrls} (e.g. James' FileSystem:
     * {@code url -> fileSystem.getFile(url).toPath()}), others are plain paths.
     */
    static TableLocator withFileUrls(TableLocator fileUrls) {
        TableLocator plain = plainPaths();
        return location -> location.startsWith("file:") ? fileUrls.locate(location) : plain.locate(location);
    }
}
