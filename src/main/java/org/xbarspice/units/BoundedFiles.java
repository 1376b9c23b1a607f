package org.xbarspice.units;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Reads user files (netlists, device presets, run configs, data files) with a size limit, so that an endless or huge
 * input ({@code /dev/zero}, a multi-gigabyte file) ends in an {@link InvalidInputException} naming the file, its
 * size and the limit instead of an {@link OutOfMemoryError}. A regular file is size-checked before it is read; any
 * file (devices and pipes included) is read with the limit, never further.
 */
public final class BoundedFiles {
    private static final long MIB = 1L << 20;
    /**
     * Largest netlist, with everything it includes: 64 MiB. The largest netlist the project writes (a 512 x 512 read
     * with wires and 512 input vectors) is about 36 MB.
     */
    public static final long NETLIST_LIMIT = 64 * MIB;
    /** Largest JSON input (device preset, run config, split file): 16 MiB; the bundled ones are a few kB. */
    public static final long JSON_LIMIT = 16 * MIB;
    /**
     * Largest run checkpoint: 1 GiB. A 784-256-128-10 SHD run (two arrays per layer, sampled device parameters) writes
     * 3.8 MB.
     */
    public static final long CHECKPOINT_LIMIT = 1024 * MIB;

    private BoundedFiles() {
    }

    /**
     * The bytes of {@code file}, at most {@code limit} of them.
     *
     * @param label names the file in every message, e.g. {@code "netlist file 'a.cir'"}
     * @throws InvalidInputException if the file is missing, a directory, unreadable or larger than {@code limit}
     */
    public static byte[] readBytes(Path file, String label, long limit) {
        if (limit < 0 || limit >= Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("limit " + limit + " must be in 0.." + (Integer.MAX_VALUE - 9));
        }
        checkSize(file, label, limit);
        byte[] bytes;
        try (InputStream in = Files.newInputStream(file)) {
            bytes = in.readNBytes((int) limit + 1);
        } catch (IOException e) {
            throw unreadable(file, label, e);
        }
        if (bytes.length > limit) {
            throw tooLarge(label, "reading it gave more bytes than the limit (a device, a pipe or a growing file)", limit);
        }
        return bytes;
    }

    /** The text of {@code file}, which must be UTF-8 (ASCII included); same limits and messages as {@link #readBytes}. */
    public static String readUtf8(Path file, String label, long limit) {
        try {
            return strictUtf8(readBytes(file, label, limit));
        } catch (CharacterCodingException e) {
            throw new InvalidInputException(label + " is not UTF-8 text (" + e.getMessage() + "): save it as UTF-8 or ASCII");
        }
    }

    /**
     * The text of {@code file} as ngspice reads a netlist, byte by byte: UTF-8 (ASCII included) if it is valid UTF-8,
     * else ISO-8859-1 (a netlist from an older tool, a 0xB5 micro sign in a comment), which maps every byte to a
     * character; same limits and messages as {@link #readBytes}.
     */
    public static String readNetlistText(Path file, String label, long limit) {
        byte[] bytes = readBytes(file, label, limit);
        try {
            return strictUtf8(bytes);
        } catch (CharacterCodingException e) {
            return new String(bytes, StandardCharsets.ISO_8859_1);
        }
    }

    /** {@code bytes} decoded as UTF-8, refusing malformed input instead of replacing it. */
    private static String strictUtf8(byte[] bytes) throws CharacterCodingException {
        return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
    }

    /**
     * Requires {@code file} to exist, not to be a directory and, when it is a regular file, to hold at most
     * {@code limit} bytes (the size of a device or pipe is only known by reading it: read it with a limit too).
     */
    public static void checkSize(Path file, String label, long limit) {
        if (Files.isDirectory(file)) {
            throw new InvalidInputException(label + " is a directory: give a file");
        }
        if (!Files.exists(file)) {
            throw new InvalidInputException(label + " does not exist: check the path" + lookedFor(file));
        }
        if (Files.isRegularFile(file)) {
            long size;
            try {
                size = Files.size(file);
            } catch (IOException e) {
                throw unreadable(file, label, e);
            }
            if (size > limit) {
                throw tooLarge(label, size(size), limit);
            }
        }
    }

    /**
     * Where a relative {@code file} was looked for, for a message: {@code " (looked for /abs/path; a relative path is
     * read from the current folder)"}; empty for an absolute one (a README's repository-relative path, given in another
     * folder, said only "check the path").
     */
    public static String lookedFor(Path file) {
        return file.isAbsolute() ? "" : " (looked for " + file.toAbsolutePath().normalize()
                + "; a relative path is read from the current folder)";
    }

    /** The error for an input larger than its limit; {@code size} describes how large it is. */
    public static InvalidInputException tooLarge(String label, String size, long limit) {
        return new InvalidInputException(label + " is too large: " + size + "; the limit is " + size(limit)
                + ": check that it is the right file");
    }

    /** A byte count for messages, e.g. {@code 64.0 MiB (67108864 bytes)}. */
    public static String size(long bytes) {
        if (bytes < 1024) {
            return bytes + " bytes";
        }
        String[] units = {"KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};
        double v = bytes;
        int u = -1;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return String.format(Locale.ROOT, "%.1f %s (%d bytes)", v, units[u], bytes);
    }

    private static InvalidInputException unreadable(Path file, String label, IOException e) {
        if (e instanceof NoSuchFileException) {
            return new InvalidInputException(label + " does not exist: check the path" + lookedFor(file), e);
        }
        if (e instanceof AccessDeniedException) {
            return new InvalidInputException(label + " cannot be read: permission denied: check its permissions", e);
        }
        return new InvalidInputException(label + " cannot be read (" + e.getMessage() + "): check that "
                + file + " is a readable file", e);
    }
}
