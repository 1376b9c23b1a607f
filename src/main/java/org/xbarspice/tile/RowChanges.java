package org.xbarspice.tile;

import java.util.Arrays;

/**
 * Which rows of a conductance array changed since a reader's previous call, so that a reader keeps what it derived
 * from the other rows: {@link #NONE}, {@link #ALL}, or a mark per row that its owner sets and clears.
 */
public final class RowChanges {
    /** Nothing changed. */
    public static final RowChanges NONE = new RowChanges(new boolean[0], false);
    /** Every row may have changed (first call, weights set). */
    public static final RowChanges ALL = new RowChanges(null, true);

    private final boolean[] marks;
    private boolean any;

    /** A mark for each of {@code rows} rows, none set. */
    public RowChanges(int rows) {
        this(new boolean[rows], false);
    }

    private RowChanges(boolean[] marks, boolean any) {
        this.marks = marks;
        this.any = any;
    }

    /** {@link #ALL} if changed, else {@link #NONE}. */
    public static RowChanges of(boolean changed) {
        return changed ? ALL : NONE;
    }

    /** Whether any row changed. */
    public boolean any() {
        return any;
    }

    /** Whether row i may have changed. */
    public boolean row(int i) {
        return marks == null || any && marks[i];
    }

    /** Marks row i as changed (not on the shared {@link #NONE} and {@link #ALL}). */
    public void mark(int i) {
        if (this == NONE || this == ALL) {
            throw new UnsupportedOperationException("the shared row changes are fixed");
        }
        marks[i] = true;
        any = true;
    }

    /** Clears every mark (after the reader has seen them). */
    public void clear() {
        if (any && marks != null) {
            Arrays.fill(marks, false);
            any = false;
        }
    }
}
