package org.jamesantispam.core.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;

/** Writes table files for tests, as an operator would (one line per argument). */
public final class TableFiles {
    private TableFiles() {
    }

    public static Path write(Path file, String... lines) {
        try {
            Files.writeString(file, String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Rewrites {@code file} and moves its modification time forward by a second, so the edit is
     * seen even on file systems with coarse time stamps.
     */
    public static Path edit(Path file, String... lines) {
        try {
            FileTime before = Files.getLastModifiedTime(file);
            write(file, lines);
            Files.setLastModifiedTime(file, FileTime.fromMillis(before.toMillis() + 1000));
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
