package org.xbarspice.spice.ngspice;

import com.sun.jna.CallbackThreadInitializer;
import com.sun.jna.Library;
import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Pointer;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.Files;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.DoubleConsumer;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.xbarspice.spice.NetlistFile;
import org.xbarspice.spice.SpiceException;
import org.xbarspice.spice.SpiceJob;
import org.xbarspice.spice.SpiceJobResult;
import org.xbarspice.spice.SpiceNetlistException;
import org.xbarspice.spice.SpicePlot;
import org.xbarspice.spice.SpiceResult;
import org.xbarspice.spice.SpiceUnavailableException;
import org.xbarspice.spice.SpiceVector;

/**
 * One ngspice instance: one private copy of the shared library, used by one thread at a time.
 * Handles the pitfalls of NGSPICE.md: fatal exits caught (the instance is then dead and must be replaced), the circuit
 * and its plots freed after every run, the command history freed periodically, netlists passed as one freed native
 * block ({@link #load}). Counts the time spent inside ngspice's own functions, apart from the Java and JNA work around
 * them.
 *
 * <p>Success or failure comes from ngspice's own status, never from the words of its messages: the return value of
 * {@code ngSpice_Circ} / {@code ngSpice_Command} (1 after a fatal error or {@code quit}), and the variable
 * {@code sim_status}, which ngspice's {@code run} sets to 0 when it starts an analysis and to 1 when the analysis is
 * aborted or has nothing to run; it is set to {@value #NOT_STARTED} before every run, so a value still
 * {@value #NOT_STARTED} after it means that ngspice did not start (no circuit, or a circuit it did not parse).
 * Everything ngspice writes on its error stream is passed on as warnings.
 */
final class NgSpiceInstance {
    /** dlopen flags: RTLD_LAZY | RTLD_LOCAL, so each library copy keeps its own globals. */
    private static final int RTLD_LAZY_LOCAL = 1;
    private static final int TAIL_LINES = 30;
    /** Error-stream lines kept as warnings of one run; a run that writes more keeps the first ones and a count. */
    private static final int MAX_WARNINGS = 200;
    /**
     * ngspice's own notices on standard output while it loads a netlist and runs its {@code .control} block (the binary
     * prints them too), left out of what the block printed: the compatibility mode (none, or those a {@code .spiceinit}
     * selects), the circuit's title, an analysis's start, the linear solver, a plot's row count and the closing note
     * of a batch run; and the shared library's own note on a {@code quit}, which the binary never prints. A transient's
     * progress ends in a carriage return, which a terminal overwrites; such lines are left out too.
     */
    private static final Pattern NOTICE = Pattern.compile("Note: No compatibility mode selected!"
            + "|Note: Compatibility modes selected: .*|Circuit: .*"
            + "|Doing analysis at TEMP = .*|Using \\S+ [\\d.]+ as Direct Linear Solver|No\\. of Data Rows : \\d+"
            + "|Note: Simulation executed from \\.control section\\s*|Note: 'quit' asks for resetting or detaching .*");
    /** Most lines of a netlist's {@code .control} output kept; the rest are counted. */
    private static final int MAX_PRINTED_LINES = 100_000;
    private static final int COMMANDS_PER_HISTORY_FLUSH = 2000;
    /** vector_info layout on x86-64 (NGSPICE.md). */
    private static final int VEC_TYPE_OFFSET = 8;
    private static final int VEC_FLAGS_OFFSET = 12;
    private static final int VEC_REALDATA_OFFSET = 16;
    private static final int VEC_COMPDATA_OFFSET = 24;
    private static final int VEC_LENGTH_OFFSET = 32;
    /** dvec flag VF_COMPLEX. */
    private static final short VF_COMPLEX = 2;
    /** ngspice's vector type names by number (typesdef.c, SV_*). */
    private static final String[] VECTOR_TYPES = {"notype", "time", "frequency", "voltage", "current",
        "voltage-density", "current-density", "voltage^2-density", "current^2-density", "voltage^2", "current^2",
        "pole", "zero", "s-param", "temp-sweep", "res-sweep", "impedance", "admittance", "power", "phase", "decibel",
        "capacitance", "charge", "temperature"};
    /** {@code sim_status} before a run; still this after it: ngspice did not start the analysis. */
    static final int NOT_STARTED = -1;
    /**
     * ngspice's note, at the first command after an analysis on its background thread ({@code bg_halt} included), that
     * the thread has ended (sharedspice.c, {@code _thread_stop}).
     */
    private static final Pattern BACKGROUND_ENDED = Pattern.compile("Background thread stopped with timeout = \\d+");
    /** Marks the output lines of xbarspice's own queries, which are not ngspice's messages. */
    private static final String MARK = "xbarspice-query ";
    private static final Pattern VERSION = Pattern.compile("ngspice-(\\d+)");
    /** A line of ngspice's {@code .meas} report: {@code NAME = VALUE ...} or {@code NAME = failed}. */
    private static final Pattern MEASUREMENT = Pattern.compile("^\\s*(\\S+)\\s*=\\s*(\\S+)");

    private final NgSpiceLibrary lib;
    private final Deque<String> tail = new ArrayDeque<>(TAIL_LINES);
    /** Error-stream lines since {@link #clearOutput}, without the prefix. */
    private final List<String> errorLines = new ArrayList<>();
    private int droppedErrorLines;
    /** How many of {@link #errorLines} the last load wrote: a rejected netlist's reasons. */
    private int loadErrors;
    /** The answer to the last query ({@link #query}), or null. */
    private String answer;
    /** While not null, {@code .meas} report lines for these names are recorded into {@link #measured}. */
    private Set<String> measuring;
    private final Map<String, String> measured = new LinkedHashMap<>();
    /** While not null, the standard-output lines ngspice writes are recorded here: a file run's load. */
    private List<String> printing;
    private int droppedPrintedLines;
    private volatile boolean dead;
    /** Whether the fatal exit was the {@code quit} command (a netlist's .control block may end with it). */
    private volatile boolean quit;
    private int commandsSinceFlush;
    private long nativeNanos;
    /** Native blocks for netlist text and line pointers, reused by every load. */
    private Memory textBuffer;
    private Memory pointerBuffer;
    /** Whether the current circuit has been freed. */
    private boolean cleaned = true;
    /** Whether {@code save} commands restricted the current circuit's vectors. */
    private boolean saved;
    private final String version;

    /** Where the progress of the analysis in progress goes ({@link #onProgress}); null: nowhere. */
    private volatile DoubleConsumer progress;

    // Callbacks stay strongly referenced for the life of the instance (native code holds them).
    private final NgSpiceLibrary.SendChar sendChar = (line, id, user) -> {
        onLine(line);
        return 0;
    };
    private final NgSpiceLibrary.SendStat sendStat = (status, id, user) -> {
        DoubleConsumer to = progress;
        if (to != null) {
            double fraction = progressFraction(status);
            if (fraction >= 0) {
                try {
                    to.accept(fraction);
                } catch (RuntimeException e) {
                    progress = null; // a display that fails must not stop the analysis, nor unwind through ngspice
                }
            }
        }
        return 0;
    };
    private final NgSpiceLibrary.ControlledExit controlledExit = (status, immediate, quitCommand, id, user) -> {
        dead = true;
        quit = quitCommand != 0;
        if (!quit) {
            onLine("stderr ngspice requested exit with status " + status);
        }
        return 0;
    };
    /** ngspice's background thread of the analysis in progress, once it has called {@link #bgThreadRunning}. */
    private volatile Thread background;
    /** Whether that thread has called {@link #bgThreadRunning} a second time: it has left its command. */
    private volatile boolean backgroundLeft;
    /** The thread that waits in {@link #runInBackground}, woken by {@link #bgThreadRunning}. */
    private volatile Thread waiting;
    /**
     * Called by ngspice's background thread ({@link #runInBackground}) first (0) and when it has left its command (1),
     * which it also does in a fatal exit, before {@link #controlledExit} and the thread's end.
     */
    private final NgSpiceLibrary.BgThreadRunning bgThreadRunning = (ended, id, user) -> {
        if (ended == 0) {
            background = Thread.currentThread();
        } else {
            backgroundLeft = true;
        }
        LockSupport.unpark(waiting);
        return 0;
    };

    /**
     * How a native thread of ngspice that calls back (its background thread) is seen by the JVM: attached at its first
     * callback and left attached until it ends (JNA detaches it then, from a thread-exit handler), so that its {@link
     * Thread} ends exactly when the native thread does ({@link #runInBackground} waits for that); a daemon, as ngspice's
     * own thread must not keep the JVM alive. JNA's default attaches and detaches it around every callback instead.
     */
    private static final CallbackThreadInitializer NATIVE_THREADS =
            new CallbackThreadInitializer(true, false, "ngspice-analysis");

