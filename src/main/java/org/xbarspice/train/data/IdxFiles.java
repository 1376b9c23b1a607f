package org.xbarspice.train.data;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipException;
import org.xbarspice.units.BoundedFiles;
import org.xbarspice.units.InvalidInputException;
import org.xbarspice.units.XbarspiceException;

/**
 * The IDX file format of MNIST: a 4-byte magic number {@code 0 0 type ndims}, then {@code ndims} big-endian
 * int32 dimensions, then the data in row-major order. Only unsigned bytes ({@code type = 0x08}) are
 * supported: images {@code [count][rows][cols]} (3 dimensions) and labels {@code [count]} (1 dimension).
 * Files may be gzip-compressed, whatever their name (detected from the content).
 */
public final class IdxFiles {
    private static final int UNSIGNED_BYTE = 0x08;
    /**
     * Most data bytes one file may announce: 256 MiB (MNIST's training images are 47 MB; read as floats, 256 MiB
     * of pixels take 1 GiB of heap).
     */
    static final long MAX_DATA_BYTES = 256L << 20;

    private IdxFiles() {
    }

    /**
     * The images of an IDX3 file.
     *
     * @param pixels one row of {@code rows * cols} pixels per image, scaled from 0..255 to [0, 1]
     * @param rows   pixel rows of every image
     * @param cols   pixel columns of every image
     */
    public record Images(float[][] pixels, int rows, int cols) {
        /** The image size as {@code rows x cols}. */
        public String size() {
            return rows + " x " + cols;
        }
    }

    /** The images of an IDX3 file. */
    public static Images readImages(Path file) {
        int[] dims = new int[3];
        byte[] data = read(file, dims);
        int count = dims[0];
        int pixels = dims[1] * dims[2];
        float[][] images = new float[count][pixels];
        for (int k = 0; k < count; k++) {
            float[] row = images[k];
            int base = k * pixels;
            for (int p = 0; p < pixels; p++) {
                row[p] = (data[base + p] & 0xff) / 255f;
            }
        }
        return new Images(images, dims[1], dims[2]);
    }

    /** Labels of an IDX1 file, each 0..255. */
    public static int[] readLabels(Path file) {
        int[] dims = new int[1];
        byte[] data = read(file, dims);
        int[] labels = new int[dims[0]];
        for (int k = 0; k < labels.length; k++) {
            labels[k] = data[k] & 0xff;
        }
        return labels;
    }

    /**
     * Writes images as an IDX3 file of unsigned bytes (gzip-compressed when the name ends in {@code .gz}), through
     * a temporary file and a move, so the file is either complete or absent.
     *
     * @param pixels one row of {@code rows * cols} values 0..255 per image
     */
    public static void writeImages(Path file, int rows, int cols, int[][] pixels) {
        write(file, new int[] {pixels.length, rows, cols}, out -> {
            for (int[] image : pixels) {
                if (image.length != rows * cols) {
                    throw new IllegalArgumentException("image of " + image.length + " pixels, expected " + rows * cols);
                }
                writeBytes(out, image);
            }
        });
    }

    /** Writes labels (each 0..255) as an IDX1 file of unsigned bytes; same rules as {@link #writeImages}. */
    public static void writeLabels(Path file, int[] labels) {
        write(file, new int[] {labels.length}, out -> writeBytes(out, labels));
    }

    private static void writeBytes(OutputStream out, int[] values) throws IOException {
        for (int v : values) {
            if (v < 0 || v > 255) {
                throw new IllegalArgumentException("IDX unsigned byte value " + v + " is outside 0..255");
            }
            out.write(v);
        }
    }

    private interface Body {
        void write(OutputStream out) throws IOException;
    }

