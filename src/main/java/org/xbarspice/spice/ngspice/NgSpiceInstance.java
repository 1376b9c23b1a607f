package org.xbarspice.spice.ngspice;

import com.sun.jna.Library;
import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Pointer;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.xbarspice.spice.SpiceException;
import org.xbarspice.spice.SpiceNetlistException;
import org.xbarspice.spice.SpiceResult;
import org.xbarspice.spice.SpiceUnavailableException;

/**
 * One ngspice instance: one private copy of the shared library, used by one thread at a time.
 * Handles the pitfalls of NGSPICE.md: errors read from the output stream, fatal exits caught (the
 * instance is then dead and must be replaced), the circuit and its plots freed after every run,
 * the command history freed periodically, netlists passed as one freed native block ({@link #load}). Counts the time
 * spent inside ngspice's own functions, apart from the Java and JNA work around them.
 */
final class NgSpiceInstance {
    /** dlopen flags: RTLD_LAZY | RTLD_LOCAL, so each library copy keeps its own globals. */
    private static final int RTLD_LAZY_LOCAL = 1;
    private static final int TAIL_LINES = 30;
    private static final int COMMANDS_PER_HISTORY_FLUSH = 2000;
    /** vector_info layout on x86-64: v_realdata at byte 16, v_length at byte 32. */
    private static final int VEC_REALDATA_OFFSET = 16;
    private static final int VEC_LENGTH_OFFSET = 32;
    private static final Pattern VERSION = Pattern.compile("ngspice-(\\d+)");

    private final NgSpiceLibrary lib;
    private final Deque<String> tail = new ArrayDeque<>(TAIL_LINES);
    private final List<String> errors = new ArrayList<>();
    private volatile boolean dead;
    private int commandsSinceFlush;
    private long nativeNanos;
    /** Native blocks for netlist text and line pointers, reused by every load. */
    private Memory textBuffer;
    private Memory pointerBuffer;
    /** Whether the current circuit has been freed. */
    private boolean cleaned = true;
    private final String version;

    // Callbacks stay strongly referenced for the life of the instance (native code holds them).
    private final NgSpiceLibrary.SendChar sendChar = (line, id, user) -> {
        onLine(line);
        return 0;
    };
    private final NgSpiceLibrary.SendStat sendStat = (status, id, user) -> 0;
    private final NgSpiceLibrary.ControlledExit controlledExit = (status, immediate, quit, id, user) -> {
        dead = true;
        onLine("stderr ngspice requested exit with status " + status);
        return 0;
    };
    private final NgSpiceLibrary.BgThreadRunning bgThreadRunning = (ended, id, user) -> 0;

    private NgSpiceInstance(Path libraryCopy, String origin) {
        lib = link(libraryCopy, origin);
        lib.ngSpice_Init(sendChar, sendStat, controlledExit, null, null, bgThreadRunning, null);
        version = checkVersion();
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
        return Native.load(libraryCopy.toString(), NgSpiceLibrary.class, options);
    }

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

    /** True after ngspice asked to exit (fatal error); the instance must then be replaced. */
    boolean isDead() {
        return dead;
    }

    /** e.g. {@code ngspice-46 (KLU)}. */
    String version() {
        return version;
    }

    private String checkVersion() {
        command("version");
        String text = String.join("\n", tail);
        Matcher m = VERSION.matcher(text);
        if (!m.find()) {
            throw new SpiceUnavailableException("the ngspice library did not report its version; it said:\n" + text);
        }
        int major = Integer.parseInt(m.group(1));
        if (major < NgSpiceEngine.MIN_VERSION) {
            throw new SpiceUnavailableException("ngspice " + major + " found, xbarspice needs " + NgSpiceEngine.MIN_VERSION
                    + "+ with KLU: " + NgSpiceEngine.INSTALL_HINT);
        }
        if (!text.contains("KLU")) {
            throw new SpiceUnavailableException("ngspice " + major + " was built without the KLU solver, which crossbars "
                    + "need: " + NgSpiceEngine.INSTALL_HINT);
        }
        return "ngspice-" + major + " (KLU)";
    }

