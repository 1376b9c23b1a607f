package org.xbarspice.spice.ngspice;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;
import java.util.function.DoubleConsumer;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.xbarspice.spice.KeptCircuit;
import org.xbarspice.spice.NetlistFile;
import org.xbarspice.spice.SpiceEngine;
import org.xbarspice.spice.SpiceException;
import org.xbarspice.spice.SpiceJob;
import org.xbarspice.spice.SpiceJobResult;
import org.xbarspice.spice.SpiceResult;
import org.xbarspice.spice.SpiceTimeoutException;
import org.xbarspice.spice.SpiceUnavailableException;
import org.xbarspice.units.InvalidInputException;
import org.xbarspice.units.XbarspiceException;

/**
 * ngspice in process through JNA: a pool of independent instances, each a private copy of
 * libngspice driven by its own thread. Concurrent {@link #run} calls use different instances; an
 * instance that hits a fatal ngspice error is replaced by a fresh one, the JVM never exits.
 */
public final class NgSpiceEngine implements SpiceEngine {
    /** Oldest ngspice release accepted (the first with a usable KLU in Debian). */
    static final int MIN_VERSION = 46;
    /** How to get a suitable ngspice. */
    static final String INSTALL_HINT = "run ./xbarspice once (it installs libngspice0 46 from bookworm-backports) "
            + "or set XBARSPICE_NGSPICE_LIB to a libngspice.so of version 46+ built with KLU";
    private static final List<String> LIBRARY_CANDIDATES = List.of(
            "/usr/lib/x86_64-linux-gnu/libngspice.so.0", "/usr/lib/aarch64-linux-gnu/libngspice.so.0",
            "/usr/local/lib/libngspice.so.0", "/usr/local/lib/libngspice.so", "/usr/lib/libngspice.so.0");
    /** Environment variable that names the library to use. */
    static final String LIBRARY_VARIABLE = "XBARSPICE_NGSPICE_LIB";
    private static final AtomicInteger COPIES = new AtomicInteger();

    /**
     * The folder where ngspice's code models (filesource, d_source, d_state, table models) look for a file named by a
     * relative path when it is not next to the netlist (ngspice 46's order: the netlist's folder, this variable's
     * folder, the working folder). A file run sets it to the netlist's folder, which ngspice cannot know from a netlist
     * passed as text, and restores the user's value after.
     */
    private static final String INPUT_DIR = "NGSPICE_INPUT_DIR";
    /** The user's {@value #INPUT_DIR}, or "" (ngspice takes an empty value as unset). */
    private static final String USER_INPUT_DIR;

    static {
        // before any ngspice is loaded: setenv must not race with a running ngspice's getenv (NGSPICE_INPUT_DIR is
        // created here so that later changes replace its value in place, see ProcessState.replaceVariable)
        ProcessState.setVariable("NGSPICE_MEAS_PRECISION", "16");
        String user = System.getenv(INPUT_DIR);
        USER_INPUT_DIR = user == null ? "" : user;
        ProcessState.setVariable(INPUT_DIR, USER_INPUT_DIR);
    }

    private final Path library;
    /** The library as the user knows it, for messages ({@link #libraryOrigin}). */
    private final String libraryOrigin;
    private final List<Worker> workers = new ArrayList<>();
    /** The workers not running anything; guarded by itself (waiters are notified on every return). */
    private final Deque<Worker> idle = new ArrayDeque<>();
    private final String version;

    /** Default limit of one netlist load and analysis (s): an hour, far beyond any crossbar analysis here. */
    public static final long DEFAULT_TIMEOUT_SECONDS = 3600;
    /** The limit engines opened from now on start with (s; 0 = none): the command line's --timeout. */
    private static volatile long defaultTimeoutSeconds = DEFAULT_TIMEOUT_SECONDS;
    /** Limit of one load and analysis (s); 0 = none. */
    private volatile long timeoutSeconds = defaultTimeoutSeconds;

    /** One instance and the only thread that calls it. */
    private static final class Worker {
        final int index;
        /** Replaced by the caller that holds the worker ({@link #abandonThread}), read by {@link #awaitIdle} too. */
        volatile ExecutorService thread;
        /** Read by a task on an abandoned thread too ({@link #abandoned}), hence volatile. */
        volatile NgSpiceInstance instance;
        /** The instance of the last netlist file run, to be reset for the next (null: make a new one). */
        volatile NgSpiceInstance fileInstance;
        /**
         * Threads given up so far ({@link #abandonThread}): a task that finds it changed since it began runs on an
         * abandoned thread, whose instances no longer belong to the worker.
         */
        volatile int abandoned;

