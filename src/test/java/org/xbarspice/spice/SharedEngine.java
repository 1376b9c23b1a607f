package org.xbarspice.spice;

import org.xbarspice.spice.ngspice.NgSpiceEngine;

/** One ngspice engine for the whole test JVM (loading a library copy costs time). A missing engine fails the test. */
public final class SharedEngine {
    private static NgSpiceEngine engine;

    private SharedEngine() {
    }

    /** The engine, opened on first use with two instances. */
    public static synchronized NgSpiceEngine get() {
        if (engine == null) {
            engine = NgSpiceEngine.open(2);
        }
        return engine;
    }
}
