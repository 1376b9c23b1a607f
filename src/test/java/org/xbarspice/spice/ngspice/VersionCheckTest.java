package org.xbarspice.spice.ngspice;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbarspice.spice.SpiceUnavailableException;

/**
 * A library of the wrong ngspice version is refused with the file it came from and the fix (checked on the answer to
 * ngspice's {@code version} command: no wrong library is loaded).
 */
class VersionCheckTest {
    @TempDir
    Path tmp;

    /** ngspice's answer to {@code version}, as ngspice 46 from bookworm-backports gives it, with another version line. */
    private static String banner(String versionLine, String solverLine) {
        return "stdout ******\nstdout ** " + versionLine + " : Circuit level simulation program\nstdout ** " + solverLine
                + "\nstdout ** The U. C. Berkeley CAD Group\nstdout ******";
    }

    private static final String ORIGIN = "/usr/lib/x86_64-linux-gnu/libngspice.so.0 (the file "
            + "/usr/lib/x86_64-linux-gnu/libngspice.so.0.0.3)";

    @Test
    void version46WithKluIsAccepted() {
        assertEquals("ngspice-46 (KLU)", NgSpiceInstance.acceptedVersion(
                banner("ngspice-46", "Compiled with KLU Direct Linear Solver"), ORIGIN));
    }

    @Test
    void anOlderVersionIsRefusedNamingTheLibraryAndTheFix() {
        String message = assertThrows(SpiceUnavailableException.class, () -> NgSpiceInstance.acceptedVersion(
                banner("ngspice-39", "Compiled with Sparse Direct Linear Solver"), ORIGIN)).getMessage();
        assertTrue(message.startsWith("cannot use " + ORIGIN + " as ngspice: it is ngspice 39, and xbarspice needs 46+"),
                message);
        assertTrue(message.contains("./xbarspice") && message.contains("XBARSPICE_NGSPICE_LIB"), message);
    }

    @Test
    void aVersionWithoutKluOrWithoutAnAnswerIsRefusedNamingTheLibrary() {
        String noKlu = assertThrows(SpiceUnavailableException.class, () -> NgSpiceInstance.acceptedVersion(
                banner("ngspice-46", "Compiled with Sparse Direct Linear Solver"), ORIGIN)).getMessage();
        assertTrue(noKlu.startsWith("cannot use " + ORIGIN + " as ngspice: it is ngspice 46 built without the KLU"), noKlu);
        String silent = assertThrows(SpiceUnavailableException.class,
                () -> NgSpiceInstance.acceptedVersion("stdout hello", ORIGIN)).getMessage();
        assertTrue(silent.startsWith("cannot use " + ORIGIN + " as ngspice: it did not report its version (it said: "
                + "stdout hello)"), silent);
    }

    /** The library is named as given, then as the file loaded: through a link (libngspice.so.0) or a relative path. */
    @Test
    void theLibraryIsNamedWithTheFileItResolvesTo() throws IOException {
        Path file = Files.writeString(tmp.resolve("libngspice.so.0.0.3"), "");
        Path link = Files.createSymbolicLink(tmp.resolve("libngspice.so.0"), file.getFileName());
        String real = file.toRealPath().toString();
        assertEquals(link + " (the file " + real + ")", NgSpiceEngine.libraryOrigin(link.toString(), link));
        assertEquals("XBARSPICE_NGSPICE_LIB=" + link + " (the file " + real + ")",
                NgSpiceEngine.libraryOrigin("XBARSPICE_NGSPICE_LIB=" + link, link));
        Path realFile = file.toRealPath();
        assertEquals(realFile.toString(), NgSpiceEngine.libraryOrigin(realFile.toString(), realFile), "named once");
        Path relative = Path.of("").toAbsolutePath().relativize(realFile);
        assertEquals(relative + " (the file " + real + ")", NgSpiceEngine.libraryOrigin(relative.toString(), relative));
    }
}