        Worker(int index) {
            this.index = index;
            this.thread = newThread(index);
        }

        private static ExecutorService newThread(int index) {
            return Executors.newSingleThreadExecutor(r -> {
                Thread t = new Thread(r, "ngspice-" + index);
                t.setDaemon(true);
                return t;
            });
        }

        /**
         * Gives up the current thread (stuck in ngspice) for a fresh one; the stuck instance is freed by its own thread
         * if its analysis ends ({@link #freeAbandoned}), the caller replaces it.
         */
        void abandonThread() {
            abandoned++; // only the caller that holds the worker writes it
            for (Runnable queued : thread.shutdownNow()) {
                if (queued instanceof Future<?> task) {
                    task.cancel(false); // its waiter (awaitIdle) would otherwise wait for it forever
                }
            }
            thread = newThread(index);
        }
    }

    private NgSpiceEngine(int instances, Path explicitLibrary) {
        if (instances < 1) {
            throw new IllegalArgumentException("an engine needs at least one ngspice instance, got " + instances);
        }
        requireSignalChaining();
        String override = System.getenv(LIBRARY_VARIABLE);
        if (explicitLibrary != null) {
            library = requireFile(explicitLibrary, explicitLibrary.toString());
            libraryOrigin = libraryOrigin(explicitLibrary.toString(), library);
        } else if (override != null && !override.isBlank()) {
            String named = LIBRARY_VARIABLE + "=" + override;
            library = requireFile(Path.of(override), named);
            libraryOrigin = libraryOrigin(named, library);
        } else {
            library = locateLibrary();
            libraryOrigin = libraryOrigin(library.toString(), library);
        }
        try {
            for (int n = 0; n < instances; n++) {
                Worker worker = new Worker(n);
                workers.add(worker);
                onThreadUnlimited(worker, w -> w.instance = newInstance());
                give(worker);
            }
        } catch (RuntimeException e) {
            close();
            throw e;
        }
        version = workers.get(0).instance.version();
    }

    /**
     * Opens an engine with {@code instances} parallel ngspice instances of the library named by
     * {@code XBARSPICE_NGSPICE_LIB}, else of the first libngspice found in the usual places.
     */
    public static NgSpiceEngine open(int instances) {
        return new NgSpiceEngine(instances, null);
    }

    /** Opens an engine with {@code instances} parallel ngspice instances of the library file {@code library}. */
    public static NgSpiceEngine open(int instances, Path library) {
        return new NgSpiceEngine(instances, library);
    }

