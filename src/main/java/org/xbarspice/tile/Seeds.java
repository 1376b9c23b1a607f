package org.xbarspice.tile;

/**
 * Derivation of independent seeds from a root seed and a path of labels (epoch, layer, array, stream kind), so that
 * every random stream of a run is a pure function of {@code (seed, labels...)} and can be recreated at any point
 * (for example after a restart from a checkpoint). The mixing is SplitMix64's finaliser (variant 13, Steele et al.,
 * OOPSLA 2014) applied to the running hash after each label has been added with the golden-ratio increment: a
 * change of any label changes all 64 bits of the result. Pure functions, thread-safe.
 */
public final class Seeds {
    /** The SplitMix64 increment (2^64 / golden ratio). */
    static final long GAMMA = 0x9e3779b97f4a7c15L;

    private Seeds() {
    }

    /** SplitMix64 output function (variant 13 mixer) of {@code z}: a bijection of the 64-bit words. */
    public static long mix64(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }

    /** A seed derived from {@code root} and the labels in order; different paths give unrelated seeds. */
    public static long derive(long root, long... labels) {
        long h = mix64(root + GAMMA);
        for (long label : labels) {
            h = mix64(h ^ mix64(label + 2 * GAMMA)) + GAMMA;
        }
        return mix64(h);
    }
}
