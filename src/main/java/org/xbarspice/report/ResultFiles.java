package org.xbarspice.report;

import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.LinkOption;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.xbarspice.units.InvalidInputException;
import org.xbarspice.units.WritablePaths;

/**
 * Writes result files completely or not at all: the content goes to a temporary file beside the
 * target ({@code .NAME.<random>.tmp}), forced to the disk and then moved over it, so a failed run, or a crash, never
 * leaves a partial file that looks done. Files are created with the default permissions (they follow the umask); a run
 * killed mid-write leaves its temporary file, which {@link #removeTemporaryFiles(Path)} cleans up.
 */
public final class ResultFiles {
    /**
     * Indented output; writes NaN and Infinity (an infinite tau, a missing figure) as the strings "NaN" and "Infinity",
     * which JSON allows (the bare words, written before 2026-12-03, are not JSON: strict parsers refused config.json), and
     * reads both.
     */
    private static final ObjectMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT)
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS).enable(JsonWriteFeature.WRITE_NAN_AS_STRINGS).build();

    private static final String TMP_SUFFIX = ".tmp";
    /** {@code .NAME.<digits>.tmp}: the temporary files {@link #write} makes. */
    private static final Pattern TMP_NAME = Pattern.compile("\\..+\\.[0-9]+" + Pattern.quote(TMP_SUFFIX));
    private static final SecureRandom RANDOM = new SecureRandom();

    private ResultFiles() {
    }

    /**
     * Deletes the temporary files that writes into {@code dir} left when the process was killed (call it only
     * when nothing else writes there, e.g. when a run resumes).
     *
     * @return how many were deleted
     */
    public static int removeTemporaryFiles(Path dir) {
        int removed = 0;
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
            for (Path file : files) {
                if (TMP_NAME.matcher(file.getFileName().toString()).matches() && Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
                    Files.delete(file);
                    removed++;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove the temporary files in " + dir + ": " + e.getMessage(), e);
        }
        return removed;
    }

    /** Something that writes a file's whole content to a stream. */
    @FunctionalInterface
    public interface Content {
        void writeTo(OutputStream out) throws IOException;
    }

    /** Starts the check of one command's output files: see {@link Outputs}. */
    public static Outputs outputs() {
        return new Outputs();
    }

    /**
     * The regular file a preset value ({@code --device}, {@code --periphery}: a bundled id or a path) names, or null for
     * an id, a path of nothing, or null.
     */
    public static Path presetFile(String idOrFile) {
        try {
            Path file = idOrFile == null ? null : Path.of(idOrFile);
            return file != null && Files.isRegularFile(file) ? file : null;
        } catch (java.nio.file.InvalidPathException e) {
            return null; // not a path: an id, which the preset loader checks
        }
    }

    /**
     * The output files of one command, checked as they are added, before the command runs anything: each must be writable
     * ({@link WritablePaths#requireWritable}) and no two may be the same file, nor an output one of the command's inputs
     * ({@link #input}) (compared as the files they name, {@link WritablePaths#throughLinks}), so that one output never
     * replaces another or an input. A clash is refused as bad input naming both options and the path, and asking for
     * another path for the option added later: add the inputs first, then the options that write several files.
     */
    public static final class Outputs {
        /** Every file added so far ({@link WritablePaths#throughLinks}), with how a clash names what writes it. */
        private final Map<Path, String> writers = new HashMap<>();

        private Outputs() {
        }

        /**
         * Adds {@code source}, a file that {@code option} reads, so that an output added later that is the same file is
         * refused (it would replace the command's own input, as {@code spice a.cir --json a.cir} did); add the inputs
         * first. Null (the option not given) passes; two inputs may be the same file.
         */
        public Outputs input(String option, Path source) {
            if (source != null) {
                writers.putIfAbsent(WritablePaths.throughLinks(option, source), "the input " + option + " " + source);
            }
            return this;
        }

        /**
         * {@link #input} for a preset that {@code option} gives as a bundled id or a file ({@code --device}, {@code
         * --periphery}): a value that names an existing file is an input; an id or null passes.
         */
        public Outputs preset(String option, String idOrFile) {
            return input(option, presetFile(idOrFile));
        }

        /** Adds the file {@code target} of {@code option}; null (the option not given) passes. */
        public Outputs file(String option, Path target) {
            if (target != null) {
                WritablePaths.requireWritable(option, target);
                add(option, target, "the same file as " + option + " " + target);
            }
            return this;
        }

        /** {@link #file} for a plot: its name must end in .png, the format it is written in. */
        public Outputs png(String option, Path target) {
            file(option, target);
            if (target != null && !target.getFileName().toString().toLowerCase(java.util.Locale.ROOT).endsWith(".png")) {
                throw new InvalidInputException(option + " " + target + ": a plot is written as PNG; give a file name ending "
                        + "in .png");
            }
            return this;
        }

        /**
         * Adds the files {@code files.apply(given)} that {@code option} writes (e.g. a preset and the report and plots
         * beside it); null (the option not given) passes.
         */
        public Outputs filesOf(String option, Path given, Function<Path, List<Path>> files) {
            if (given == null) {
                return this;
            }
            for (Path file : files.apply(given)) {
                WritablePaths.requireWritable(option, file);
                add(option, file, "the same file as " + file + ", which " + option + " " + given + " writes");
            }
            return this;
        }

        /** Adds the files named {@code names} of the run folder {@code dir} that {@code option} gives, each writable. */
        public Outputs runFolder(String option, Path dir, List<String> names) {
            WritablePaths.requireWritableFolder(option, dir);
            for (String name : names) {
                WritablePaths.requireWritable(option, dir.resolve(name));
                add(option, dir.resolve(name), "the run's own " + name + " in " + option + " " + dir);
            }
            return this;
        }

        /** Refuses {@code file} of {@code option} where an output added earlier is the same file. */
        private void add(String option, Path file, String description) {
            String earlier = writers.putIfAbsent(WritablePaths.throughLinks(option, file), description);
            if (earlier != null) {
                throw new InvalidInputException(option + " " + file + " is " + earlier + ": give " + option + " another path");
            }
        }
    }

    /** A fresh temporary path in {@code dir} for a file named {@code name}, matching {@link #TMP_NAME}. */
    private static Path temporary(Path dir, String name) {
        return dir.resolve("." + name + "." + Long.toUnsignedString(RANDOM.nextLong()) + TMP_SUFFIX);
    }

    /**
     * Writes {@code content} to {@code target} atomically, creating parent directories; through a symbolic link, to the
     * file it names (the link stays). A folder, device, pipe or socket at {@code target} is not replaced.
     */
    public static void write(Path target, Content content) {
        Path file = WritablePaths.throughLinks(null, target);
        if (Files.exists(file) && !Files.isRegularFile(file)) {
            String what = Files.isDirectory(file) ? "it is a folder" : "it is not a regular file (a device, pipe or socket)";
            String message = "cannot write " + target + ": " + what + ", which a result would replace";
            throw new UncheckedIOException(message, new IOException(message));
        }
        Path dir = file.getParent();
        Path tmp = null;
        try {
            Files.createDirectories(dir);
            Path fresh = temporary(dir, file.getFileName().toString());
            try (FileChannel channel = FileChannel.open(fresh, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                tmp = fresh;
                OutputStream out = new NonClosing(Channels.newOutputStream(channel));
                content.writeTo(out);
                out.flush();
                // on the disk before it replaces the old file: a crash or power loss then leaves the new content or the
                // old (the move itself may not have reached the disk), not an empty file in the old one's place
                channel.force(true);
            }
            try {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + target + ": " + cause(e), e);
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // nothing more to clean up
                }
            }
        }
    }

    /**
     * What went wrong in a write, as the system said it: the innermost cause's message (an image writer's "I/O error
     * writing PNG file!" holds the disk's "No space left on device"), with the remedy for a full disk.
     */
    private static String cause(IOException e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage() != null ? root.getMessage() : e.getMessage();
        return message != null && message.contains("No space left")
                ? message + ": the disk is full; free space on it, or give a path on another disk" : message;
    }

    /** Writes {@code value} as indented JSON (Jackson), atomically. */
    public static void writeJson(Path target, Object value) {
        write(target, out -> JSON.writeValue(new NonClosing(out), value));
    }

    /** Writes UTF-8 text, atomically. */
    public static void writeText(Path target, String text) {
        write(target, out -> out.write(text.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }

    /** The shared JSON mapper (indented output). */
    public static ObjectMapper json() {
        return JSON;
    }

    /** Keeps Jackson from closing the stream the caller owns. */
    private static final class NonClosing extends java.io.FilterOutputStream {
        NonClosing(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
        }

        @Override
        public void close() throws IOException {
            flush();
        }
    }
}
