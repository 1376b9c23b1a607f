package org.xbarspice.spice;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A small reader of the raw files the ngspice binary writes ({@code ngspice -b -r FILE}), ASCII ({@code Values:},
 * numbers as text) or binary ({@code Binary:}, little-endian doubles), written for the tests independently of the
 * engine's own reader: the tests compare the engine's vectors with what the binary wrote.
 */
final class RawFileReader {
    private RawFileReader() {
    }

    /**
     * One plot. For an ASCII file {@code text} holds each value as written ({@code re} or {@code re,im}); the doubles
     * are the parsed text, rounded to the 16 significant digits ngspice prints.
     */
    record Plot(String name, boolean complex, List<String> vectors, double[][] real, double[][] imaginary,
                String[][] text) {
        int index(String vector) {
            int k = vectors.indexOf(vector);
            if (k < 0) {
                throw new AssertionError("plot '" + name + "' has no vector " + vector + ": " + vectors);
            }
            return k;
        }
    }

    static List<Plot> read(Path file) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<Plot> plots = new ArrayList<>();
        int at = 0;
        while (at < bytes.length) {
            String name = "";
            boolean complex = false;
            int count = 0;
            int points = 0;
            List<String> vectors = new ArrayList<>();
            boolean binary;
            while (true) {
                int end = indexOf(bytes, (byte) '\n', at);
                String line = new String(bytes, at, end - at, StandardCharsets.UTF_8);
                at = end + 1;
                if (line.startsWith("Plotname:")) {
                    name = line.substring("Plotname:".length()).strip();
                } else if (line.startsWith("Flags:")) {
                    complex = line.contains("complex");
                } else if (line.startsWith("No. Variables:")) {
                    count = Integer.parseInt(line.substring("No. Variables:".length()).strip());
                } else if (line.startsWith("No. Points:")) {
                    points = Integer.parseInt(line.substring("No. Points:".length()).strip());
                } else if (line.startsWith("Variables:")) {
                    for (int k = 0; k < count; k++) {
                        end = indexOf(bytes, (byte) '\n', at);
                        vectors.add(new String(bytes, at, end - at, StandardCharsets.UTF_8).strip().split("\\s+")[1]);
                        at = end + 1;
                    }
                } else if (line.startsWith("Binary:") || line.startsWith("Values:")) {
                    binary = line.startsWith("Binary:");
                    break;
                }
            }
            double[][] re = new double[count][points];
            double[][] im = new double[count][points];
            String[][] text = binary ? null : new String[count][points];
            if (binary) {
                ByteBuffer values = ByteBuffer.wrap(bytes, at, bytes.length - at).order(ByteOrder.LITTLE_ENDIAN);
                for (int p = 0; p < points; p++) {
                    for (int k = 0; k < count; k++) {
                        re[k][p] = values.getDouble();
                        im[k][p] = complex ? values.getDouble() : 0;
                    }
                }
                at += points * count * (complex ? 16 : 8);
            } else {
                // each point: "index<TAB>value" then one "<TAB>value" line per further vector; a value is "re" or "re,im"
                for (int p = 0; p < points; p++) {
                    for (int k = 0; k < count; k++) {
                        int end = indexOf(bytes, (byte) '\n', at);
                        String[] fields = new String(bytes, at, end - at, StandardCharsets.UTF_8).strip().split("\\s+");
                        String value = fields[fields.length - 1];
                        text[k][p] = value;
                        String[] parts = value.split(",");
                        re[k][p] = Double.parseDouble(parts[0]);
                        im[k][p] = parts.length > 1 ? Double.parseDouble(parts[1]) : 0;
                        at = end + 1;
                    }
                }
                while (at < bytes.length && bytes[at] == '\n') {
                    at++;
                }
            }
            plots.add(new Plot(name, complex, vectors, re, complex ? im : null, text));
        }
        return plots;
    }

    private static int indexOf(byte[] bytes, byte b, int from) {
        for (int k = from; k < bytes.length; k++) {
            if (bytes[k] == b) {
                return k;
            }
        }
        throw new IllegalStateException("raw file ends inside a header line");
    }
}
