package org.xbarspice.spice.ngspice;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Platform;
import com.sun.jna.Pointer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@link ProcessState#initialiseQuietly}: libjsig's deprecation note, which a {@code signal()} call for a signal the JVM
 * handles prints once per process, does not reach standard error, and standard error works again afterwards. In a
 * child JVM (with the test JVM's libjsig preloaded, as Maven runs the tests), whose standard error the test reads: the
 * call installs a handler for SIGINT, which JDK 17's libjsig notes as JDK 25's notes ngspice's SIGSEGV handler.
 */
class QuietInitialisationTest {
    private static final String NOTE = "signal chaining was deprecated";

    @Test
    void theNoteIsPrintedWhenNotSilenced() throws IOException, InterruptedException {
        String err = runChild("loud");
        assertTrue(err.contains(NOTE), "the child's signal() call must draw the note, else this test proves nothing: " + err);
    }

    @Test
    void theFirstInitialisationIsSilentAndStandardErrorComesBack() throws IOException, InterruptedException {
        String err = runChild("quiet");
        assertFalse(err.contains(NOTE), err);
        assertEquals("before\nafter\n", err);
    }

    private static String runChild(String mode) throws IOException, InterruptedException {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process child = new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"),
                Child.class.getName(), mode).start();
        child.getOutputStream().close();
        String err = new String(child.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(child.waitFor(60, TimeUnit.SECONDS), "the child must end");
        assertEquals(0, child.exitValue(), err);
        return err;
    }

    /** The child: a line on standard error, a {@code signal()} call (silenced or not), another line. */
    static final class Child {
        private interface Signals extends Library {
            Signals INSTANCE = Native.load(Platform.C_LIBRARY_NAME, Signals.class);

            Pointer signal(int signal, Pointer handler);
        }

        private static final int SIGINT = 2;
        private static final Pointer IGNORE = new Pointer(1); // SIG_IGN

        public static void main(String[] args) {
            System.err.println("before");
            Runnable installHandler = () -> Signals.INSTANCE.signal(SIGINT, IGNORE);
            ProcessState.LOCK.lock();
            try {
                if (args[0].equals("quiet")) {
                    ProcessState.initialiseQuietly(installHandler);
                } else {
                    installHandler.run();
                }
            } finally {
                ProcessState.LOCK.unlock();
            }
            System.err.println("after");
        }
    }
}
