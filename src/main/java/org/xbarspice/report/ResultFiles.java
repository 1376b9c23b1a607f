package org.xbarspice.report;

import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.LinkOption;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.util.regex.Pattern;

/**
 * Writes result files completely or not at all: the content goes to a temporary file beside the
 * target ({@code .NAME.<random>.tmp}), which is then moved over it, so a failed run never leaves a partial
 * file that looks done. Files are created with the default permissions (they follow the umask); a run
 * killed mid-write leaves its temporary file, which {@link #removeTemporaryFiles(Path)} cleans up.
 */
public final class ResultFiles {
    /** Indented output; reads and writes NaN and Infinity as the bare words (an infinite tau, a missing figure). */
    private static final ObjectMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT)
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS).disable(JsonWriteFeature.WRITE_NAN_AS_STRINGS).build();

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

    /** Writes {@code content} to {@code target} atomically, creating parent directories. */
    public static void write(Path target, Content content) {
        Path dir = target.toAbsolutePath().getParent();
        Path tmp = null;
        try {
            Files.createDirectories(dir);
            Path fresh = dir.resolve("." + target.getFileName() + "." + Long.toUnsignedString(RANDOM.nextLong()) + TMP_SUFFIX);
            try (OutputStream out = Files.newOutputStream(fresh, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                tmp = fresh;
                content.writeTo(out);
            }
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + target + ": " + e.getMessage(), e);
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
