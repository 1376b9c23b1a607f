package org.xbarspice.spice.ngspice;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.xbarspice.spice.SpicePlot;
import org.xbarspice.spice.SpiceVector;

/**
 * Reads the binary raw files that ngspice writes ({@code ngspice -r FILE}, the commands {@code run FILE} and
 * {@code write FILE}): plots one after the other, each a text header (title, plot name, flags {@code real} or
 * {@code complex}, the variables with their types, the number of points) ending in a line {@code Binary:}, then the
 * values point by point, each a double in the machine's byte order, two (real, imaginary) in a complex plot.
 *
 * <p>The scale of a complex plot (the frequency of an AC analysis) is returned real: ngspice writes its imaginary half
 * from uninitialised memory (measured: 4.6e-310 and 4.7e-310 in two runs of one netlist), while its in-memory vector
 * holds 0 there. A plot of nested sweeps comes flattened, as ngspice's own vectors are.
 */
final class RawFile {
    /** Bytes read per block (at least one row): see {@link #read}. */
    private static final int BLOCK_BYTES = 1 << 20;
    /** ngspice's plot names from its plot titles (typesdef.c, plotabs): the first pattern the title contains wins. */
    private static final String[][] ABBREVIATIONS = {
        {"tran", "transient"}, {"op", "op"}, {"tf", "function"}, {"dc", "d.c."}, {"dc", "dc"}, {"dc", "transfer"},
        {"ac", "a.c."}, {"ac", "ac"}, {"pz", "pz"}, {"pz", "p.z."}, {"pz", "pole-zero"}, {"disto", "disto"},
        {"dist", "dist"}, {"noise", "noise"}, {"sens", "sens"}, {"sens", "sensitivity"}, {"sens2", "sens2"},
        {"sp", "s.p."}, {"sp", "sp"}, {"harm", "harm"}, {"spect", "spect"}, {"pss", "periodic"}};

    private final Path file;
    private final List<Section> sections;

    /** One plot of the file and where its values start (bytes from the start of the file). */
    private record Section(SpicePlot plot, boolean complex, long dataStart) {
        long rowBytes() {
            return (long) plot.vectors().size() * (complex ? 2 : 1) * Double.BYTES;
        }
    }

    private RawFile(Path file, List<Section> sections) {
        this.file = file;
        this.sections = sections;
    }

