package org.xbarspice.spice.ngspice;

import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Platform;
import com.sun.jna.Pointer;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;
import org.xbarspice.spice.SpiceException;

/**
 * The process-wide state that ngspice reads: the working folder (a relative path in any ngspice command, and the
 * {@code ./.spiceinit} that ngspice's initialisation reads) and environment variables. Java cannot change either, so
 * they are set through the C library. Every change of the working folder and every ngspice initialisation happens
 * while {@link #LOCK} is held, so that one run's folder is never another's.
 *
 * <p>The folder is changed with the C library's {@code chdir}, not with ngspice's own {@code cd} command (which calls
 * the same function): {@code chdir} reports failure as a status, where {@code cd} only prints it, and takes any path,
 * where a command line goes through ngspice's lexer (blanks, quotes, {@code $}). The caller saves the folder first
 * ({@link #workingFolder}, which also sees a {@code cd} in a netlist's .control block) and restores it after the run.
 *
 * <p>While the folder is changed, every thread of the JVM that opens a file by a relative path opens it there (the
 * JVM resolves relative paths in the operating system, but {@code user.dir} and {@link Path#toAbsolutePath} keep the
 * folder the JVM started in): callers use absolute paths.
 */
final class ProcessState {
    /** Held while the working folder is changed and while ngspice initialises (it reads {@code ./.spiceinit}). */
    static final ReentrantLock LOCK = new ReentrantLock();
    private static final int PATH_MAX = 4096;

    private ProcessState() {
    }

    /** The C library functions used here. */
    private interface LibC extends Library {
        LibC INSTANCE = Native.load(Platform.C_LIBRARY_NAME, LibC.class);

        int chdir(String path) throws LastErrorException;

        Pointer getcwd(byte[] buffer, long size) throws LastErrorException;

        String getenv(String name);

        int setenv(String name, String value, int overwrite) throws LastErrorException;

        int open(String path, int flags) throws LastErrorException;

        int dup(int fd) throws LastErrorException;

        int dup2(int fd, int to) throws LastErrorException;

        int close(int fd) throws LastErrorException;

        /** glibc's; absent from other C libraries. */
        int malloc_trim(long pad);
    }

    private static final int STANDARD_ERROR = 2;
    private static final int WRITE_ONLY = 1; // O_WRONLY
    /** Whether {@link #initialiseQuietly} has run once in this process. */
    private static boolean initialisedQuietly;

    /**
     * Runs {@code init}, the process's first ngspice initialisation, with its standard error (file descriptor 2) on
     * {@code /dev/null}; any later one as it is. The JVM's signal-chaining library (libjsig, preloaded) prints a
     * deprecation note to standard error, once per process, the first time native code installs a handler with {@code
     * signal()} for a signal the JVM handles. {@code ngSpice_Init} does so for SIGSEGV, which JDK 25 notes (JDK 17 notes
     * only SIGINT, SIGTERM and SIGHUP, which ngspice 46 leaves alone; measured with a shim around {@code signal()}).
     * ngspice's own output goes to its callbacks, so what is lost is only what another thread writes to standard error
     * during the call. {@link #LOCK} is held.
     */
    static void initialiseQuietly(Runnable init) {
        if (!LOCK.isLocked()) {
            throw new IllegalStateException("ngspice initialises only under ProcessState.LOCK");
        }
        if (initialisedQuietly) {
            init.run();
            return;
        }
        System.err.flush();
        int saved = redirectStandardError();
        if (saved < 0) { // standard error closed, or no /dev/null: initialise as it is
            init.run();
            return;
        }
        initialisedQuietly = true;
        try {
            init.run();
        } finally {
            LibC.INSTANCE.dup2(saved, STANDARD_ERROR);
            LibC.INSTANCE.close(saved);
        }
    }

    /** Points standard error at {@code /dev/null}; returns a copy of the old one, or -1 (nothing changed) on failure. */
    private static int redirectStandardError() {
        int saved;
        try {
            saved = LibC.INSTANCE.dup(STANDARD_ERROR);
        } catch (LastErrorException e) {
            return -1;
        }
        int nowhere = -1;
        try {
            nowhere = LibC.INSTANCE.open("/dev/null", WRITE_ONLY);
            LibC.INSTANCE.dup2(nowhere, STANDARD_ERROR);
            return saved;
        } catch (LastErrorException e) {
            LibC.INSTANCE.close(saved);
            return -1;
        } finally {
            if (nowhere >= 0) {
                LibC.INSTANCE.close(nowhere);
            }
        }
    }

    /** The process's working folder now (which a .control {@code cd} command may have changed). */
    static Path workingFolder() {
        byte[] buffer = new byte[PATH_MAX];
        try {
            LibC.INSTANCE.getcwd(buffer, buffer.length);
        } catch (LastErrorException e) {
            throw new SpiceException("cannot read the process's working folder (errno " + e.getErrorCode() + ")",
                    List.of());
        }
        return Path.of(Native.toString(buffer));
    }

    /**
     * Makes {@code folder} (absolute) the process's working folder; {@link #LOCK} is held, by this thread or by the
     * thread that waits for this one.
     */
    static void changeFolder(Path folder) {
        if (!LOCK.isLocked()) {
            throw new IllegalStateException("the working folder changes only under ProcessState.LOCK");
        }
        try {
            LibC.INSTANCE.chdir(folder.toString());
        } catch (LastErrorException e) {
            throw new SpiceException("cannot make " + folder + " the working folder of ngspice (errno " + e.getErrorCode()
                    + "): check that it is a folder you may enter", List.of());
        }
    }

    /**
     * Gives the environment variable {@code name}, which {@link #setVariable} created before any ngspice ran, the value
     * {@code value}; {@link #LOCK} is held. Safe while other threads' ngspice instances may call {@code getenv}: the C
     * library replaces the entry of an existing variable in place (the environment array is not reallocated, and the
     * old string is not freed), so a concurrent {@code getenv} sees the old or the new value.
     */
    static void replaceVariable(String name, String value) {
        if (!LOCK.isLocked()) {
            throw new IllegalStateException("environment variables change only under ProcessState.LOCK");
        }
        if (LibC.INSTANCE.getenv(name) == null) {
            throw new IllegalStateException(name + " must exist before ngspice runs (setVariable)");
        }
        if (!value.equals(LibC.INSTANCE.getenv(name))) {
            LibC.INSTANCE.setenv(name, value, 1);
        }
    }

    /**
     * Gives the memory freed in the C heap back to the system (glibc's {@code malloc_trim}; nothing where the C library
     * has none): what an abandoned analysis freed on its own thread stayed in that thread's heap arena (resident memory
     * 655 MB after three abandoned 200 x 200 reads, 214 MB after the trim).
     */
    static void returnFreedMemory() {
        try {
            LibC.INSTANCE.malloc_trim(0);
        } catch (UnsatisfiedLinkError e) {
            // not glibc: its allocator keeps what it keeps
        }
    }

    /**
     * Sets the environment variable {@code name} unless it already has {@code value}. Only before any ngspice runs:
     * the C library's {@code setenv} is not safe while another thread may call {@code getenv}.
     */
    static void setVariable(String name, String value) {
        if (!value.equals(LibC.INSTANCE.getenv(name))) {
            LibC.INSTANCE.setenv(name, value, 1);
        }
    }
}
