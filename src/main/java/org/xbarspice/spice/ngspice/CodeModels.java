package org.xbarspice.spice.ngspice;

import java.util.List;
import java.util.function.Supplier;
import org.xbarspice.spice.SpiceException;

/**
 * ngspice's XSPICE code model libraries ({@code *.cm}, loaded by the {@code codemodel} lines of its {@code spinit}) are
 * loaded once per process, whatever the number of private library copies, and each copy's initialisation binds them
 * to itself: their table of ngspice's functions ({@code coreitf}) and their devices' instance size ({@code
 * DEVinstSize}, ngspice's {@code load_opus}) then point into the copy initialised last. A code model instance in any
 * other copy called into that one, or into an unloaded one: a SIGSEGV (an engine's run after a file run had loaded a
 * copy; a run on one engine after a second was closed). So a netlist with code model instances runs only in the copy
 * that bound them, and is refused elsewhere; netlists without them (the project's own) run in every copy, in parallel.
 */
final class CodeModels {
    /** The instance whose initialisation bound the code model libraries last; null when it was unloaded. */
    private static NgSpiceInstance owner;

    private CodeModels() {
    }

    /** {@code instance} has just been initialised (under {@link ProcessState#LOCK}): it holds the code models now. */
    static synchronized void initialised(NgSpiceInstance instance) {
        owner = instance;
    }

    /** {@code instance} is unloaded: no copy holds the code models until the next initialisation. */
    static synchronized void unloaded(NgSpiceInstance instance) {
        if (owner == instance) {
            owner = null;
        }
    }

    /**
     * {@code run} of {@code netlist} in {@code instance}: as is without code model instances; with them, only where
     * {@code instance} holds the code models, no initialisation meanwhile ({@code serialised}: the caller holds {@link
     * ProcessState#LOCK} already, on another thread), else refused.
     */
    static <T> T run(NgSpiceInstance instance, String netlist, boolean serialised, Supplier<T> run) {
        if (!used(netlist)) {
            return run.get();
        }
        if (!serialised) {
            ProcessState.LOCK.lock();
        }
        try {
            synchronized (CodeModels.class) {
                if (owner != instance) {
                    throw new SpiceException("the netlist has XSPICE code model instances (cards named a...), and ngspice's "
                            + "code model libraries are loaded once per process, bound to the ngspice copy initialised "
                            + "last, which is not this one: run netlists with code models through one engine of one "
                            + "instance (NgSpiceEngine.open(1)) and its file runs (runFile), with no other engine opened "
                            + "or closed since", List.of());
                }
            }
            return run.get();
        } finally {
            if (!serialised) {
                ProcessState.LOCK.unlock();
            }
        }
    }

    /**
     * Whether {@code netlist} has a code model instance: a card whose name starts with {@code a} (XSPICE's element
     * letter), outside a {@code .control} block, its title line aside. Reads the first character of each line only (a
     * netlist of a large read holds megabytes).
     */
    static boolean used(String netlist) {
        boolean control = false;
        int n = netlist.length();
        for (int start = netlist.indexOf('\n') + 1; start > 0 && start < n; ) {
            int end = netlist.indexOf('\n', start);
            if (end < 0) {
                end = n;
            }
            int at = start;
            while (at < end && (netlist.charAt(at) == ' ' || netlist.charAt(at) == '\t')) {
                at++;
            }
            if (netlist.regionMatches(true, at, ".control", 0, 8)) {
                control = true;
            } else if (netlist.regionMatches(true, at, ".endc", 0, 5)) {
                control = false;
            } else if (!control && at < end && Character.toLowerCase(netlist.charAt(at)) == 'a') {
                return true;
            }
            start = end + 1;
        }
        return false;
    }
}