    /**
     * Reads the headers of {@code file}; the plots are named as ngspice names them ({@code tran1}, {@code ac1}, ...),
     * numbered from {@code counts} (plot kind to the number of such plots named so far), which this updates.
     *
     * @throws UncheckedIOException    if the file cannot be read
     * @throws IllegalStateException   if it is not a binary raw file (ngspice wrote something else)
     */
    static RawFile open(Path file, Map<String, Integer> counts) {
        List<Section> sections = new ArrayList<>();
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = channel.size();
            long position = 0;
            while (position < size) {
                Header header = Header.read(channel, position, file);
                String kind = abbreviation(header.plotName);
                int number = counts.merge(kind, 1, Integer::sum);
                List<SpicePlot.Column> columns = new ArrayList<>();
                for (int k = 0; k < header.names.size(); k++) {
                    columns.add(new SpicePlot.Column(header.names.get(k), header.types.get(k), header.complex && k > 0));
                }
                Section section = new Section(new SpicePlot(kind + number, header.plotName, header.points, columns),
                        header.complex, header.end);
                sections.add(section);
                position = header.end + section.rowBytes() * header.points;
                if (position > size) {
                    throw new IllegalStateException(file + ": plot '" + header.plotName + "' announces " + header.points
                            + " points, but the file ends before them");
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read ngspice's raw file " + file + ": " + e.getMessage(), e);
        }
        return new RawFile(file, sections);
    }

    /** The plots, in the file's order. */
    List<SpicePlot> plots() {
        return sections.stream().map(Section::plot).toList();
    }

    /**
     * The values of the vectors {@code names} (exact column names) of plot {@code index}. The file is read in order, a
     * block of rows (about 1 MiB) at a time into native memory, copied into one double array and transposed from
     * there, so that the rows being read stay in the caches while each vector's run of values is written (measured,
     * 2003 vectors x 12,043 points, 193 MB: 0.2-0.4 s on this machine, shared with other work).
     */
    List<SpiceVector> read(int index, List<String> names) {
        Section section = sections.get(index);
        SpicePlot plot = section.plot();
        int n = names.size();
        if (n == 0) { // nothing asked, as from a plot without vectors (a netlist whose analyses solved no node)
            return List.of();
        }
        int width = section.complex() ? 2 : 1;
        int rowValues = plot.vectors().size() * width;
        int[] columns = new int[n];
        double[][] real = new double[n][plot.points()];
        double[][] imaginary = new double[n][];
        for (int c = 0; c < n; c++) {
            columns[c] = columnIndex(plot, names.get(c));
            imaginary[c] = plot.vectors().get(columns[c]).complex() ? new double[plot.points()] : null;
        }
        int rowsPerBlock = Math.max(1, BLOCK_BYTES / (rowValues * Double.BYTES));
        ByteBuffer bytes = blockBuffer(rowsPerBlock * rowValues * Double.BYTES);
        double[] block = new double[rowsPerBlock * rowValues];
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            for (int first = 0; first < plot.points(); first += rowsPerBlock) {
                int rows = Math.min(rowsPerBlock, plot.points() - first);
                bytes.clear().limit(rows * rowValues * Double.BYTES);
                long at = section.dataStart() + (long) first * rowValues * Double.BYTES;
                while (bytes.hasRemaining()) {
                    if (channel.read(bytes, at + bytes.position()) < 0) {
                        throw new IllegalStateException(file + " ends inside plot '" + plot.type() + "'");
                    }
                }
                bytes.flip();
                bytes.asDoubleBuffer().get(block, 0, rows * rowValues);
                for (int c = 0; c < n; c++) {
                    int offset = columns[c] * width;
                    double[] re = real[c];
                    double[] im = imaginary[c];
                    for (int r = 0, at2 = offset; r < rows; r++, at2 += rowValues) {
                        re[first + r] = block[at2];
                    }
                    if (im != null) {
                        for (int r = 0, at2 = offset + 1; r < rows; r++, at2 += rowValues) {
                            im[first + r] = block[at2];
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read ngspice's raw file " + file + ": " + e.getMessage(), e);
        }
        List<SpiceVector> out = new ArrayList<>(n);
        for (int c = 0; c < n; c++) {
            SpicePlot.Column column = plot.vectors().get(columns[c]);
            out.add(new SpiceVector(column.name(), column.type(), real[c], imaginary[c]));
        }
        return out;
    }

    /**
     * A native buffer of at least {@code size} bytes, kept per thread: a new one per read is freed only when the garbage
     * collector runs, and 300 file runs grew the resident memory by 190 MB before it did (measured).
     */
    private static ByteBuffer blockBuffer(int size) {
        ByteBuffer buffer = BLOCKS.get();
        if (buffer == null || buffer.capacity() < size) {
            buffer = ByteBuffer.allocateDirect(size).order(ByteOrder.nativeOrder());
            BLOCKS.set(buffer);
        }
        return buffer;
    }

    private static final ThreadLocal<ByteBuffer> BLOCKS = new ThreadLocal<>();

    private static int columnIndex(SpicePlot plot, String name) {
        for (int k = 0; k < plot.vectors().size(); k++) {
            if (plot.vectors().get(k).name().equals(name)) {
                return k;
            }
        }
        throw new IllegalArgumentException("plot " + plot.name() + " has no vector " + name);
    }

    /** ngspice's short name of a plot titled {@code plotName}. */
    static String abbreviation(String plotName) {
        String lower = plotName.toLowerCase(Locale.ROOT);
        for (String[] entry : ABBREVIATIONS) {
            if (lower.contains(entry[1])) {
                return entry[0];
            }
        }
        return "unknown";
    }

    /** A plot's text header. */
    private static final class Header {
        String plotName = "";
        boolean complex;
        int points = -1;
        final List<String> names = new ArrayList<>();
        final List<String> types = new ArrayList<>();
        /** Where the values start. */
        long end;

        static Header read(FileChannel channel, long start, Path file) throws IOException {
            ByteBuffer buffer = ByteBuffer.allocate(1 << 16);
            StringBuilder line = new StringBuilder();
            Header h = new Header();
            int variables = -1;
            boolean inVariables = false;
            long position = start;
            while (true) {
                buffer.clear();
                int got = channel.read(buffer, position);
                if (got <= 0) {
                    throw new IllegalStateException(file + ": the header of a plot does not end in 'Binary:'");
                }
                buffer.flip();
                while (buffer.hasRemaining()) {
                    byte b = buffer.get();
                    position++;
                    if (b != '\n') {
                        line.append((char) (b & 0xff));
                        continue;
                    }
                    String text = new String(line.toString().getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8);
                    line.setLength(0);
                    if (text.startsWith("Binary:")) {
                        if (h.points < 0 || variables < 0 || h.names.size() != variables) {
                            throw new IllegalStateException(file + ": incomplete header of plot '" + h.plotName + "'");
                        }
                        h.end = position;
                        return h;
                    }
                    if (text.startsWith("Values:")) {
                        throw new IllegalStateException(file + " is an ASCII raw file; ngspice was asked for binary");
                    }
                    if (inVariables && text.startsWith("\t") || inVariables && text.startsWith(" ")) {
                        String[] fields = text.strip().split("\\s+");
                        h.names.add(fields[1]);
                        h.types.add(fields.length > 2 ? fields[2] : "notype");
                        continue;
                    }
                    inVariables = false;
                    int colon = text.indexOf(':');
                    String key = colon < 0 ? text : text.substring(0, colon);
                    String value = colon < 0 ? "" : text.substring(colon + 1).strip();
                    switch (key) {
                        case "Plotname" -> h.plotName = value;
                        case "Flags" -> h.complex = value.toLowerCase(Locale.ROOT).contains("complex");
                        case "No. Variables" -> variables = Integer.parseInt(value);
                        case "No. Points" -> h.points = Integer.parseInt(value);
                        case "Variables" -> inVariables = true;
                        default -> {
                            // Title, Date, Command, Option, Dimensions: not needed
                        }
                    }
                }
            }
        }
    }
}