    private NgSpiceInstance(Path libraryCopy, String origin) {
        lib = link(libraryCopy, origin);
        for (com.sun.jna.Callback callback : List.of(sendChar, sendStat, controlledExit, bgThreadRunning)) {
            Native.setCallbackThreadInitializer(callback, NATIVE_THREADS); // before ngspice gets them (JNA reads it then)
        }
        try {
            ProcessState.initialiseQuietly(this::initialise);
            CodeModels.initialised(this);
            command("version");
            version = acceptedVersion(String.join("\n", tail), origin);
        } catch (RuntimeException | Error e) { // a wrong version, no KLU: the copy is let go, not left mapped
            unload();
            throw e;
        }
    }

    /**
     * Loads the library file (a private copy) and initialises ngspice in it.
     *
     * @param origin the library the copy was made from, as the user knows it (for messages)
     * @throws SpiceUnavailableException if the file is not a loadable library or not ngspice (a function is missing)
     */
    static NgSpiceInstance load(Path libraryCopy, String origin) {
        return new NgSpiceInstance(libraryCopy, origin);
    }

    /**
     * Opens the library and looks up every function of {@link NgSpiceLibrary} before any is called: JNA would
     * otherwise only find a missing one at its first call, as a raw {@link UnsatisfiedLinkError}.
     */
    private static NgSpiceLibrary link(Path libraryCopy, String origin) {
        Map<String, Object> options = Map.of(Library.OPTION_OPEN_FLAGS, RTLD_LAZY_LOCAL);
        NativeLibrary nativeLibrary;
        try {
            nativeLibrary = NativeLibrary.getInstance(libraryCopy.toString(), options);
        } catch (UnsatisfiedLinkError e) {
            throw unusable(origin, "it cannot be loaded as a shared library (" + dlopenReason(e, libraryCopy) + ")", e);
        }
        List<String> functions = new ArrayList<>();
        for (Method function : NgSpiceLibrary.class.getDeclaredMethods()) {
            functions.add(function.getName());
        }
        functions.sort(Comparator.comparing((String name) -> !name.equals("ngSpice_Init")).thenComparing(name -> name));
        for (String function : functions) {
            try {
                nativeLibrary.getFunction(function);
            } catch (UnsatisfiedLinkError e) {
                nativeLibrary.dispose();
                throw unusable(origin, "it has no function " + function + ", so it is not the ngspice shared "
                        + "library (libngspice) of version " + NgSpiceEngine.MIN_VERSION + "+", e);
            }
        }
        NgSpiceLibrary lib = Native.load(libraryCopy.toString(), NgSpiceLibrary.class, options);
        if (handleOf(lib) != nativeLibrary) {
            nativeLibrary.dispose(); // the proxy holds a handle of its own (JNA keys its cache by the options it adds)
        }
        return lib;
    }

    private static NativeLibrary handleOf(NgSpiceLibrary lib) {
        return ((Library.Handler) java.lang.reflect.Proxy.getInvocationHandler(lib)).getNativeLibrary();
    }

    /**
     * Resets ngspice unless it is dead (a reset after a fatal exit or {@code quit} crashed the process, measured), then
     * unmaps this instance's library copy (its code and globals, about 5 MB per copy). The reset frees what ngspice
     * allocated in the C heap, which the process shares and the unmapping does not give back: without it every engine
     * opened, run once and closed left 100-230 kB (measured: 8 x 8 and 16 x 16 reads). Only when no thread is inside
     * ngspice: never for an instance abandoned in a run that did not end. Measured (JNA 5.19, glibc, ngspice 46, libjsig
     * preloaded): after init, a run and the unload, the copy's mappings are gone from {@code /proc/self/maps}, and the
     * JVM still catches a StackOverflowError and an implicit null check (both SIGSEGV) afterwards, over 30 load, run,
     * unload cycles (without the unload, 20 cycles left 200 MB resident against 102 MB for 30 with it). ngspice 46's
     * shared library installs its SIGSEGV handler for the duration of a call and restores the previous one at its end
     * ({@code sharedspice.c}, skipped with the variable {@code nosighandling}); the SIGSEGV disposition that
     * {@code sigaction} reported between calls was the same before the first load, after init, after a run and after
     * the unload. The instance must not be used afterwards.
     */
    void unload() {
        if (!dead && !unloaded) {
            lib.ngSpice_Reset(); // frees ngspice's blocks in the C heap, which the unload alone leaves allocated
        }
        dead = true;
        unloaded = true;
        CodeModels.unloaded(this);
        handleOf(lib).dispose();
    }

    /** Whether {@link #unload} ran: nothing may call into the library copy any more. */
    boolean isUnloaded() {
        return unloaded;
    }

    private boolean unloaded;

    /** The dynamic loader's reasons ("file too short", "invalid ELF header"), without JNA's search notes. */
    private static String dlopenReason(UnsatisfiedLinkError e, Path libraryCopy) {
        String prefix = libraryCopy + ": ";
        String reasons = e.getMessage() == null ? "" : e.getMessage().lines()
                .filter(line -> line.startsWith(prefix)).map(line -> line.substring(prefix.length()))
                .distinct().collect(Collectors.joining("; "));
        return reasons.isEmpty() ? String.valueOf(e.getMessage()).lines().findFirst().orElse("") : reasons;
    }

    private static SpiceUnavailableException unusable(String origin, String reason, Throwable cause) {
        return new SpiceUnavailableException("cannot use " + origin + " as ngspice: " + reason + ": "
                + NgSpiceEngine.INSTALL_HINT, cause);
    }

    /**
     * Resets ngspice ({@code ngSpice_Reset}: circuits, plots, variables, aliases, functions, parameters go) and
     * initialises it again in the current working folder, which reads that folder's {@code .spiceinit} (else the
     * user's) and ngspice's {@code spinit}. Measured: the {@code option} lines of a {@code .spiceinit} survive the reset,
     * so an instance that read a netlist's own {@code .spiceinit} must not be reset for another netlist. Not after a
     * fatal exit or {@code quit} (a reset then crashed the process, measured).
     */
    void reinitialise() {
        if (dead) {
            throw new IllegalStateException("a dead ngspice instance cannot be reset");
        }
        lib.ngSpice_Reset();
        initialise();
        CodeModels.initialised(this);
        cleaned = true;
        commandsSinceFlush = 0;
    }

    /** {@code ngSpice_Init} with this instance's callbacks. */
    private void initialise() {
        lib.ngSpice_Init(sendChar, sendStat, controlledExit, null, null, bgThreadRunning, null);
    }

    /** True after ngspice asked to exit (fatal error or {@code quit}); the instance must then be replaced. */
    boolean isDead() {
        return dead;
    }

    /**
     * Sends the completed fraction (0..1) of the analyses from now on to {@code to} (null: nowhere), on the thread that
     * runs the analysis (ngspice's own for one in the background, {@link #runInBackground}), as ngspice reports it: at
     * most every 150 ms, so a short analysis reports only its end ({@code --ready--}, 1).
     */
    void onProgress(DoubleConsumer to) {
        progress = to;
    }