    /** Waits for every instance's thread to finish what it has queued, such as freeing the last circuit. */
    @Override
    public void awaitIdle() {
        List<Future<?>> queued = new ArrayList<>();
        synchronized (idle) {
            for (Worker worker : workers) {
                try {
                    queued.add(worker.thread.submit(() -> { }));
                } catch (RejectedExecutionException e) {
                    // a closed engine: nothing runs
                }
            }
        }
        for (Future<?> task : queued) {
            try {
                task.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (ExecutionException | CancellationException e) {
                // a thread given up meanwhile (abandonThread) has nothing left to wait for
            }
        }
    }

    @Override
    public SpiceResult run(String netlist, List<String> vectors) {
        return run(netlist, vectors, null);
    }

    @Override
    public SpiceResult run(String netlist, List<String> vectors, DoubleConsumer progress) {
        NetlistFile.requireSelfContained(netlist);
        Worker worker = take(null);
        try {
            SpiceResult result = onWorker(worker, (w, limit) -> {
                NgSpiceInstance instance = instanceOf(w); // the worker's may change meanwhile, if this run is abandoned
                instance.onProgress(progress);
                try {
                    return instance.run(netlist, vectors, limit);
                } finally {
                    instance.onProgress(null);
                }
            });
            // the circuit is freed on the worker's thread after the caller has its result (0.3-0.5 s for a 256 x 256
            // read); the worker's next task starts after it (one thread, tasks in order)
            int generation = worker.abandoned;
            NgSpiceInstance used = worker.instance;
            try {
                worker.thread.execute(() -> {
                    try {
                        if (used != null) {
                            used.release();
                        }
                    } catch (RuntimeException e) {
                        // a fatal exit while freeing: the instance is dead and replaced below
                    }
                    synchronized (worker) {
                        if (worker.abandoned == generation) {
                            replaceIfDead(worker);
                        } else { // the next task timed out while this ran: it never started, this thread frees the instance
                            freeAbandoned(used);
                        }
                    }
                });
            } catch (RejectedExecutionException e) {
                // the engine was closed while this ran: its close frees the instances, and the result stands
            }
            return result;
        } finally {
            give(worker);
        }
    }

    /**
     * Keeps the circuit in the instance that takes it (any idle one); its reruns wait for that instance. A rerun that
     * fails (a timeout included) drops the circuit, as does its instance's replacement (after a fatal error, or a
     * timeout that abandoned it): the circuit must be kept anew.
     */
    @Override
    public KeptCircuit keep(String netlist, List<String> vectors) {
        NetlistFile.requireSelfContained(netlist);
        Worker worker = take(null);
        try {
            NgSpiceInstance.Kept kept = onWorker(worker, (w, limit) -> instanceOf(w).keep(netlist, vectors));
            NgSpiceInstance owner = worker.instance;
            return new KeptCircuit() {
                @Override
                public SpiceResult run(List<String> alterations) {
                    Worker w = take(worker);
                    try {
                        return onWorker(w, (x, limit) -> {
                            if (x.instance != owner) {
                                throw new SpiceException("the kept circuit is gone: its ngspice instance was replaced",
                                        List.of());
                            }
                            return owner.rerun(kept, alterations, limit);
                        });
                    } finally {
                        give(w);
                    }
                }

                @Override
                public void close() {
                    if (closed) {
                        return; // the circuit went with its instance
                    }
                    Worker w = take(worker);
                    try {
                        onWorker(w, (x, limit) -> {
                            if (x.instance == owner) {
                                owner.drop(kept);
                            }
                            return null;
                        });
                    } catch (RejectedExecutionException e) {
                        // the engine is closed: the circuit went with its instance
                    } finally {
                        give(w);
                    }
                }
            };
        } finally {
            give(worker);
        }
    }

    /**
     * Runs {@code task} on the worker's thread within the engine's time limit, which the task's analyses get as their
     * {@link NgSpiceInstance.Limit}; an instance that died meanwhile is replaced. Past the limit, ngspice halts an
     * analysis that it can interrupt and the task fails with a {@link SpiceTimeoutException}, its instance kept
     * ({@link #awaitRun}); what cannot be stopped is abandoned: the worker's thread and instance are given up for fresh
     * ones, and a {@link SpiceTimeoutException} says so.
     */
    private <T> T onWorker(Worker worker, BiFunction<Worker, NgSpiceInstance.Limit, T> task) {
        long limit = timeoutSeconds;
        NgSpiceInstance.Limit analyses = new NgSpiceInstance.Limit(limit);
        int generation = worker.abandoned; // taken here: a task that starts late must not take a later generation
        NgSpiceInstance instance = worker.instance;
        boolean[] ended = {false}; // under the worker's lock: the task has finished with the worker's instance
        CompletableFuture<T> result = submitRun(worker, limit, () -> {
            synchronized (worker) {
                if (worker.abandoned != generation) { // given up before it started: this thread frees the instance
                    freeAbandoned(instance);
                    throw timedOut(limit, false);
                }
            }
            try {
                return task.apply(worker, analyses);
            } finally {
                synchronized (worker) {
                    if (worker.abandoned == generation) {
                        ended[0] = true;
                        replaceIfDead(worker);
                    } else {
                        freeAbandoned(instance);
                    }
                }
            }
        });
        try {
            return awaitRun(result, analyses, limit);
        } catch (TimeoutException e) {
            synchronized (worker) {
                if (ended[0]) { // it finished as the wait ended: its result stands
                    return awaitUnlimited(result);
                }
                // a load, a .control loop or an operating point, which ngspice cannot interrupt: the worker's thread and
                // library copy are left to run as a daemon (freed when the analysis ends, if it does), and the worker
                // starts over with a fresh copy
                worker.abandonThread();
            }
            NgSpiceInstance idleFileInstance = worker.fileInstance;
            worker.fileInstance = null;
            onThreadUnlimited(worker, w -> {
                if (idleFileInstance != null) {
                    idleFileInstance.unload(); // nothing runs in it: the stuck analysis is in the run instance
                }
                w.instance = null; // the abandoned copy is no longer this worker's, even if no fresh one can be made
                w.instance = newInstance();
                return null;
            });
            throw timedOut(limit, false);
        }
    }

    /**
     * How long past its limit a run is waited for once ngspice halts its analysis (s): the halt takes up to 1 s (or the
     * run reports that it failed, and is abandoned at once), then the circuit is freed (0.3-0.5 s at 256 x 256).
     */
    private static final long HALT_GRACE_SECONDS = 10;

    /**
     * The result of a run under the limit {@code limit} (s; 0 = none) whose analyses have the limit {@code analyses}:
     * waits the limit, then, if an analysis that ngspice can halt has started ({@link NgSpiceInstance.Limit#analysing}),
     * up to {@value #HALT_GRACE_SECONDS} s more for the run to halt it and return, unless the run reports that the halt
     * failed.
     *
     * @throws TimeoutException if the run must be abandoned: past the limit while loading (nothing interrupts a load nor
     *     a {@code .control} block, which runs in it), in an operating point (nor that), after a failed halt, or past the
     *     grace
     */
    private static <T> T awaitRun(CompletableFuture<T> result, NgSpiceInstance.Limit analyses, long limit)
            throws TimeoutException {
        try {
            return await(result, limit);
        } catch (TimeoutException e) {
            if (!analyses.analysing()) {
                throw e;
            }
            try {
                CompletableFuture.anyOf(result, analyses.cannotStop()).get(HALT_GRACE_SECONDS, TimeUnit.SECONDS);
            } catch (ExecutionException | TimeoutException ended) {
                // which one ended is told below
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
                throw new XbarspiceException("interrupted while ngspice was running", interrupted);
            }
            if (!result.isDone()) {
                throw e;
            }
            return awaitUnlimited(result);
        }
    }

    /**
     * Runs {@code task}, a run under the limit {@code limit} (s), on the worker's thread; its result is complete once the
     * task has returned or thrown, an analysis stopped at the limit as a {@link SpiceTimeoutException}.
     */
    private static <T> CompletableFuture<T> submitRun(Worker worker, long limit, Supplier<T> task) {
        CompletableFuture<T> result = new CompletableFuture<>();
        worker.thread.submit(() -> {
            try {
                result.complete(task.get());
            } catch (NgSpiceInstance.Stopped e) {
                result.completeExceptionally(timedOut(limit, true));
            } catch (Throwable t) {
                result.completeExceptionally(t);
            }
        });
        return result;
    }

    /** The failure of a run past its limit of {@code limit} seconds: its analysis {@code stopped}, else abandoned. */
    private static SpiceTimeoutException timedOut(long limit, boolean stopped) {
        return SpiceTimeoutException.of("ngspice did not finish the netlist within " + limit + " s and "
                + (stopped ? "its analysis was stopped" : "was abandoned"), "a netlist of your own: "
                + (stopped ? "" : "an endless .control loop, or ") + "an analysis far longer than intended, e.g. a huge "
                + "transient stop time; the tool's reads and updates: a large array, an integrator's reads (a transient "
                + "each), or transient updates of long pulses, which update --engine quasi-static and train --update-mode "
                + "quasi-static solve at once");
    }

    /**
     * On an abandoned thread whose analysis has ended after all: frees the instance's circuits and plots and unloads its
     * library copy, which no worker holds any more, and returns the freed memory to the system (each abandoned analysis
     * kept its memory until the process ended: 84 MB to 872 MB over three abandoned 200 x 200 reads; now 214 MB once
     * they have ended).
     */
    private static void freeAbandoned(NgSpiceInstance instance) {
        if (instance == null || instance.isUnloaded()) { // none: its replacement had failed
            return; // freed already by the work before this one on the same thread
        }
        try {
            if (!instance.isDead()) {
                instance.release();
            }
        } catch (RuntimeException e) {
            // a fatal exit while freeing: unloaded below all the same
        } finally {
            instance.unload();
            ProcessState.returnFreedMemory();
        }
    }

    /**
     * On the worker's thread: a fresh instance for one that died (fatal error or {@code quit}). The dead one is let go
     * first, so that no later run reaches it if no fresh copy can be made (that run then makes one, or fails saying why,
     * {@link #instanceOf}).
     */
    private void replaceIfDead(Worker w) {
        NgSpiceInstance old = w.instance;
        if (old == null || !old.isDead()) {
            return;
        }
        w.instance = null;
        old.unload(); // nothing runs in it: this is its thread
        w.instance = newInstance();
    }

    /** On the worker's thread: its instance, made anew if the last replacement failed. */
    private NgSpiceInstance instanceOf(Worker w) {
        if (w.instance == null) {
            w.instance = newInstance();
        }
        return w.instance;
    }

    /** Waits for an idle worker: {@code wanted}, or any if null; refused once the engine is closed. */
    private Worker take(Worker wanted) {
        if (closed) { // its threads refused the work with a RejectedExecutionException naming a thread pool
            throw new IllegalStateException("the ngspice engine is closed: open another with NgSpiceEngine.open");
        }
        synchronized (idle) {
            try {
                while (wanted == null ? idle.isEmpty() : !idle.contains(wanted)) {
                    idle.wait();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new XbarspiceException("interrupted while waiting for an ngspice instance", e);
            }
            if (closed) { // closed while this waited
                throw new IllegalStateException("the ngspice engine is closed: open another with NgSpiceEngine.open");
            }
            if (wanted == null) {
                return idle.removeFirst();
            }
            idle.remove(wanted);
            return wanted;
        }
    }

    private void give(Worker worker) {
        synchronized (idle) {
            idle.addLast(worker);
            idle.notifyAll();
        }
    }

    /**
     * Runs a netlist file as {@code ngspice -b -r} run in the job's work folder would, in a fresh ngspice state, apart
     * from the instances that {@link #run} uses: nothing that the netlist, its .control block or its .spiceinit set
     * reaches another run (see {@code runFileOnWorker} for how). Steps: the {@code .spiceinit} beside the netlist, else
     * the one in the work folder, is checked ({@link NetlistFile#checkControlCommands}); ngspice is initialised in that
     * folder, so that it reads that file itself (else the user's {@code ~/.spiceinit}, as ngspice does); the netlist is
     * read with its includes, which are looked for next to the including file, then in the work folder and ngspice's
     * {@code sourcepath} (folder names without blanks); then loaded and run in the work folder.
     *
     * <p>ngspice resolves relative paths (files a .control block writes, {@code filesource} inputs) against the
     * process's working folder, so the run changes it, through the C library, for its duration, and restores it after
     * (also after a .control {@code cd}). File runs are therefore serialized, and no other thread of the JVM should open
     * files by relative paths meanwhile (the JVM's {@code user.dir} is not changed). {@code NGSPICE_MEAS_PRECISION} is
     * set to 16 in the process environment (once, before the first ngspice is loaded) so that ngspice reports
     * {@code .meas} results with all 17 digits. Files that code models read by a relative path (a {@code filesource}'s
     * {@code file=}) are found beside the netlist whatever the work folder, as the binary finds them:
     * {@code NGSPICE_INPUT_DIR} names the netlist's folder during the run (a user's own value of it is restored after,
     * and is not searched meanwhile).
     */
    @Override
    public SpiceJobResult runFile(SpiceJob job) {
        if (!Files.isDirectory(job.workDir())) {
            throw new InvalidInputException("the work folder " + job.workDir() + " is not a folder: create it first");
        }
        Path scratch = scratchFolder();
        Worker worker;
        try {
            worker = take(null);
        } catch (RuntimeException e) {
            deleteTemporary(scratch);
            throw e;
        }
        long limit = timeoutSeconds;
        ProcessState.LOCK.lock();
        try {
            Path original = ProcessState.workingFolder();
            try {
                ProcessState.replaceVariable(INPUT_DIR, job.netlist().getParent().toString());
                int generation = worker.abandoned; // taken here: a run that starts late must not take a later one
                NgSpiceInstance.Limit analyses = new NgSpiceInstance.Limit(limit);
                return awaitRun(submitRun(worker, limit, () -> runFileOnWorker(worker, job, scratch, generation,
                        analyses)), analyses, limit);
            } catch (TimeoutException e) {
                worker.abandonThread(); // its run instance stays: the stuck analysis is in the file run's own instance
                throw timedOut(limit, false);
            } finally {
                ProcessState.changeFolder(original);
                ProcessState.replaceVariable(INPUT_DIR, USER_INPUT_DIR);
            }
        } finally {
            ProcessState.LOCK.unlock();
            give(worker);
            deleteTemporary(scratch);
        }
    }

    /**
     * {@link #runFile}'s work, on the worker's thread while the caller holds {@link ProcessState#LOCK}. The ngspice of
     * the worker's last file run is reset and reused if that run neither read a .spiceinit of its own nor ended in a
     * fatal exit or {@code quit}; otherwise that copy is unloaded and the next file run loads a new one. {@code
     * generation}: the worker's {@link Worker#abandoned} when the run was submitted; {@code analyses}: the limit of its
     * analyses.
     */
    private SpiceJobResult runFileOnWorker(Worker w, SpiceJob job, Path scratch, int generation,
                                           NgSpiceInstance.Limit analyses) {
        if (w.abandoned != generation) {
            throw timedOut(timeoutSeconds, false); // given up before it started (its caller has returned)
        }
        Path netlistFolder = job.netlist().getParent();
        Path initFolder = Files.exists(netlistFolder.resolve(INIT_FILE)) ? netlistFolder : job.workDir();
        boolean ownInit = Files.exists(initFolder.resolve(INIT_FILE));
        if (ownInit) {
            NetlistFile.readScript(initFolder.resolve(INIT_FILE)).checkControlCommands(job.allowShell());
        }
        NgSpiceInstance ngspice = w.fileInstance;
        w.fileInstance = null;
        if (ngspice == null) {
            ngspice = loadInstanceIn(initFolder);
        } else {
            ProcessState.changeFolder(initFolder);
            ngspice.reinitialise();
        }
        SpiceJobResult result;
        try {
            ProcessState.changeFolder(job.workDir());
            NetlistFile deck = NetlistFile.read(job.netlist(), searchPath(job.workDir(), ngspice.sourcePath()));
            deck.checkControlCommands(job.allowShell());
            deck.requireEnd();
            deck.requireAnalysis();
            result = ngspice.runFile(deck, job, scratch, analyses);
        } finally {
            if (!ownInit && !ngspice.isDead() && w.abandoned == generation) {
                w.fileInstance = ngspice;
            } else {
                ngspice.unload(); // its run has returned: nothing runs in it (nor will, if the run was abandoned)
            }
        }
        return result;
    }

    /** {@link #loadInstance()} with {@code folder} as the working folder; the caller holds {@link ProcessState#LOCK}. */
    private NgSpiceInstance loadInstanceIn(Path folder) {
        ProcessState.changeFolder(folder);
        return loadInstance();
    }

    /** ngspice's per-folder initialisation file. */
    private static final String INIT_FILE = ".spiceinit";

    /**
     * The temporary folders in use (the raw files of file runs in progress, library copies being loaded), which a JVM
     * stopped by a signal deletes as it ends: the {@code finally} that deletes them does not run then, and a long
     * transient's raw file stayed behind (15 MB after 4 s, a review's).
     */
    private static final Set<Path> TEMPORARY = ConcurrentHashMap.newKeySet();

    static {
        try {
            Runtime.getRuntime().addShutdownHook(new Thread(() -> TEMPORARY.forEach(NgSpiceEngine::deleteTemporary),
                    "xbarspice-ngspice-temporary"));
        } catch (IllegalStateException shuttingDown) {
            // first used while the JVM already ends: the runs' own clean-up remains
        }
    }

    /** Whether this JVM has looked for the temporary folders of ended processes ({@link #removeLeftovers}). */
    private static final AtomicBoolean LEFTOVERS_REMOVED = new AtomicBoolean();
    /** The name of a temporary folder of {@link #temporaryFolder}: its kind, the process id, a unique part. */
    private static final Pattern TEMPORARY_NAME = Pattern.compile("xbarspice-(raw|ngspice)-(\\d+)-.*");

    /**
     * A new temporary folder named {@code prefix-PID-...}, deleted at the latest when the JVM ends ({@link #TEMPORARY});
     * the first one a JVM makes also removes those that processes killed outright left ({@link #removeLeftovers}).
     */
    private static Path temporaryFolder(String prefix) throws IOException {
        if (LEFTOVERS_REMOVED.compareAndSet(false, true)) {
            removeLeftovers(Path.of(System.getProperty("java.io.tmpdir")));
        }
        Path dir = Files.createTempDirectory(prefix + "-" + ProcessHandle.current().pid() + "-").toAbsolutePath();
        TEMPORARY.add(dir);
        return dir;
    }

    /**
     * Removes the temporary folders in {@code folder} of processes that no longer run: one killed outright (SIGKILL, an
     * out-of-memory kill) deletes nothing, and a long transient's raw file (tens of MB) stayed for good. Returns how many
     * it removed.
     */
    static int removeLeftovers(Path folder) {
        int removed = 0;
        try (var entries = Files.list(folder)) {
            for (Path dir : (Iterable<Path>) entries::iterator) {
                Matcher name = TEMPORARY_NAME.matcher(dir.getFileName().toString());
                if (name.matches() && Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)
                        && ProcessHandle.of(Long.parseLong(name.group(2))).isEmpty()) {
                    deleteTemporary(dir);
                    removed += Files.exists(dir) ? 0 : 1;
                }
            }
        } catch (IOException | java.io.UncheckedIOException | NumberFormatException ignored) {
            // what cannot be listed or removed stays, as before
        }
        return removed;
    }

    /** An empty temporary folder for a run's raw files; ngspice takes its path unquoted, so it may hold no blank or quote. */
    private static Path scratchFolder() {
        Path dir;
        try {
            dir = temporaryFolder("xbarspice-raw");
        } catch (IOException e) {
            throw new SpiceUnavailableException("cannot create a temporary folder for ngspice's raw files: " + e.getMessage(), e);
        }
        if (!dir.toString().matches("[^\\s\"'$`;]+")) {
            deleteTemporary(dir);
            throw new SpiceUnavailableException("the temporary folder " + dir + " has a blank, quote or shell character in "
                    + "its path, which ngspice's commands cannot take: start Java with -Djava.io.tmpdir=/tmp");
        }
        return dir;
    }

    /** Deletes the temporary folder {@code dir} and the files in it. */
    private static void deleteTemporary(Path dir) {
        TEMPORARY.remove(dir);
        try (var files = Files.list(dir)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                Files.deleteIfExists(f);
            }
            Files.deleteIfExists(dir);
        } catch (IOException | java.io.UncheckedIOException ignored) {
            // a leftover temporary file is harmless
        }
    }

