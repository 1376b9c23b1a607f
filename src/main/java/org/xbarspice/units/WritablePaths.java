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
        Path file = throughLinks(option, target);
        if (Files.exists(file) && !Files.isRegularFile(file)) {
            throw new InvalidInputException(option + " " + target + " is not a regular file (a device, pipe or socket), "
                    + "which a result would replace: give a file path");
        }
        requireCreatable(option, target, file.toAbsolutePath().getParent());
    }

    /**
     * The file a result written to {@code target} goes to, as the kernel resolves it: {@code target}, or, where it is a
     * symbolic link, what the link names (followed link by link, each relative to the real folder of its link; the file
     * need not exist), in the real path of its folder (symbolic links and {@code ..} of the folders resolved as far as
     * they exist), so that writing replaces the linked file and keeps the link, and two names of one file compare equal.
     *
     * @param option the option that gave the path, for the message; null where none did
     */
    public static Path throughLinks(String option, Path target) {
        String named = option == null ? target.toString() : option + " " + target;
        Path file = target.toAbsolutePath();
        try {
            for (int hops = 0; Files.isSymbolicLink(file); hops++) {
                if (hops == MAX_LINKS) {
                    throw new InvalidInputException(named + " is a chain of more than " + MAX_LINKS + " symbolic links: "
                            + "give the file's own path");
                }
                file = realFolder(file.getParent()).resolve(Files.readSymbolicLink(file));
            }
            return file.getParent() == null ? file : realFolder(file.getParent()).resolve(file.getFileName());
        } catch (IOException e) {
            throw new InvalidInputException(named + ": cannot follow its path (" + e.getMessage() + "): give another path", e);
        }
    }

    /**
     * {@code dir} with its existing part resolved by the kernel ({@link Path#toRealPath}) and the rest, which writing
     * creates, appended.
     */
    private static Path realFolder(Path dir) throws IOException {
        Path existing = dir;
        java.util.ArrayDeque<Path> rest = new java.util.ArrayDeque<>();
        while (existing != null && !Files.exists(existing)) {
            rest.push(existing.getFileName());
            existing = existing.getParent();
        }
        Path real = existing == null ? dir : existing.toRealPath();
        while (!rest.isEmpty()) {
            real = real.resolve(rest.pop());
        }
        return real.normalize(); // the real part has no link or .. left; the missing folders are made as named
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