    /**
     * The fraction (0..1) of the analysis in an ngspice status text such as {@code "tran: 42.1%"}, 1 for {@code
     * "--ready--"}, else -1: a status that carries none, or the fraction of another phase ({@link #OTHER_PHASES}), which
     * would send a bar back and forth (a read's parse at 57 %, then its DC sweep from 14 %).
     */
    static double progressFraction(String status) {
        if (status == null || OTHER_PHASES.matcher(status).lookingAt()) {
            return -1;
        }
        if (status.contains("--ready--")) {
            return 1;
        }
        int percent = status.lastIndexOf('%');
        int colon = status.lastIndexOf(':', percent);
        if (percent < 0 || colon < 0) {
            return -1;
        }
        try {
            return Math.min(Math.max(Double.parseDouble(status.substring(colon + 1, percent).strip()) / 100, 0), 1);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** ngspice's statuses of the phases that are not the analysis: the netlist's parse, the operating point's stepping. */
    private static final Pattern OTHER_PHASES = Pattern.compile("Parse|Source Stepping");

    /** e.g. {@code ngspice-46 (KLU)}. */
    String version() {
        return version;
    }

    /**
     * The version that ngspice's {@code version} command reported in {@code text}, e.g. {@code ngspice-46 (KLU)}.
     *
     * @param origin the library as the user knows it ({@link #load}), named in the messages
     * @throws SpiceUnavailableException if it reported none, one older than {@value NgSpiceEngine#MIN_VERSION} or one
     *     built without KLU: naming the library, so that a user with several installed knows which one was taken
     */
    static String acceptedVersion(String text, String origin) {
        Matcher m = VERSION.matcher(text);
        if (!m.find()) {
            throw unusable(origin, "it did not report its version (it said: " + String.join(" | ", text.lines().toList())
                    + ")", null);
        }
        int major = Integer.parseInt(m.group(1));
        if (major < NgSpiceEngine.MIN_VERSION) {
            throw unusable(origin, "it is ngspice " + major + ", and xbarspice needs " + NgSpiceEngine.MIN_VERSION
                    + "+ built with KLU", null);
        }
        if (!text.contains("KLU")) {
            throw unusable(origin, "it is ngspice " + major + " built without the KLU solver, which crossbars need", null);
        }
        return "ngspice-" + major + " (KLU)";
    }

    /**
     * Loads, runs, reads the vectors. On success the circuit and its plots stay in ngspice until {@link #release} (the
     * engine frees them on the instance's thread after handing the result back, so that the caller need not wait:
     * freeing a 256 x 256 read took 0.3-0.5 s); on failure they are freed at once. Every vector stays in memory:
     * {@code save} of only the 256 sense currents of a 256 x 256 read (131,000 nodes) cost more than keeping them all
     * (thread CPU 8.6 s against 6.8 s, medians of 3 rounds: ngspice matches every node against the saved names). The
     * result's time is the time spent inside ngspice's functions (loading, analysis, vector look-ups).
     *
     * @throws Stopped if the analysis ran past {@code limit} (or the load did)
     */
    SpiceResult run(String netlist, List<String> vectorNames, Limit limit) {
        return CodeModels.run(this, netlist, false, () -> runHere(netlist, vectorNames, limit));
    }

    /** {@link #run}, its code models checked ({@link CodeModels}). */
    private SpiceResult runHere(String netlist, List<String> vectorNames, Limit limit) {
        nativeNanos = 0;
        clearOutput();
        String title = load(netlist);
        boolean ok = false;
        try {
            SpiceResult result = analyseAndRead(vectorNames, title, limit, haltable(netlist));
            ok = true;
            return result;
        } finally {
            if (!ok) {
                forgetKeptIfUnsure();
                cleanUp();
            }
        }
    }

    /**
     * Runs the current circuit's analysis ({@link #analyse}) and copies out the named vectors. {@code title}: the
     * circuit's marked title ({@link #load}); a plot of another title means that the netlist did not parse and ngspice
     * ran the circuit that was current before (a kept one).
     */
    private SpiceResult analyseAndRead(List<String> vectorNames, String title, Limit limit, boolean haltable) {
        checkStatus(analyse("run", limit, haltable), true);
        String plot = lib.ngSpice_CurPlot();
        if (plot == null || plot.equals("const")) {
            throw new SpiceException("the analysis produced no results (current plot: " + plot + ")", tailLines());
        }
        if (!kept.isEmpty() && !query("$curplottitle").strip().endsWith(title)) {
            throw new SpiceNetlistException("ngspice rejected the netlist (" + lastErrors(loadErrors) + ")", tailLines());
        }
        Map<String, double[]> real = new LinkedHashMap<>();
        Map<String, SpiceVector> complex = new LinkedHashMap<>();
        for (String name : vectorNames) {
            SpiceVector v = vector(name);
            if (v.isComplex()) {
                complex.put(name, v);
            } else {
                real.put(name, v.real());
            }
        }
        return new SpiceResult(real, complex, nativeNanos * 1e-9);
    }

    /** A circuit kept loaded by {@link #keep}: usable while it is in {@link #kept}. */
    static final class Kept {
        private final List<String> vectors;
        private final String title;
        /** The netlist, when it has code model instances ({@link CodeModels#used}), else empty. */
        private final String codeModelNetlist;
        /** Whether ngspice can interrupt its analyses ({@link #haltable}). */
        private final boolean haltable;

        private Kept(List<String> vectors, String title, String netlist) {
            this.vectors = List.copyOf(vectors);
            this.title = title;
            this.codeModelNetlist = CodeModels.used(netlist) ? netlist : "";
            this.haltable = haltable(netlist);
        }
    }

    /**
     * The kept circuits in ngspice's own order of its circuit list (newest first; {@code setcirc N} picks the N-th),
     * which it is whenever no circuit of {@link #run} is loaded: such a circuit is freed (by {@link #release}, or at
     * once on failure) before the instance is used again.
     */
    private final List<Kept> kept = new ArrayList<>();

    /**
     * Loads {@code netlist} and keeps it; no analysis runs yet.
     * The circuit stays loaded until {@link #drop} or until the instance dies.
     */
    Kept keep(String netlist, List<String> vectorNames) {
        nativeNanos = 0;
        clearOutput();
        String title = CodeModels.run(this, netlist, false, () -> load(netlist));
        cleaned = true; // the circuit is not a run's: clean-up must not remove it
        Kept circuit = new Kept(vectorNames, title, netlist);
        kept.add(0, circuit);
        return circuit;
    }

    /**
     * Makes {@code circuit} current, applies {@code alterations} ({@code alter} arguments), runs its analysis, reads its
     * vectors and frees the plot. On failure the circuit is dropped (and every kept circuit if ngspice's list may no
     * longer match {@link #kept}), also when its analysis is stopped at {@code limit}.
     *
     * @throws Stopped if the analysis ran past {@code limit}
     */
    SpiceResult rerun(Kept circuit, List<String> alterations, Limit limit) {
        return CodeModels.run(this, circuit.codeModelNetlist, false, () -> rerunHere(circuit, alterations, limit));
    }

    /** {@link #rerun}, its code models checked ({@link CodeModels}). */
    private SpiceResult rerunHere(Kept circuit, List<String> alterations, Limit limit) {
        int index = kept.indexOf(circuit);
        if (index < 0 || dead) {
            throw new SpiceException("the kept circuit is gone (its ngspice instance was replaced or it failed before)",
                    List.of());
        }
        nativeNanos = 0;
        clearOutput();
        boolean ok = false;
        boolean parsed = true;
        try {
            command("setcirc " + (index + 1));
            for (String alteration : alterations) {
                command("alter " + alteration);
            }
            SpiceResult result = analyseAndRead(circuit.vectors, circuit.title, limit, circuit.haltable);
            ok = true;
            return result;
        } catch (SpiceNetlistException e) {
            parsed = false; // the kept netlist did not parse: it may have left no circuit in ngspice's list
            throw e;
        } finally {
            if (!dead) {
                command("destroy all");
            }
            if (!ok && parsed) {
                drop(circuit);
            } else if (!ok) {
                forgetKeptIfUnsure();
            }
        }
    }

    /** Frees a kept circuit (nothing if it is gone). */
    void drop(Kept circuit) {
        int index = kept.indexOf(circuit);
        if (index < 0) {
            return;
        }
        if (!dead) {
            command("setcirc " + (index + 1));
            command("remcirc");
        }
        kept.remove(index);
    }

    /**
     * After a failed load or run: whether that netlist's circuit was added to ngspice's list is not known (a netlist
     * that did not parse may leave none), so the clean-up's {@code remcirc} might remove a kept circuit instead. Every
     * kept circuit is then forgotten and freed (their users load them anew).
     */
    private void forgetKeptIfUnsure() {
        if (kept.isEmpty() || dead) {
            kept.clear();
            return;
        }
        for (int k = 0; k <= kept.size(); k++) {
            command("remcirc");
        }
        kept.clear();
        cleaned = true;
        saved = false;
    }

    /** Frees the circuit and plots of the last successful {@link #run}; nothing if already freed or dead. */
    void release() {
        cleanUp();
    }

    /** Keeps only {@code names} in the next analysis's plot ({@code save} commands of at most 800 characters). */
    private void save(List<String> names) {
        StringBuilder save = new StringBuilder("save");
        for (String name : names) {
            if (save.length() + name.length() + 1 > SAVE_COMMAND_CHARS) {
                command(save.toString());
                save.setLength(0);
                save.append("save");
            }
            save.append(' ').append(name);
        }
        command(save.toString());
    }

    /**
     * Runs a netlist file's deck as {@code ngspice -b -r} does: loads it (which runs its {@code .control} block), runs
     * its analyses, returns the plots of that run. Without {@code .meas} lines the run writes its vectors to a binary
     * raw file in {@code scratch}, as {@code -r} does, instead of keeping them in ngspice's memory (on a 2000-node RC
     * ladder, 20,000 points: 8.6 s in memory, 6.4 s to a raw file, measured with the binary). {@code .meas} needs the
     * vectors in memory (the binary does not measure with {@code -r} either); such plots are read from memory, under the
     * names a raw file gives them. The analyses of the netlist's lines are stopped at {@code limit}; its {@code .control}
     * block runs as the deck loads, and nothing stops it.
     *
     * @param scratch an empty folder whose path has no blank or quote (ngspice commands take it unquoted)
     * @throws Stopped if the analyses ran past {@code limit} (or the load did)
     */
    SpiceJobResult runFile(NetlistFile deck, SpiceJob job, Path scratch, Limit limit) {
        // a file run's caller holds ProcessState.LOCK
        return CodeModels.run(this, deck.text(), true, () -> runFileHere(deck, job, scratch, limit));
    }

    /** {@link #runFile}, its code models checked ({@link CodeModels}). */
    private SpiceJobResult runFileHere(NetlistFile deck, SpiceJob job, Path scratch, Limit limit) {
        nativeNanos = 0;
        List<String> keep = keptVectors(deck, job);
        if (keep != null) {
            SpiceJobResult result = runDeck(deck, job, scratch, keep, limit);
            if (result != null) {
                return result;
            }
        }
        return runDeck(deck, job, scratch, null, limit);
    }

    /**
     * What a run of a deck with {@code .meas} lines must keep in memory when the job does not ask for every vector: the
     * vectors its {@code .meas} lines read ({@link NetlistFile#measuredVectors}) and the requested ones, as {@code save}
     * arguments; null to keep every vector (the job asks for all, the deck has no {@code .meas} line, or a restricted
     * run could differ from a full one).
     */
    private static List<String> keptVectors(NetlistFile deck, SpiceJob job) {
        if (job.allVectors() || deck.measurements().isEmpty()) {
            return null;
        }
        List<String> measured = deck.measuredVectors();
        if (measured == null || measured.isEmpty()) {
            return null;
        }
        List<String> keep = new ArrayList<>(measured);
        for (String requested : job.vectors()) {
            List<String> names = new ArrayList<>(List.of(requested));
            Matcher plot = PLOT_PREFIX.matcher(requested);
            if (plot.lookingAt()) {
                names.add(requested.substring(plot.end())); // PLOT.NAME, or a subcircuit node x1.n2
            }
            for (String name : names) {
                if (!name.matches(SAVEABLE) ) {
                    return null; // a name that a save command could misread: keep everything
                }
                if (!keep.contains(name)) {
                    keep.add(name);
                }
            }
        }
        return keep;
    }

    /** {@code tran1.}: the plot part of a requested {@code PLOT.NAME}. */
    private static final Pattern PLOT_PREFIX = Pattern.compile("[a-z]+\\d+\\.");
    /** Names that ngspice's {@code save} command takes as one vector. */
    private static final String SAVEABLE = "[^\\s;'\"`$]+";
    /** Longest {@code save} command sent (ngspice truncates commands past 1023 characters). */
    private static final int SAVE_COMMAND_CHARS = 800;

    /**
     * One load and run of {@code deck}. {@code keep} null: every vector is kept, in a raw file in {@code scratch} as
     * {@code -r} writes it or, with {@code .meas} lines, in memory. Otherwise only {@code keep} is saved, in memory (as
     * {@code ngspice -b} without {@code -r} keeps only what its {@code .meas} lines read); null is then returned, after
     * the circuit is freed, if that run did not give everything the job asks for (an analysis failed, a requested vector
     * or a {@code .meas} result that reads vectors is missing), so that the caller runs the deck again keeping every
     * vector, which gives exactly what such a run always gave.
     */
    private SpiceJobResult runDeck(NetlistFile deck, SpiceJob job, Path scratch, List<String> keep, Limit limit) {
        clearOutput();
        List<String> measurementNames = deck.measurements();
        boolean inMemory = !measurementNames.isEmpty();
        try {
            List<String> printed = new ArrayList<>();
            synchronized (tail) {
                printing = printed;
                droppedPrintedLines = 0;
            }
            fileLines = deck.lines();
            try {
                loadJob(deck.text());
            } finally {
                synchronized (tail) {
                    printing = null;
                }
            }
            if (droppedPrintedLines > 0) {
                printed.add("(" + droppedPrintedLines + " more lines)");
            }
            if (quit) {
                return new SpiceJobResult(job.netlist(), List.of(), Map.of(), Map.of(), printed, withNote(warnings(),
                        "the netlist's .control block ran 'quit': ngspice stops there, as ngspice -b does, so its analysis "
                                + "lines were not run again and there are no vectors to return"), nativeNanos * 1e-9, true);
            }
            checkLoaded();
            command("set filetype=binary");
            if (keep != null) {
                saved = true;
                save(keep);
            }
            List<String> before = allPlots();
            Path raw = scratch.resolve("run.raw");
            synchronized (tail) { // read on ngspice's background thread, which reports the measurements
                measuring = Set.copyOf(measurementNames);
            }
            int errorsBeforeRun = errorLines.size();
            int status;
            try {
                status = analyse(inMemory ? "run" : "run " + raw, limit, haltable(deck.text()));
            } finally {
                synchronized (tail) {
                    measuring = null;
                }
            }
            if (status == 1 && !deck.hasAnalysis()) { // no analysis line: ngspice only says that it had nothing to run
                errorLines.subList(errorsBeforeRun, errorLines.size()).clear();
            }
            if (keep != null && (status != 0 || !measuredAll(deck))) {
                return null;
            }
            checkStatus(status, deck.hasAnalysis());
            Map<String, Integer> counts = new HashMap<>();
            List<Source> sources = new ArrayList<>();
            if (inMemory) {
                List<String> created = new ArrayList<>(allPlots());
                created.removeAll(before);
                Collections.reverse(created); // ngspice lists the newest first
                for (String plot : created) {
                    sources.add(memoryPlot(plot, counts));
                }
            } else if (Files.exists(raw)) {
                RawFile file = RawFile.open(raw, counts);
                List<SpicePlot> plots = file.plots();
                for (int k = 0; k < plots.size(); k++) {
                    int index = k;
                    sources.add(new Source(plots.get(k), names -> file.read(index, names)));
                }
            }
            List<String> warnings = warnings();
            for (NetlistFile.Line four : deck.fourierLines()) { // the binary says so too (on stdout, with -r)
                warnings.add(four.where() + " ('" + four.text().strip() + "'): .fourier line ignored, as ngspice -b -r "
                        + "ignores it: for the Fourier analysis, run it in a .control block after the transient, e.g. "
                        + "'tran 10u 2m' then 'fourier 1k v(out)'");
            }
            Map<String, Double> measurements = measurements(measurementNames, warnings);
            Map<String, SpiceVector> vectors;
            try {
                vectors = select(sources, job, deck);
            } catch (SpiceException e) {
                if (keep != null && !dead) {
                    return null;
                }
                throw e;
            }
            cleanUp();
            return new SpiceJobResult(job.netlist(), sources.stream().map(Source::plot).toList(), vectors, measurements,
                    printed, warnings, nativeNanos * 1e-9, keep == null);
        } finally {
            fileLines = null;
            cleanUp();
        }
    }

    /**
     * The lines of the netlist file being run ({@link #runFile}), or null: ngspice numbers the non-blank lines of the deck
     * it is given, its includes in place (with a comment line before and after each), so its "line N" is named as the
     * file's.
     */
    private List<NetlistFile.Line> fileLines;

    /**
     * {@code error} with the first "line N" of ngspice's also named as the file and line it came from, e.g. {@code Error on
     * line 4 (blank.cir line 6)}; else as it is.
     */
    private String located(String error) {
        Matcher m = ERROR_LINE.matcher(error);
        if (fileLines == null || !m.find()) {
            return error;
        }
        int n = Integer.parseInt(m.group(1));
        for (NetlistFile.Line line : fileLines) {
            if (!line.text().isBlank() && --n == 0) { // ngspice does not count blank lines
                return error.substring(0, m.end()) + " (" + line.file().getFileName() + " line " + line.number() + ")"
                        + error.substring(m.end());
            }
        }
        return error;
    }

    /** ngspice's number of a deck line in an error message. */
    private static final Pattern ERROR_LINE = Pattern.compile("\\bline (\\d{1,9})\\b");

    /** Whether ngspice reported a number for every {@code .meas} result that reads vectors (not {@code param=}). */
    private boolean measuredAll(NetlistFile deck) {
        List<String> parameters = deck.parameterMeasurements();
        for (String name : deck.measurements()) {
            String value = measured.get(name);
            boolean number;
            try {
                number = value != null && !Double.isNaN(Double.parseDouble(value));
            } catch (NumberFormatException e) {
                number = false;
            }
            if (!number && !parameters.contains(name)) {
                return false;
            }
        }
        return true;
    }

    /** A plot of a file run and how to read its vectors (by their column names). */
    private record Source(SpicePlot plot, Function<List<String>, List<SpiceVector>> reader) {
    }

    /**
     * Plot {@code typeName} ({@code tran2}) of ngspice's memory as a {@link Source}: named like a raw file's plot,
     * its vectors named as ngspice's raw files name them ({@link #rawName}), in the raw file's order.
     */
    private Source memoryPlot(String typeName, Map<String, Integer> counts) {
        command("setplot " + typeName);
        String title = query("$curplotname");
        String kind = RawFile.abbreviation(title);
        long t0 = System.nanoTime();
        Pointer names = lib.ngSpice_AllVecs(typeName);
        nativeNanos += System.nanoTime() - t0;
        List<String> memoryNames = new ArrayList<>(names == null ? List.of() : List.of(names.getStringArray(0)));
        Collections.reverse(memoryNames); // ngspice lists a plot's vectors newest first
        List<SpicePlot.Column> columns = new ArrayList<>();
        Map<String, String> byColumn = new HashMap<>();
        int points = 0;
        for (String memoryName : memoryNames) {
            VectorInfo v = info(memoryName);
            String column = rawName(memoryName, v.type());
            columns.add(new SpicePlot.Column(column, v.type(), v.complex()));
            byColumn.put(column, memoryName);
            points = Math.max(points, v.length());
        }
        SpicePlot plot = new SpicePlot(kind + counts.merge(kind, 1, Integer::sum), title, points, columns);
        return new Source(plot, wanted -> {
            command("setplot " + typeName);
            List<SpiceVector> out = new ArrayList<>();
            for (String column : wanted) {
                SpiceVector v = vector(byColumn.get(column));
                out.add(new SpiceVector(column, v.type(), v.real(), v.imaginary()));
            }
            return out;
        });
    }

    /**
     * The name ngspice's raw-file writer gives the in-memory vector {@code name} of type {@code type}: a branch current
     * {@code x#branch} becomes {@code i(x)}, a voltage {@code n} (or {@code V(1)}) {@code v(n)}.
     */
    static String rawName(String name, String type) {
        if (type.equals("current") && name.endsWith("#branch")) {
            return "i(" + name.substring(0, name.length() - "#branch".length()) + ")";
        }
        if (type.equals("voltage")) {
            return name.startsWith("V(") || name.startsWith("v(") ? "v" + name.substring(1) : "v(" + name + ")";
        }
        return name;
    }

    /**
     * The folders of ngspice's {@code sourcepath} variable (set in a {@code .spiceinit}), where it looks for files that
     * a netlist includes; empty if unset. Read element by element ({@code $#sourcepath}, then each
     * {@code "$sourcepath[k]"} in quotes), so that a folder with blanks in its name ({@code set sourcepath = ( "/my
     * models" )}) stays one folder, as ngspice itself takes it.
     */
    List<Path> sourcePath() {
        if (!query("$?sourcepath").equals("1")) {
            return List.of();
        }
        int count;
        try {
            count = Integer.parseInt(query("$#sourcepath").strip());
        } catch (NumberFormatException e) {
            return List.of();
        }
        List<Path> folders = new ArrayList<>();
        for (int k = 1; k <= count; k++) {
            String folder = query("\"$sourcepath[" + k + "]\"").strip();
            if (folder.isEmpty()) {
                continue;
            }
            try {
                folders.add(Path.of(folder));
            } catch (java.nio.file.InvalidPathException e) {
                // not a folder name ngspice could open either
            }
        }
        return folders;
    }

    /** The requested vectors, then all of the last plot's if asked for. */
    private Map<String, SpiceVector> select(List<Source> sources, SpiceJob job, NetlistFile deck) {
        Source last = sources.isEmpty() ? null : sources.get(sources.size() - 1);
        Map<String, SpiceVector> out = new LinkedHashMap<>();
        for (String requested : job.vectors()) {
            Source source = last;
            String name = requested;
            int dot = requested.indexOf('.');
            boolean plotNamed = false;
            for (Source s : sources) {
                if (dot > 0 && s.plot().name().equals(requested.substring(0, dot))) {
                    source = s;
                    name = requested.substring(dot + 1);
                    plotNamed = true;
                }
            }
            SpicePlot plot = source == null ? null : source.plot();
            SpicePlot.Column column = plot == null ? null : plot.find(name);
            if (plot == null) { // bad input: the vectors asked for come from no analysis the run keeps
                String why = deck.hasAnalysis() ? "" : ": the netlist has no analysis line (.op, .dc, .tran, .ac, ...)"
                        + (deck.text().toLowerCase(java.util.Locale.ROOT).contains(".control") ? ", and the vectors of "
                        + "analyses run in its .control block are not kept (as with ngspice -b -r): put the analysis on a "
                        + "line of its own" : "");
                throw new SpiceNetlistException("the netlist's analyses produced no vectors, so not '" + requested + "'"
                        + why + lastErrorNote(), tailLines());
            }
            if (column == null) { // a name the job asked for: bad input, and ngspice's output says nothing about it
                throw new SpiceNetlistException("plot " + plot.name() + " (" + plot.type() + ") has no vector '" + name
                        + "'; it has: " + plot.vectors().stream().map(SpicePlot.Column::name).collect(Collectors.joining(", "))
                        + (dot > 0 && !plotNamed ? "; nor is there a plot '" + requested.substring(0, dot) + "': the plots "
                                + "are " + sources.stream().map(x -> x.plot().name()).collect(Collectors.joining(", ")) : "")
                        + (sources.size() > 1 ? " (other plots: name one as PLOT.VECTOR, e.g. "
                                + sources.get(0).plot().name() + ".NAME)" : ""), List.of());
            }
            out.put(requested, source.reader().apply(List.of(column.name())).get(0));
        }
        if (job.allVectors() && last != null) {
            List<String> names = last.plot().vectors().stream().map(SpicePlot.Column::name).toList();
            for (SpiceVector v : last.reader().apply(names)) {
                out.putIfAbsent(v.name(), v);
            }
        }
        return out;
    }

    private String lastErrorNote() {
        return errorLines.isEmpty() ? "" : " (ngspice's last message: " + errorLines.get(errorLines.size() - 1) + ")";
    }

    /** The {@code .meas} results ngspice reported; the ones it could not compute go to {@code warnings}. */
    private Map<String, Double> measurements(List<String> names, List<String> warnings) {
        Map<String, Double> out = new LinkedHashMap<>();
        for (String name : names) {
            String value = measured.get(name);
            Double number = null;
            try {
                number = value == null ? null : Double.valueOf(value);
            } catch (NumberFormatException e) {
                // "failed", or a word ngspice printed instead of a number: reported below
            }
            if (number == null) {
                warnings.add(".meas result '" + name + "' was not computed (ngspice reported "
                        + (value == null ? "nothing for it" : "'" + value + "'") + ")");
            } else {
                out.put(name, number);
            }
        }
        return out;
    }

    private static List<String> withNote(List<String> warnings, String note) {
        List<String> out = new ArrayList<>(warnings);
        out.add(note);
        return out;
    }

    /**
     * Runs {@code command} ({@code run} with or without a raw file) and returns ngspice's {@code sim_status} after it:
     * 0 analyses ran, 1 one was aborted or there was nothing to run, {@link #NOT_STARTED} nothing was started. Within
     * {@code limit} on ngspice's background thread ({@link #runInBackground}) if the circuit's analyses are {@code
     * haltable} ({@link #haltable}); else, or without a limit, directly, as the background thread costs 0.5-0.6 ms per
     * analysis (its start and end, the JVM's attaching it for the callbacks; measured in one process, alternating, on 2
     * virtual cores: a 2 x 2 rerun 0.34 ms directly, 0.84-0.95 ms in the background; a 32 x 32 op read 1-14 % more,
     * median 8 %; a 32 x 32 DC sweep of 8 vectors 72.0 against 74.0 ms), and would not stop an operating point anyway,
     * which the engine abandons past the limit.
     *
     * @throws Stopped if the analysis ran past {@code limit}, or the limit had passed before it could start
     */
    private int analyse(String command, Limit limit, boolean haltable) {
        if (limit.passed()) {
            throw new Stopped(); // the load took the time
        }
        command("set sim_status = " + NOT_STARTED);
        if (haltable && limit.limited) {
            runInBackground(command, limit);
        } else {
            command(command);
        }
        checkAlive("running the analysis");
        String status = query("$sim_status");
        try {
            return Integer.parseInt(status.strip());
        } catch (NumberFormatException e) {
            throw new SpiceException("ngspice's sim_status after the run is '" + status + "', not a number", tailLines());
        }
    }

    /**
     * Runs {@code command} on ngspice's background thread ({@code bg_run} etc.: sharedspice.c runs what follows the
     * {@code bg_} prefix on a thread of its own) and waits until that thread has ended, so that nothing else calls
     * ngspice meanwhile: the command runs as it would directly, its output and progress come through the same callbacks
     * (from that thread), and a fatal exit on that thread calls {@link #controlledExit}, then ends the thread. Past
     * {@code limit} it sends {@code bg_halt}: ngspice sets its interrupt flag, which a transient checks at every time step
     * and a DC sweep at every point (the run ends with "... simulation interrupted"), and waits up to 1 s for the thread
     * to leave it. If it has not left {@value #HALT_MILLIS} ms after that (a transient's initial operating point is not
     * interrupted), {@code limit} says so ({@link Limit#cannotStop}), and the wait goes on until it leaves by itself. The
     * thread's callbacks wake the waiting one ({@link #bgThreadRunning}), which then waits for the thread's end by its
     * {@link Thread#isAlive}, not {@link Thread#join}, which would leave a monitor of every analysis for the JVM to scan
     * at every thread's end until it deflates them. An interruption of the calling thread is deferred to after the wait:
     * nothing may call ngspice before the thread has ended.
     *
     * @throws Stopped if the command was halted
     */
    private void runInBackground(String command, Limit limit) {
        background = null;
        backgroundLeft = false;
        waiting = Thread.currentThread();
        limit.analysing = true;
        long t0 = System.nanoTime();
        lib.ngSpice_Command("bg_" + command); // starts the thread and returns
        commandsSinceFlush++; // the history is freed by a later command(), never while the thread runs
        boolean interrupted = false;
        boolean halted = false;
        while (!backgroundLeft) {
            if (halted) {
                LockSupport.park(this);
            } else if (!limit.passed()) {
                LockSupport.parkNanos(this, limit.nanosLeft());
            } else {
                halted = true;
                lib.ngSpice_Command("bg_halt"); // returns once the thread has left the analysis, or after 1 s
                long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(HALT_MILLIS);
                while (!backgroundLeft && end - System.nanoTime() > 0) {
                    LockSupport.parkNanos(this, end - System.nanoTime());
                    interrupted |= Thread.interrupted();
                }
                if (!backgroundLeft) {
                    limit.cannotStop.complete(null);
                }
            }
            interrupted |= Thread.interrupted(); // a set flag would end every park at once
        }
        Thread thread = background; // it ends now: by returning, or by pthread_exit after a fatal exit's callbacks
        while (thread.isAlive()) {
            Thread.yield();
        }
        waiting = null;
        nativeNanos += System.nanoTime() - t0;
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        if (halted) {
            throw new Stopped();
        }
    }

    /**
     * How long ngspice's background thread may take to call back that it has left its command after {@code bg_halt} has
     * returned before it counts as not stopped (ms): a halted thread has left the analysis by then.
     */
    private static final long HALT_MILLIS = 200;

    /**
     * Whether an analysis of {@code netlist} (its lines, not its {@code .control} block) runs on ngspice's background
     * thread, where the limit can halt it: a transient, the analysis that runs long (a pulse train's update, a huge stop
     * time). ngspice would also halt a DC sweep, but the tool's reads are many short sweeps, and the background thread's
     * 0.5-0.6 ms each made the demo's SPICE-in-the-loop steps 0.28-0.32 s instead of 0.25 s (alternating runs); a single
     * solution ({@code .op}, {@code .tf}) never checks ngspice's interrupt flag (an operating point of a 320 x 320 read
     * ran on through {@code bg_halt}, measured).
     */
    static boolean haltable(String netlist) {
        return NetlistFile.analyses(netlist).contains(".tran");
    }

    /**
     * The time limit of the analyses of one run, counted from its creation: past it, a haltable analysis is halted
     * ({@link #runInBackground}) and none starts. Also what the engine's thread that waits for the run sees of it:
     * whether such an analysis has started (else, past the limit, the run is loading or in an analysis that nothing
     * stops) and whether ngspice failed to halt one.
     */
    static final class Limit {
        /** {@link System#nanoTime} of the limit; unused without one. */
        private final long deadline;
        private final boolean limited;
        private volatile boolean analysing;
        private final CompletableFuture<Void> cannotStop = new CompletableFuture<>();

        /** A limit {@code seconds} from now; none for 0. */
        Limit(long seconds) {
            limited = seconds > 0;
            // at most 146 years ahead, so that the differences with System.nanoTime() cannot overflow
            deadline = System.nanoTime() + Math.min(TimeUnit.SECONDS.toNanos(seconds), Long.MAX_VALUE / 2);
        }

        boolean passed() {
            return limited && System.nanoTime() - deadline >= 0;
        }

        /** Nanoseconds until the limit (there is one). */
        long nanosLeft() {
            return deadline - System.nanoTime();
        }

        /** Whether an analysis of the run has started on ngspice's background thread (it may have ended since). */
        boolean analysing() {
            return analysing;
        }

        /** Completed when ngspice failed to halt an analysis of the run at the limit: it runs on until it ends. */
        CompletableFuture<Void> cannotStop() {
            return cannotStop;
        }
    }

    /** An analysis halted at its {@link Limit}: its circuit is freed as after any failure, and the instance stays usable. */
    static final class Stopped extends RuntimeException {
        Stopped() {
            super("the analysis was halted at its time limit", null, false, false);
        }
    }

    /**
     * Turns a status from {@link #analyse} into the matching failure; 1 is a failure only if the netlist has analyses
     * of its own (otherwise ngspice had nothing to run: the analyses are in its .control block).
     */
    private void checkStatus(int status, boolean hasAnalysis) {
        if (status == NOT_STARTED) {
            throw new SpiceNetlistException("ngspice rejected the netlist (" + lastErrors(loadErrors) + ")", tailLines());
        }
        // an analysis of a .control block runs as the netlist loads, and ngspice's status does not tell of its failure
        // (the run went on to exit 0 with "no plots", where ngspice -b exits 1)
        List<String> loading = errorLines.subList(0, Math.min(loadErrors, errorLines.size()));
        if (loading.stream().anyMatch(line -> ABORTED.matcher(line).matches())) {
            throw analysisFailure("an analysis of the netlist's .control block failed", loading);
        }
        if (status != 0 && hasAnalysis) {
            throw analysisFailure("the analysis failed", errorLines);
        }
    }

    /**
     * The exception of a failed analysis whose error-stream lines are {@code errors}: {@code what}, the cause where
     * ngspice's lines tell it ({@link #operatingPointFailure}, {@link #transientFailure}), and a quote of the lines.
     */
    private SpiceException analysisFailure(String what, List<String> errors) {
        String cause = operatingPointFailure(errors);
        if (cause.isEmpty()) {
            cause = transientFailure(errors);
        }
        // the quote leaves out what ngspice overcame before (an operating point's notes and warnings) when the failed
        // attempt said something of its own
        List<String> failedAttempt = failedAttempt(errors);
        boolean attemptSaidWhy = failedAttempt.stream().anyMatch(line -> !BOILERPLATE.matcher(line).matches());
        return new SpiceException(what + cause + " (" + quoted(attemptSaidWhy ? failedAttempt : errors) + ")", tailLines());
    }

    /**
     * What ngspice prints after a failed operating point (cktop.c: the one of an {@code .op}, of a transient's start, of
     * a {@code .dc} point), whatever the analysis; the lines before it say why.
     */
    private static final String NO_OPERATING_POINT = "The operating point could not be simulated successfully";
    /** ngspice's warning of a singular matrix, with the node (or {@code v1#branch}: a source's current) it names. */
    private static final Pattern SINGULAR_MATRIX = Pattern.compile("singular matrix:\\s*check node (\\S+)");
    /** How ngspice names the unknown of an element's current ({@code v1#branch}), which is no node of the circuit. */
    private static final String BRANCH = "#branch";
    /**
     * ngspice's notes that an operating point was found after all (cktop.c: by gmin or source stepping, or by the
     * transient op); the singular matrices it warned of before one were overcome, and are not the cause of a later failure
     * (a {@code .dc} sweep whose first point needed the transient op and whose later point fails at a diode).
     */
    private static final Pattern OPERATING_POINT_FOUND = Pattern.compile(
            ".*(?i:gmin stepping completed|source stepping completed|transient op finished successfully).*");
    /**
     * ngspice's line of a transient that gave up after its start: the time, the timestep it got down to and, if it
     * recorded one, what it had trouble with ({@code node "b"}, {@code dmod-instance d1}).
     */
    private static final Pattern TIMESTEP_TOO_SMALL = Pattern.compile(
            "TRAN:\\s+Timestep too small; time = (\\S+), timestep = ([^:\\s]+)(?:: trouble with (.*\\S))?");
    /** What ngspice names after an analysis gave up, to the line's end ({@code trouble with dmod-instance d1}). */
    private static final Pattern TROUBLE = Pattern.compile("trouble with (.*\\S)");
    /** ngspice's closing note of an analysis that failed ({@code op simulation(s) aborted}). */
    private static final Pattern ABORTED = Pattern.compile("\\w+ simulation\\(s\\) aborted");
    /**
     * ngspice's lines around a failure that name no cause, left out of a message's quote of its errors: its advice after
     * a failed operating point ("Any of the following steps may fail.!"; after code models that did not load, the same
     * with ", if code models are involved!.") and the closing note of an aborted run ("run simulation(s) aborted").
     */
    private static final Pattern BOILERPLATE = Pattern.compile("Any of the following steps may fail\\b.*|"
            + ABORTED.pattern());

    /**
     * For a failed analysis's message, the cause in front of ngspice's own lines, which end in generic advice: ": " and a
     * failed operating point's cause (a singular matrix at the node ngspice last named, else no convergence at the device
     * it last had trouble with) and what to change; "" when the operating point did not fail.
     */
    static String operatingPointFailure(List<String> errors) {
        if (errors.stream().noneMatch(line -> line.contains(NO_OPERATING_POINT))) {
            return "";
        }
        String singularAt = lastMatch(SINGULAR_MATRIX, failedAttempt(errors));
        if (singularAt != null && singularAt.endsWith(BRANCH)) { // the equation of a source's or inductor's current
            String element = singularAt.substring(0, singularAt.length() - BRANCH.length());
            return ": no operating point, the circuit matrix is singular at the current of " + element + " (" + singularAt
                    + "): break the loop of voltage sources or inductors " + element + " is in";
        }
        if (singularAt != null) {
            return ": no operating point, the circuit matrix is singular at node " + singularAt + ": give that node a DC "
                    + "path to ground, or break the loop of voltage sources or inductors it is in";
        }
        String troubleWith = lastMatch(TROUBLE, errors);
        return ": no convergence in the operating point" + (troubleWith == null ? ": check the device models"
                : " (trouble with " + troubleWith + "): check its model and bias")
                + ", or give starting node voltages with .nodeset";
    }

    /**
     * For a failed analysis's message: ": " and where a transient gave up after its start (ngspice's {@code doAnalyses:
     * TRAN:  Timestep too small; time = 1e-09, timestep = 1.25e-24: trouble with node "b"}) and what to change; "" for
     * any other failure.
     */
    static String transientFailure(List<String> errors) {
        for (int k = errors.size() - 1; k >= 0; k--) {
            Matcher m = TIMESTEP_TOO_SMALL.matcher(errors.get(k));
            if (m.find()) {
                return ": the transient gave up at time " + m.group(1) + " s, its timestep down to " + m.group(2) + " s"
                        + (m.group(3) == null ? "" : " (trouble with " + m.group(3) + ")") + ": slow the sources' "
                        + "edges near that time, check the models of the devices there, or relax .options reltol and "
                        + "abstol";
            }
        }
        return "";
    }

    /**
     * The error-stream lines of the failed attempt: those after ngspice last found an operating point
     * ({@link #OPERATING_POINT_FOUND}), whose warnings (singular matrices, failed gmin steps) it overcame; all of them
     * when it found none.
     */
    static List<String> failedAttempt(List<String> errors) {
        int found = errors.size() - 1;
        while (found >= 0 && !OPERATING_POINT_FOUND.matcher(errors.get(found)).matches()) {
            found--;
        }
        return errors.subList(found + 1, errors.size());
    }

    /** Group 1 of {@code pattern}'s match in the last of {@code lines} that has one, or null. */
    private static String lastMatch(Pattern pattern, List<String> lines) {
        for (int k = lines.size() - 1; k >= 0; k--) {
            Matcher m = pattern.matcher(lines.get(k));
            if (m.find()) {
                return m.group(1);
            }
        }
        return null;
    }

    /** Up to three of the error-stream lines before index {@code end} that are not boilerplate, for a message. */
    private String lastErrors(int end) {
        return quoted(errorLines.subList(0, Math.min(end, errorLines.size())));
    }

    /** Up to three of the last of {@code errors} that are not boilerplate, for a message. */
    private String quoted(List<String> errors) {
        List<String> lines = errors.stream().filter(line -> !BOILERPLATE.matcher(line).matches()).toList();
        lines = lines.subList(Math.max(0, lines.size() - 3), lines.size());
        return lines.isEmpty() ? "no message" : "ngspice: " + String.join(" | ", lines.stream().map(this::located).toList());
    }

    /** Sends {@code echo} of {@code expression} (ngspice variables) and returns what ngspice printed. */
    private String query(String expression) {
        answer = null;
        command("echo " + MARK + expression);
        if (answer == null) {
            throw new SpiceException("ngspice did not answer the query '" + expression + "'", tailLines());
        }
        return answer;
    }

    /** The names of all plots, newest first, without {@code const}. */
    private List<String> allPlots() {
        long t0 = System.nanoTime();
        Pointer names = lib.ngSpice_AllPlots();
        nativeNanos += System.nanoTime() - t0;
        List<String> out = new ArrayList<>(names == null ? List.of() : List.of(names.getStringArray(0)));
        out.remove("const");
        return out;
    }

    private List<String> warnings() {
        List<String> out = new ArrayList<>(errorLines);
        if (droppedErrorLines > 0) {
            out.add("(" + droppedErrorLines + " more lines on ngspice's error stream)");
        }
        return out;
    }

    /** Frees the circuit and its plots (once per run), and the saves of a restricted file run. */
    private void cleanUp() {
        if (!dead && !cleaned) {
            cleaned = true;
            if (saved) {
                saved = false;
                command("delete all");
            }
            command("remcirc");
            command("destroy all");
        }
    }

    /**
     * Hands the netlist to ngspice as {@code char**}: every line NUL-terminated in one native block, a NULL-terminated
     * array of pointers into it (NGSPICE.md: JNA's own String[] conversion leaked). Both blocks belong to the instance
     * and are reused from netlist to netlist, growing when needed (a fresh native allocation per load cost about
     * 0.4 ms for a 50 KB netlist). Pointers are 64-bit, as the vector_info offsets above assume. The netlist's first
     * line stays as a comment under a title of its own, numbered, which the plots of its analyses carry: with kept
     * circuits loaded, a netlist that does not parse leaves the last kept circuit current and {@code run} would run
     * that one (measured), so the title is checked ({@link #analyseAndRead}). Returns the title.
     *
     * @throws SpiceException if ngspice hit a fatal error (including a {@code quit} in the netlist's .control block)
     */
    private String load(String netlist) {
        String title = "xbarspice-circuit " + (++circuits);
        loadJob("* " + title + "\n" + netlist); // the netlist's own title line follows as a comment
        checkLoaded();
        return title;
    }

    /** Whether ngspice printed {@code Circuit: TITLE} since the last {@link #loadJob}: it had read the deck. */
    private volatile boolean circuitNamed;

    /** Circuits loaded by {@link #load}: numbers their titles. */
    private long circuits;

    /** {@link #load}, but a fatal exit or {@code quit} only marks the instance dead. */
    private void loadJob(String netlist) {
        cleaned = false;
        circuitNamed = false;
        byte[] bytes = netlist.getBytes(StandardCharsets.UTF_8);
        int lines = 1;
        for (byte b : bytes) {
            if (b == '\n') {
                lines++;
            }
        }
        if (textBuffer == null || textBuffer.size() < bytes.length + 1L) {
            textBuffer = new Memory(Math.max(bytes.length + 1L, 2 * (textBuffer == null ? 0 : textBuffer.size())));
        }
        if (pointerBuffer == null || pointerBuffer.size() < (lines + 1L) * Long.BYTES) {
            pointerBuffer = new Memory(Math.max((lines + 1L) * Long.BYTES, 2 * (pointerBuffer == null ? 0 : pointerBuffer.size())));
        }
        long base = Pointer.nativeValue(textBuffer);
        long[] addresses = new long[lines + 1]; // the last stays 0: the terminating NULL
        int line = 0;
        int start = 0;
        for (int k = 0; k <= bytes.length; k++) {
            if (k == bytes.length || bytes[k] == '\n') {
                addresses[line++] = base + start;
                start = k + 1;
                if (k < bytes.length) {
                    bytes[k] = 0;
                }
            }
        }
        textBuffer.write(0, bytes, 0, bytes.length);
        textBuffer.setByte(bytes.length, (byte) 0);
        pointerBuffer.write(0, addresses, 0, addresses.length);
        long t0 = System.nanoTime();
        lib.ngSpice_Circ(pointerBuffer);
        nativeNanos += System.nanoTime() - t0;
        commandsSinceFlush++;
        loadErrors = errorLines.size();
    }

    /**
     * What {@code ngGet_Vec_Info} says of a vector of the current plot: its {@code vector_info} struct (which ngspice
     * reuses on the next call), type, whether it is stored complex, length.
     */
    private record VectorInfo(Pointer struct, String type, boolean storedComplex, int length) {
        /** Complex as returned: the frequency scale of a complex plot is stored complex with zero imaginary parts. */
        boolean complex() {
            return storedComplex && !type.equals("frequency");
        }
    }

    private VectorInfo info(String name) {
        long t0 = System.nanoTime();
        Pointer info = lib.ngGet_Vec_Info(name);
        nativeNanos += System.nanoTime() - t0;
        if (info == null) {
            throw new SpiceException("the analysis produced no vector named '" + name + "'", tailLines());
        }
        int type = info.getInt(VEC_TYPE_OFFSET);
        return new VectorInfo(info, type >= 0 && type < VECTOR_TYPES.length ? VECTOR_TYPES[type] : "notype",
                (info.getShort(VEC_FLAGS_OFFSET) & VF_COMPLEX) != 0, info.getInt(VEC_LENGTH_OFFSET));
    }

    /** The named vector of the current plot, real or complex, copied out at once. */
    private SpiceVector vector(String name) {
        VectorInfo info = info(name);
        int length = info.length();
        if (!info.storedComplex()) {
            return SpiceVector.real(name, info.type(), info.struct().getPointer(VEC_REALDATA_OFFSET).getDoubleArray(0, length));
        }
        double[] pairs = info.struct().getPointer(VEC_COMPDATA_OFFSET).getDoubleArray(0, 2 * length);
        double[] re = new double[length];
        double[] im = info.complex() ? new double[length] : null;
        for (int k = 0; k < length; k++) {
            re[k] = pairs[2 * k];
            if (im != null) {
                im[k] = pairs[2 * k + 1];
            }
        }
        return new SpiceVector(name, info.type(), re, im);
    }

    private void command(String text) {
        long t0 = System.nanoTime();
        lib.ngSpice_Command(text);
        nativeNanos += System.nanoTime() - t0;
        checkAlive("running '" + text + "'");
        if (++commandsSinceFlush >= COMMANDS_PER_HISTORY_FLUSH) {
            lib.ngSpice_Command(null);
            commandsSinceFlush = 0;
        }
    }

    /**
     * After a netlist's load: a fatal exit before ngspice named the circuit (its {@code Circuit: TITLE} line, printed once
     * it has read the deck) means that it could not read the netlist at all (a circular {@code .param} ends ngspice so):
     * bad input, quoting ngspice's errors before its own notice that it cannot recover. A later one (in the
     * {@code .control} block's commands, or its {@code quit}) as {@link #checkAlive}.
     */
    private void checkLoaded() {
        if (dead && !quit && !circuitNamed) {
            int end = 0;
            synchronized (tail) {
                while (end < errorLines.size() && !errorLines.get(end).contains("cannot recover")
                        && !errorLines.get(end).startsWith("ngspice requested exit")) {
                    end++;
                }
            }
            throw new SpiceNetlistException("ngspice could not read the netlist (" + lastErrors(end) + ")", tailLines());
        }
        checkAlive("loading the netlist");
    }

    private void checkAlive(String what) {
        if (dead) {
            List<String> errors;
            synchronized (tail) {
                errors = List.copyOf(errorLines);
            }
            throw new SpiceException("ngspice hit a fatal error while " + what + outputMemoryRefusal(errors)
                    + "; this instance is discarded", tailLines());
        }
    }

    /** ngspice's line when it refuses to keep an analysis's output (outitf.c, its estimate against the free memory). */
    private static final String OUTPUT_MEMORY_REFUSED = "Setting the output memory is not possible";

    /**
     * For a fatal error's message, ": " and why ngspice refused to start storing an analysis's output, and what to
     * change, when it did ({@link #OUTPUT_MEMORY_REFUSED}): it keeps every saved vector (without {@code .save}, every node
     * voltage and source current) at every print step in memory, estimates that as vectors x (stop / step + 100) x 8
     * bytes and compares it with the free memory, which the byte counts it prints do not always show (ngspice 46 printed
     * both negative for a 512 x 512 update transient); "" for any other error.
     */
    static String outputMemoryRefusal(List<String> errors) {
        if (errors.stream().noneMatch(line -> line.contains(OUTPUT_MEMORY_REFUSED))) {
            return "";
        }
        return ": its output would not fit in the free memory (ngspice keeps every saved vector at every print step, "
                + "without .save every node voltage and source current, and refuses a run whose estimate of that, vectors "
                + "x (stop / print step + 100) x 8 bytes, exceeds the memory free): save fewer vectors (.save), take a "
                + "longer print step or a shorter analysis, or simulate a smaller circuit";
    }

    private void clearOutput() {
        synchronized (tail) {
            tail.clear();
            errorLines.clear();
            droppedErrorLines = 0;
            measured.clear();
            loadErrors = 0;
        }
    }

    /**
     * One line ngspice sent: its answers, errors, printed and measured values. Most come as {@code "stdout ..."} or {@code
     * "stderr ..."}; a transient's progress lines (" Reference value : ...\r") come without the prefix in ngspice 46, and
     * are left out of the tail that error messages quote (a failed transient's last 30 lines could all be progress).
     */
    private void onLine(String line) {
        if (line == null) {
            return;
        }
        synchronized (tail) {
            if (line.startsWith("stdout " + MARK)) {
                answer = line.substring(("stdout " + MARK).length());
                return;
            }
            boolean error = line.startsWith("stderr ");
            String text = text(line);
            if (!error && BACKGROUND_ENDED.matcher(text).matches()) {
                return; // bookkeeping of runInBackground's thread
            }
            if (!error && text.startsWith("Circuit: ")) {
                circuitNamed = true;
            }
            if (!error && text.endsWith("\r")) {
                return; // progress, overwritten on a terminal
            }
            if (tail.size() == TAIL_LINES) {
                tail.removeFirst();
            }
            tail.addLast(line);
            if (error) {
                if (errorLines.size() < MAX_WARNINGS) {
                    errorLines.add(text.strip());
                } else {
                    droppedErrorLines++;
                }
            } else if (printing != null) {
                String shown = text.substring(text.lastIndexOf('\r') + 1); // what a terminal keeps of a progress line
                if (shown.isEmpty() || NOTICE.matcher(shown).matches()) {
                    return;
                }
                if (printing.size() < MAX_PRINTED_LINES) {
                    printing.add(shown);
                } else {
                    droppedPrintedLines++;
                }
            } else if (measuring != null) {
                Matcher m = MEASUREMENT.matcher(text);
                if (m.find() && measuring.contains(m.group(1).toLowerCase(Locale.ROOT))) {
                    measured.put(m.group(1).toLowerCase(Locale.ROOT), m.group(2));
                }
            }
        }
    }

    /**
     * The text of a line ngspice sent, without its {@code "stdout "} or {@code "stderr "} prefix where it has one (a
     * progress line has none: taking seven characters off a shorter one threw inside the callback, and the line was lost).
     */
    static String text(String line) {
        return line.startsWith("stdout ") || line.startsWith("stderr ") ? line.substring("stdout ".length()) : line;
    }

    private List<String> tailLines() {
        synchronized (tail) {
            return List.copyOf(tail);
        }
    }
}