    /**
     * Sets the limit of one netlist load and analysis ({@link #DEFAULT_TIMEOUT_SECONDS} by default; 0 = none). A run
     * past it fails with a {@link SpiceTimeoutException}. A transient is stopped between time steps with {@code
     * bg_halt}, its circuit freed, and its instance runs the next netlist ({@link NgSpiceInstance#haltable}). The rest
     * is abandoned with its ngspice copy (it runs on, on a core of its own, and is freed when it ends), which a fresh
     * copy replaces: a load (a file's {@code .control} block runs in it, and may loop forever), a DC sweep or a single
     * operating point running at the limit.
     */
    public void setTimeoutSeconds(long seconds) {
        this.timeoutSeconds = checkTimeout(seconds);
    }

    /**
     * Sets the limit that engines opened from now on start with ({@link #DEFAULT_TIMEOUT_SECONDS} until set; 0 = none):
     * how the command line's {@code --timeout} reaches the engines that training runs, sweeps and validations open.
     */
    public static void setDefaultTimeoutSeconds(long seconds) {
        defaultTimeoutSeconds = checkTimeout(seconds);
    }

    /** The limit that engines opened from now on start with (s; 0 = none), {@link #setDefaultTimeoutSeconds}. */
    public static long defaultTimeoutSeconds() {
        return defaultTimeoutSeconds;
    }