    /**
     * Loads, runs, reads the vectors, then frees the circuit and its plots whatever happened. The result's time is
     * the time spent inside ngspice's functions (loading, analysis, clean-up, vector look-ups).
     */
    SpiceResult run(String netlist, List<String> vectorNames) {
        nativeNanos = 0;
        clearOutput();
        load(netlist);
        try {
            command("run");
            failIfErrors("the analysis failed");
            String plot = lib.ngSpice_CurPlot();
            if (plot == null || plot.equals("const")) {
                throw new SpiceException("the analysis produced no results (current plot: " + plot + ")", tailLines());
            }
            Map<String, double[]> vectors = new LinkedHashMap<>();
            for (String name : vectorNames) {
                vectors.put(name, vector(name));
            }
            cleanUp();
            return new SpiceResult(vectors, nativeNanos * 1e-9);
        } finally {
            cleanUp();
        }
    }

    /** Frees the circuit and its plots (once per run). */
    private void cleanUp() {
        if (!dead && !cleaned) {
            cleaned = true;
            command("remcirc");
            command("destroy all");
        }
    }

    /**
     * Hands the netlist to ngspice as {@code char**}: every line NUL-terminated in one native block, a NULL-terminated
     * array of pointers into it (NGSPICE.md: JNA's own String[] conversion leaked). Both blocks belong to the instance
     * and are reused from netlist to netlist, growing when needed (a fresh native allocation per load cost about
     * 0.4 ms for a 50 KB netlist). Pointers are 64-bit, as the vector_info offsets above assume.
     */
    private void load(String netlist) {
        cleaned = false;
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
        checkAlive("loading the netlist");
        if (!errors.isEmpty()) {
            List<String> said = tailLines();
            command("remcirc"); // at once: commands on a half-parsed circuit corrupt the heap
            throw new SpiceNetlistException("ngspice rejected the netlist (" + errors.get(0) + ")", said);
        }
    }

    private double[] vector(String name) {
        long t0 = System.nanoTime();
        Pointer info = lib.ngGet_Vec_Info(name);
        nativeNanos += System.nanoTime() - t0;
        if (info == null) {
            throw new SpiceException("the analysis produced no vector named '" + name + "'", tailLines());
        }
        int length = info.getInt(VEC_LENGTH_OFFSET);
        Pointer real = info.getPointer(VEC_REALDATA_OFFSET);
        if (real == null) {
            throw new SpiceException("vector '" + name + "' is not real-valued", tailLines());
        }
        return real.getDoubleArray(0, length);
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

    private void checkAlive(String what) {
        if (dead) {
            throw new SpiceException("ngspice hit a fatal error while " + what + "; this instance is discarded",
                    tailLines());
        }
    }

    private void failIfErrors(String what) {
        if (!errors.isEmpty()) {
            throw new SpiceException(what + " (" + errors.get(0) + ")", tailLines());
        }
    }

    private void clearOutput() {
        synchronized (tail) {
            tail.clear();
            errors.clear();
        }
    }

    private void onLine(String line) {
        if (line == null) {
            return;
        }
        synchronized (tail) {
            if (tail.size() == TAIL_LINES) {
                tail.removeFirst();
            }
            tail.addLast(line);
            if (isError(line)) {
                errors.add(line.substring("stderr ".length()).trim());
            }
        }
    }

    /** An ngspice error line: on stderr and mentioning an error or abort (notes and warnings are not). */
    static boolean isError(String line) {
        if (!line.startsWith("stderr ")) {
            return false;
        }
        String text = line.substring("stderr ".length()).toLowerCase(Locale.ROOT);
        return text.contains("error") || text.contains("aborted") || text.contains("too small")
                || text.contains("singular") || text.contains("unknown");
    }

    private List<String> tailLines() {
        synchronized (tail) {
            return List.copyOf(tail);
        }
    }
}