    private static void write(Path file, int[] dims, Body body) {
        Path dir = file.toAbsolutePath().getParent();
        Path tmp = null;
        try {
            Files.createDirectories(dir);
            tmp = dir.resolve("." + file.getFileName() + "." + ProcessHandle.current().pid() + "." + System.nanoTime() + ".tmp");
            try (OutputStream raw = new BufferedOutputStream(Files.newOutputStream(tmp, StandardOpenOption.CREATE_NEW,
                    StandardOpenOption.WRITE), 1 << 16);
                 OutputStream maybeGz = file.getFileName().toString().endsWith(".gz") ? new GZIPOutputStream(raw, 1 << 16) : raw;
                 DataOutputStream out = new DataOutputStream(maybeGz)) {
                out.writeInt(UNSIGNED_BYTE << 8 | dims.length);
                for (int d : dims) {
                    out.writeInt(d);
                }
                body.write(out);
            }
            try {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new XbarspiceException("cannot write IDX file '" + file + "': " + e.getMessage()
                    + ": check that the directory is writable and the disk has space", e);
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // best effort: a left-over .tmp file is harmless
                }
            }
        }
    }

    /**
     * Reads a ubyte IDX file with {@code dims.length} dimensions; fills {@code dims}; returns the data bytes. Reads
     * (and decompresses) only what the header announces, at most {@link #MAX_DATA_BYTES}, plus one byte to detect
     * excess data: a gzip bomb or an endless file costs no more than that.
     */
    private static byte[] read(Path file, int[] dims) {
        String label = "IDX file '" + file + "'";
        BoundedFiles.checkSize(file, label, Long.MAX_VALUE);
        try (InputStream raw = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
            raw.mark(2);
            boolean gzip = raw.read() == 0x1f && raw.read() == 0x8b;
            raw.reset();
            if (!gzip) {
                return read(raw, dims, label);
            }
            try (InputStream in = new GZIPInputStream(raw, 1 << 16)) {
                return read(in, dims, label);
            } catch (ZipException | EOFException e) {
                throw corrupt(label, "its gzip compression is broken (" + e.getMessage() + ")");
            }
        } catch (NoSuchFileException e) {
            throw new InvalidInputException(label + " does not exist: check the path (run scripts/setup-data.sh for the "
                    + "bundled data sets)", e);
        } catch (IOException e) {
            throw new InvalidInputException(label + " cannot be read: " + e.getMessage() + ": check that it is a readable file", e);
        }
    }

    private static byte[] read(InputStream in, int[] dims, String label) throws IOException {
        ByteBuffer magicBytes = ByteBuffer.wrap(in.readNBytes(4));
        if (magicBytes.remaining() < 4) {
            throw corrupt(label, "it is shorter than the 4-byte magic number");
        }
        int magic = magicBytes.getInt();
        if ((magic >>> 16) != 0) {
            throw corrupt(label, String.format("its magic number 0x%08x does not start with two zero bytes, so it is not an IDX file", magic));
        }
        int type = (magic >>> 8) & 0xff;
        if (type != UNSIGNED_BYTE) {
            throw corrupt(label, String.format("its data type is 0x%02x; only unsigned bytes (0x08) are supported", type));
        }
        int ndims = magic & 0xff;
        if (ndims != dims.length) {
            throw corrupt(label, "it has " + ndims + " dimension(s) but " + dims.length + " are expected ("
                    + (dims.length == 3 ? "images: count, rows, cols" : "labels: count") + "); is it the right file?");
        }
        ByteBuffer header = ByteBuffer.wrap(in.readNBytes(4 * ndims));
        BigInteger product = BigInteger.ONE;
        StringBuilder shape = new StringBuilder();
        for (int i = 0; i < ndims; i++) {
            if (header.remaining() < 4) {
                throw corrupt(label, "its header ends before dimension " + (i + 1) + " of " + ndims);
            }
            dims[i] = header.getInt();
            if (dims[i] <= 0) {
                throw corrupt(label, "dimension " + (i + 1) + " = " + dims[i] + " must be >= 1");
            }
            shape.append(i == 0 ? "" : " x ").append(dims[i]);
            product = product.multiply(BigInteger.valueOf(dims[i]));
        }
        if (product.compareTo(BigInteger.valueOf(MAX_DATA_BYTES)) > 0) {
            throw BoundedFiles.tooLarge(label, "its header announces " + shape + " = " + product + " data bytes",
                    MAX_DATA_BYTES);
        }
        long total = product.longValueExact();
        byte[] bytes = in.readNBytes((int) total);
        if (bytes.length < total) {
            throw corrupt(label, "it is truncated: the header announces " + total + " data bytes, the file holds "
                    + bytes.length);
        }
        if (in.read() >= 0) {
            throw corrupt(label, "it has more bytes than the " + total + " data bytes its header announces");
        }
        return bytes;
    }

    private static InvalidInputException corrupt(String label, String what) {
        return new InvalidInputException(label + " is corrupt: " + what + ": download or convert it again "
                + "(scripts/setup-data.sh for the bundled data sets)");
    }
}