    private static long checkTimeout(long seconds) {
        if (seconds < 0) {
            throw new InvalidInputException("--timeout " + seconds + " is not allowed: give seconds >= 0 (0 = no limit)");
        }
        return seconds;
    }

    @Override
    public String version() {
        return version;
    }

    /** Set by {@link #close}: no run is taken from then on. */
    private volatile boolean closed;

    /** Number of parallel instances. */
    public int instances() {
        return workers.size();
    }

    /**
     * Stops the instances' threads and waits (up to {@value #CLOSE_WAIT_SECONDS} s each) until an analysis still running
     * has ended, so that no ngspice call outlives the engine, then unloads the library copies of the instances whose
     * thread has ended ({@code NgSpiceInstance.unload}); a copy still running (abandoned after a timeout, or past the
     * wait) stays mapped until the process exits. A closed engine refuses every run.
     */
    @Override
    public void close() {
        closed = true;
        for (Worker w : workers) {
            w.thread.shutdown();
        }
        try {
            for (Worker w : workers) {
                if (w.thread.awaitTermination(CLOSE_WAIT_SECONDS, TimeUnit.SECONDS)) { // else still inside ngspice
                    for (NgSpiceInstance instance : new NgSpiceInstance[] {w.instance, w.fileInstance}) {
                        if (instance != null) {
                            instance.unload();
                        }
                    }
                    w.instance = null;
                    w.fileInstance = null;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** How long {@link #close()} waits for a running analysis (s). */
    private static final long CLOSE_WAIT_SECONDS = 10;

    /** Runs {@code task} on the worker's thread and waits for its result, without a limit. */
    private static <T> T onThreadUnlimited(Worker worker, Function<Worker, T> task) {
        return awaitUnlimited(worker.thread.submit(() -> task.apply(worker)));
    }

    /** {@link #await} without a limit. */
    private static <T> T awaitUnlimited(Future<T> result) {
        try {
            return await(result, 0);
        } catch (TimeoutException e) {
            throw new IllegalStateException("no limit, no timeout", e);
        }
    }

    /** The result of a task on a worker's thread, waiting at most {@code seconds} (0 = without limit). */
    private static <T> T await(Future<T> result, long seconds) throws TimeoutException {
        try {
            return seconds == 0 ? result.get() : result.get(seconds, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new XbarspiceException("interrupted while ngspice was running", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            if (e.getCause() instanceof Error err) {
                throw err;
            }
            throw new SpiceException("ngspice call failed: " + e.getCause(), List.of());
        }
    }

    /**
     * A fresh private copy of the library, loaded and initialised while no file run has changed the process's working
     * folder (ngspice's initialisation reads {@code ./.spiceinit}).
     */
    private NgSpiceInstance newInstance() {
        ProcessState.LOCK.lock();
        try {
            return loadInstance();
        } finally {
            ProcessState.LOCK.unlock();
        }
    }

    /**
     * A fresh private copy of the library (so its globals are its own), loaded and initialised in the current working
     * folder (whose {@code .spiceinit} it reads, else the user's).
     */
    private NgSpiceInstance loadInstance() {
        Path copy;
        try {
            Path dir = temporaryFolder("xbarspice-ngspice");
            copy = dir.resolve("libngspice-" + COPIES.incrementAndGet() + ".so");
            Files.copy(library, copy);
        } catch (IOException e) {
            throw new SpiceUnavailableException("cannot copy " + library + " to a temporary directory: " + e.getMessage(), e);
        }
        try {
            return NgSpiceInstance.load(copy, libraryOrigin);
        } finally {
            deleteTemporary(copy.getParent()); // the mapping stays valid after the file is gone
        }
    }

    /**
     * How messages name the library: {@code named} (the path given or found, or the variable that gave it), followed by
     * the file that {@code library} resolves to where that differs (a relative path, or a link such as libngspice.so.0
     * to libngspice.so.0.0.15): the file that is copied and loaded, so that a user with several ngspice installed sees
     * which one was taken.
     */
    static String libraryOrigin(String named, Path library) {
        Path file;
        try {
            file = library.toRealPath();
        } catch (IOException e) { // checked readable just before: a file removed meanwhile is named as given
            file = library.toAbsolutePath();
        }
        return file.equals(library) ? named : named + " (the file " + file + ")";
    }

    private static Path requireFile(Path library, String origin) {
        if (!Files.isRegularFile(library) || !Files.isReadable(library)) {
            throw new SpiceUnavailableException(origin + " is not a readable file: " + INSTALL_HINT);
        }
        return library;
    }

    private static Path locateLibrary() {
        for (String candidate : LIBRARY_CANDIDATES) {
            Path p = Path.of(candidate);
            if (Files.isReadable(p)) {
                return p;
            }
        }
        throw new SpiceUnavailableException("libngspice was not found (looked in " + LIBRARY_CANDIDATES + "): "
                + INSTALL_HINT);
    }

    /**
     * ngspice installs its own signal handlers; without the JVM's signal-chaining library the JVM's
     * own use of signals (stack overflow detection) then kills the process.
     */
    private static void requireSignalChaining() {
        String preload = System.getenv("LD_PRELOAD");
        if (preload == null || !preload.contains("libjsig")) {
            throw new SpiceUnavailableException("the JVM must start with LD_PRELOAD=" + System.getProperty("java.home")
                    + "/lib/server/libjsig.so before it loads ngspice (ngspice replaces the JVM's signal handlers); "
                    + "the ./xbarspice launcher and the Maven test configuration set it");
        }
    }

    /**
     * The folders an include is looked for in: the working folder, then ngspice's {@code sourcepath}, each once (the
     * variable names "." and the scripts folder besides the deck's folder, which the working folder already is).
     */
    static List<Path> searchPath(Path workDir, List<Path> sourcePath) {
        LinkedHashSet<Path> folders = new LinkedHashSet<>();
        folders.add(workDir.toAbsolutePath().normalize());
        for (Path folder : sourcePath) {
            folders.add(workDir.resolve(folder).toAbsolutePath().normalize());
        }
        return List.copyOf(folders);
    }
}
