package org.jamesantispam.core.content;

import java.io.File;
import java.io.IOException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.function.Function;

/**
 * Turns a configured table name into a file: James URLs ({@code file://conf/header_checks},
 * {@code file:///etc/james/body_checks}) through James' FileSystem, anything else as a path
 * (relative to James' working directory).
 */
public final class TableFiles {
    /** James' {@code FileSystem::getFile}, without depending on James here. */
    @FunctionalInterface
    public interface Lookup {
        File getFile(String url) throws IOException;
    }

    private TableFiles() {
    }

    /** @param james James' file lookup, or {@code null} outside James (paths only) */
    public static Function<String, Path> resolver(Lookup james) {
        return name -> {
            if (james != null && (name.contains("://") || name.startsWith("classpath:"))) {
                try {
                    return james.getFile(name).toPath();
                } catch (IOException | RuntimeException e) {
                    throw new IllegalArgumentException(name + ": no such file (" + e.getMessage() + ")", e);
                }
            }
            if (name.startsWith("file://")) {
                return Path.of(name.substring("file://".length()));
            }
            try {
                return Path.of(name);
            } catch (InvalidPathException e) {
                throw new IllegalArgumentException(name + ": not a file name (" + e.getMessage() + ")", e);
            }
        };
    }
}
