package org.xbarspice.tile;

import org.xbarspice.netlist.PulseTrainDrawer;

/**
 * Derivation of independent seeds from a root seed and a path of labels (epoch, layer, array, stream kind), so that
 * every random stream of a run is a pure function of {@code (seed, labels...)} and can be recreated at any point
 * (for example after a restart from a checkpoint). The mixing is SplitMix64's finaliser (variant 13, Steele et al.,
 * OOPSLA 2014) applied to the running hash after each label has been added with the golden-ratio increment: a
 * change of any label changes all 64 bits of the result. Pure functions, thread-safe.
 */
public final class Seeds {
    private static final long GAMMA = PulseTrainDrawer.GAMMA;

    private Seeds() {
    }

    /** A seed derived from {@code root} and the labels in order; different paths give unrelated seeds. */
    public static long derive(long root, long... labels) {
        long h = PulseTrainDrawer.mix64(root + GAMMA);
        for (long label : labels) {
            h = PulseTrainDrawer.mix64(h ^ PulseTrainDrawer.mix64(label + 2 * GAMMA)) + GAMMA;
        }
        return PulseTrainDrawer.mix64(h);
    }
}
