package org.xbarspice.netlist;

/** Which lines of a crossbar are driven and which are sensed during a read. */
public enum Direction {
    /** Rows driven, columns sensed: I = G' V (the forward pass, y = W x). */
    FORWARD,
    /** Columns driven, rows sensed: I = G V (the backward pass, delta = W' d). */
    BACKWARD;

    /** Number of driven lines of an array with {@code rows} x {@code cols} crosspoints. */
    public int drivenLines(int rows, int cols) {
        return this == FORWARD ? rows : cols;
    }

    /** Number of sensed lines of an array with {@code rows} x {@code cols} crosspoints. */
    public int sensedLines(int rows, int cols) {
        return this == FORWARD ? cols : rows;
    }
}
