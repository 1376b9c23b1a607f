package org.xbarspice.units;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Checks of output paths before any work: a folder option that names a file, a file option that names a folder, or
 * either below a file cannot be written, which the command says up front instead of failing after its run.
 */
public final class OutputPaths {
    private OutputPaths() {
    }

    /** Requires {@code dir} (given as {@code flag}) to be a folder or creatable as one. */
    public static void requireFolder(Path dir, String flag) {
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new InvalidInputException(flag + " " + dir + " is a file, not a folder: give a folder (new or existing), "
                    + "or move the file away");
        }
        requireFolderAbove(dir, flag);
    }

    /** Requires {@code file} (given as {@code flag}) to be a file or creatable as one. */
    public static void requireFile(Path file, String flag) {
        if (Files.isDirectory(file)) {
            throw new InvalidInputException(flag + " " + file + " is a folder: give a file name, e.g. " + file.resolve("out.json"));
        }
        requireFolderAbove(file, flag);
    }

    /** The nearest existing folder above {@code path} must be a folder (not a file). */
    private static void requireFolderAbove(Path path, String flag) {
        for (Path p = path.toAbsolutePath().getParent(); p != null; p = p.getParent()) {
            if (Files.exists(p)) {
                if (!Files.isDirectory(p)) {
                    throw new InvalidInputException(flag + " " + path + " lies below " + p + ", which is a file, not a folder: "
                            + "give another path, or move the file away");
                }
                return;
            }
        }
    }
}
