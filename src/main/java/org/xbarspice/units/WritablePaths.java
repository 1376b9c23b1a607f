package org.xbarspice.units;

import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Up-front checks of output paths, so that a command or a library run that could not write its results refuses them,
 * as bad input, before it does any work.
 */
public final class WritablePaths {
    /** Links {@link #throughLinks} follows before it gives up (Linux's own limit). */
    private static final int MAX_LINKS = 40;

    private WritablePaths() {
    }

    /**
     * Refuses, as bad input, a result file that could not be written: a folder, a path below a file, or one in a folder
     * where no file can be created (which a probe file, deleted at once, tells). Commands call it for every output
     * option before they run anything, so a rejected command writes nothing.
     *
     * @param option the option that gave the path, for the message (e.g. {@code --json})
     * @param target the path; null (the option not given) passes
     */
    public static void requireWritable(String option, Path target) {
        if (target == null) {
            return;
        }
        if (Files.isDirectory(target)) {
            throw new InvalidInputException(option + " " + target + " is a folder: give a file path");
        }
        Path file = throughLinks(target);
        if (Files.exists(file) && !Files.isRegularFile(file)) {
            throw new InvalidInputException(option + " " + target + " is not a regular file (a device, pipe or socket), "
                    + "which a result would replace: give a file path");
        }
        requireCreatable(option, target, file.toAbsolutePath().getParent());
    }

    /**
     * The file a result written to {@code target} goes to: {@code target} itself, or, where it is a symbolic link, what
     * the link names (followed link by link, relative to the link's folder; the file need not exist), so that writing
     * replaces the linked file and keeps the link.
     */
    public static Path throughLinks(Path target) {
        Path file = target.toAbsolutePath();
        for (int hops = 0; Files.isSymbolicLink(file); hops++) {
            if (hops == MAX_LINKS) {
                throw new InvalidInputException(target + " is a chain of more than " + MAX_LINKS + " symbolic links: give "
                        + "the file's own path");
            }
            try {
                file = file.getParent().resolve(Files.readSymbolicLink(file)).normalize();
            } catch (IOException e) {
                throw new InvalidInputException("cannot follow the symbolic link " + file + ": " + e.getMessage(), e);
            }
        }
        return file;
    }


    /**
     * Refuses, as bad input, a folder that results cannot be written into: a file, a path below a file, or one where
     * no file can be created ({@link #requireWritable}); a missing folder passes when it can be created.
     */
    public static void requireWritableFolder(String option, Path dir) {
        if (dir == null) {
            return;
        }
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new InvalidInputException(option + " " + dir + " is a file, not a folder: give a folder path");
        }
        requireCreatable(option, dir, dir.toAbsolutePath());
    }

    /**
     * Checks that files can be created in {@code dir}, or in its nearest existing ancestor when it is missing: a hidden
     * probe file, deleted at once.
     */
    private static void requireCreatable(String option, Path given, Path dir) {
        Path existing = dir;
        while (existing.getParent() != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        if (!Files.isDirectory(existing)) {
            throw new InvalidInputException(option + " " + given + " cannot be written: " + existing + " is a file, not a "
                    + "folder; give another path");
        }
        try {
            Files.delete(Files.createTempFile(existing, ".probe.", ".tmp"));
        } catch (IOException e) {
            String reason = e instanceof FileSystemException f && f.getReason() != null ? " (" + f.getReason() + ")" : "";
            throw new InvalidInputException(option + " " + given + " cannot be written: no file can be created in "
                    + existing + reason + "; give a path in a folder you may write", e);
        }
    }
}
