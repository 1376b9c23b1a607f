package org.xbarspice.spice;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbarspice.spice.ngspice.NgSpiceEngine;

/** A library that is not ngspice gives a {@link SpiceUnavailableException} with the path, the reason and the fix. */
class NgSpiceLibraryCheckTest {
    @TempDir
    Path tmp;

    private static void assertUnusable(Path library, String reason) {
        SpiceUnavailableException e = assertThrows(SpiceUnavailableException.class, () -> NgSpiceEngine.open(1, library));
        String msg = e.getMessage();
        assertTrue(msg.contains(library.toString()), "names the library the user gave: " + msg);
        assertTrue(msg.contains(reason), "says why (" + reason + "): " + msg);
        assertTrue(msg.contains("XBARSPICE_NGSPICE_LIB") && msg.contains("./xbarspice"), "says how to fix it: " + msg);
        assertFalse(msg.contains("xbarspice-ngspice"), "does not name the private temporary copy: " + msg);
    }

    @Test
    void sharedLibraryWithoutTheNgspiceFunctionsIsRefusedByName() {
        // the JVM's signal-chaining library: a real shared library that every JDK ships and the project needs anyway
        Path jsig = Path.of(System.getProperty("java.home"), "lib", "server", "libjsig.so");
        assertTrue(Files.isRegularFile(jsig), "the JDK's libjsig.so is missing: " + jsig);
        assertUnusable(jsig, "it has no function ngSpice_");
    }

    @Test
    void fileThatIsNoLibraryIsRefused() throws IOException {
        Path text = Files.writeString(tmp.resolve("not-ngspice.so"), "this is text, not ELF\n");
        assertUnusable(text, "cannot be loaded as a shared library");
    }

    @Test
    void directoryOrMissingFileIsRefused() {
        assertUnusable(tmp, "is not a readable file");
        assertUnusable(tmp.resolve("missing.so"), "is not a readable file");
    }

    @Test
    void netlistRejectionIsASpiceException() {
        SpiceNetlistException e = new SpiceNetlistException("ngspice rejected the netlist", List.of("stderr Error: x"));
        assertTrue(e instanceof SpiceException, "SpiceNetlistException must be a SpiceException");
        SpiceException inContext = e.withContext("training step 3");
        assertTrue(inContext instanceof SpiceNetlistException, "context keeps the kind (the exit code depends on it)");
        assertTrue(inContext.getMessage().startsWith("training step 3: ngspice rejected the netlist"), inContext.getMessage());
        assertEquals(e.engineOutput(), inContext.engineOutput());
    }
}
