package org.xbarspice.netlist;

import static org.xbarspice.units.SpiceNumber.format;

/**
 * Node names and wires of an N x M crossbar (topology of {@link CrossbarCircuit}). With wires,
 * crosspoint nodes {@code r<i>_<j>} (row side) and {@code c<i>_<j>} (column side) and periphery nodes
 * {@code p<i>} (row ends) and {@code q<j>} (column ends); without wires, one node per line, {@code r<i>}
 * and {@code c<j>}, which are then also the periphery nodes.
 */
final class ArrayNodes {
    /** Name prefix of the devices' resistors, {@code Rx<i>_<j>} ({@link CrossbarNetlist#deviceName}). */
    static final String DEVICE_PREFIX = "Rx";
    private final int rows;
    private final int cols;
    private final double wireOhm;

    ArrayNodes(int rows, int cols, double wireOhm) {
        this.rows = rows;
        this.cols = cols;
        this.wireOhm = wireOhm;
    }

    boolean hasWires() {
        return wireOhm > 0;
    }

    /** Row-side node of crosspoint (i, j). */
    String rowNode(int i, int j) {
        return hasWires() ? "r" + i + "_" + j : "r" + i;
    }

    /** Column-side node of crosspoint (i, j). */
    String colNode(int i, int j) {
        return hasWires() ? "c" + i + "_" + j : "c" + j;
    }

    /** Periphery node at the driver end of row i. */
    String rowEnd(int i) {
        return hasWires() ? "p" + i : "r" + i;
    }

    /** Periphery node at the sense end of column j. */
    String colEnd(int j) {
        return hasWires() ? "q" + j : "c" + j;
    }

    /** Writes the row and column wire segments (nothing without wires). */
    void writeWires(NetlistText out) {
        if (!hasWires()) {
            return;
        }
        String r = format(wireOhm);
        out.line("* row wires: p<i> - r<i>_0 - ... - r<i>_<M-1> (far end open)");
        for (int i = 0; i < rows; i++) {
            out.line("Rwr" + i + "_0 p" + i + " " + rowNode(i, 0) + " " + r);
            for (int j = 1; j < cols; j++) {
                out.line("Rwr" + i + "_" + j + " " + rowNode(i, j - 1) + " " + rowNode(i, j) + " " + r);
            }
        }
        out.line("* column wires: c0_<j> (far end open) - ... - c<N-1>_<j> - q<j>");
        int last = rows - 1;
        for (int j = 0; j < cols; j++) {
            for (int i = 0; i < last; i++) {
                out.line("Rwc" + i + "_" + j + " " + colNode(i, j) + " " + colNode(i + 1, j) + " " + r);
            }
            out.line("Rwc" + last + "_" + j + " " + colNode(last, j) + " q" + j + " " + r);
        }
    }

    /**
     * Writes the devices as linear resistors at their read conductances (S, row-major): the same text as lines of
     * {@code Rx<i>_<j> <rowNode> <colNode> <1/G>}, appended without temporary strings (a netlist per training step). A
     * device at 0 S (below its array's weight of 0 S, {@link org.xbarspice.device.DeviceConductance}) is open: no line.
     */
    void writeResistors(NetlistText out, double[] conductances) {
        out.line("* devices at read conductance");
        StringBuilder text = out.builder();
        boolean wires = hasWires();
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                if (conductances[i * cols + j] == 0) {
                    continue;
                }
                text.append(DEVICE_PREFIX).append(i).append('_').append(j).append(" r").append(i);
                if (wires) {
                    text.append('_').append(j);
                }
                text.append(" c");
                if (wires) {
                    text.append(i).append('_');
                }
                text.append(j).append(' ').append(format(1.0 / conductances[i * cols + j])).append('\n');
            }
        }
    }
}
