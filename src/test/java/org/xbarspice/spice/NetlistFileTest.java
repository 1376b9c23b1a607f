package org.xbarspice.spice;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;
import org.xbarspice.units.InvalidInputException;

/** Includes and library sections are inlined in Java; ngspice never follows a file reference. */
class NetlistFileTest {
    @TempDir
    Path tmp;

    private Path write(String name, String text) throws IOException {
        Path file = tmp.resolve(name);
        Files.createDirectories(file.getParent());
        return Files.writeString(file, text);
    }

    @Test
    @Tag("ngspice")
    void inlinesIncludesAndSectionsRelativeToTheirOwnFolders() throws IOException {
        write("a/r1.inc", "R1 n 0 1000\n.include \"b/r2.inc\"\n");
        write("a/b/r2.inc", "* R2 lives next to r2.inc's includer's folder a/b\nR2 n 0 1000\n.END\n");
        write("lib/m.lib", ".lib fast\nR8 n 0 1\n.endl\n.lib typ\nR3 n 0 1000\n.lib sub/more.lib extra\n.endl typ\n");
        write("lib/sub/more.lib", "* more\n.lib extra\nR4 n 0 1000\n.endl\n");
        Path top = write("top.cir", "* four 1 kohm resistors\nV1 n 0 1\n  .INC 'a/r1.inc' $ two of them\n"
                + ".lib lib/m.lib TYP ; two more\n.op\n.end\n");
        NetlistFile netlist = NetlistFile.read(top);
        String text = netlist.text();
        assertFalse(text.toLowerCase().matches("(?s).*\\n\\s*\\.(inc|lib|endl).*"), "no file reference is left:\n" + text);
        assertFalse(text.contains("R8"), "only the named section is inlined:\n" + text);
        assertTrue(text.contains("*.END"), ".end of an included file is commented out:\n" + text);
        assertEquals(".end", text.strip().substring(text.strip().lastIndexOf('\n') + 1), text);
        NetlistFile.Line r4 = netlist.lines().stream().filter(l -> l.text().startsWith("R4")).findFirst().orElseThrow();
        assertEquals(tmp.resolve("lib/sub/more.lib"), r4.file());
        assertEquals(3, r4.number());
        double current = SharedEngine.get().run(text, List.of("v1#branch")).vectors().get("v1#branch")[0];
        assertEquals(-4e-3, current, 1e-12, "R1..R4 in parallel across 1 V");
    }

    @Test
    void selfIncludeIsACycleNamingTheLine() throws IOException {
        Path self = write("self.cir", "* self\nV1 n 0 1\n.include self.cir\n.op\n.end\n");
        String msg = assertThrows(InvalidInputException.class, () -> NetlistFile.read(self)).getMessage();
        assertTrue(msg.contains("include cycle") && msg.contains("self.cir line 3"), msg);
    }

    @Test
    @Tag("ngspice")
    void libraryFilesMaySectionThemselvesWithoutACycle() throws IOException {
        write("m.lib", ".lib typ\n.lib m.lib common\nR1 n 0 1000\n.endl\n.lib common\nR2 n 0 1000\n.endl\n");
        Path top = write("top.cir", "* t\nV1 n 0 1\n.lib m.lib typ\n.op\n.end\n");
        double current = SharedEngine.get().run(NetlistFile.read(top).text(), List.of("v1#branch")).vectors()
                .get("v1#branch")[0];
        assertEquals(-2e-3, current, 1e-12);
    }

    @Test
    @Tag("ngspice")
    void engineRefusesFileReferencesSoNgspiceNeverRecurses() throws IOException {
        // handed to ngspice, this killed the JVM with SIGSEGV (ngspice recursed into the file until the stack ran out)
        Path self = write("self.cir", "* self\n.include " + tmp.resolve("self.cir") + "\nV1 n 0 1\n.op\n.end\n");
        String text = Files.readString(self);
        SpiceNetlistException e = assertThrows(SpiceNetlistException.class,
                () -> SharedEngine.get().run(text, List.of("n")));
        assertTrue(e.getMessage().contains("line 2") && e.getMessage().contains("NetlistFile.read"), e.getMessage());
        for (String line : List.of(" .lib x.lib typ", "\t.INCLUDE x", ".inc 'x'", ".lib typ")) {
            assertThrows(SpiceNetlistException.class, () -> NetlistFile.requireSelfContained("* t\n" + line + "\n.end\n"), line);
        }
        NetlistFile.requireSelfContained("* .include in a comment\n.options klu\nR1 a 0 1\n.end\n");
        // the engine is still usable
        assertEquals(1.0, SharedEngine.get().run("* ok\nV1 n 0 1\nR1 n 0 1\n.op\n.end\n", List.of("n")).vectors().get("n")[0]);
    }

    @Test
    void controlChecksLeaveOrdinaryControlBlocksAlone() throws IOException {
        Path ok = write("ok.cir", "* ok\nV1 source 0 1\nR1 source 0 1\n.control\n* shell in a comment\nop\n"
                + "echo the shell is not run\nprint v(source)\nlet shells = 2\n.endc\n.end\n");
        NetlistFile.read(ok).checkControlCommands(false);
        Path shell = write("sh.cir", "* sh\n.control\nshell ls\n.endc\n.end\n");
        NetlistFile.read(shell).checkControlCommands(true);
        assertThrows(InvalidInputException.class, () -> NetlistFile.read(shell).checkControlCommands(false));
        Path script = write("script.cir", "*ng_script\nshell ls\n");
        String msg = assertThrows(InvalidInputException.class, () -> NetlistFile.read(script).checkControlCommands(false))
                .getMessage();
        assertTrue(msg.contains("script.cir line 2") && msg.contains("*ng_script"), msg);
    }

    /**
     * Commands that run programs (gnuplot through the shell, bug through Mail) ran without --allow-shell, and aspice,
     * which starts another ngspice process, crashed the JVM: the first are refused unless allowed, aspice always.
     */
    @Test
    void commandsThatRunProgramsOrProcessesAreRefused() throws IOException {
        for (String command : List.of("gnuplot gp v(a)", "bug", "xgraph xg v(a)", "edit", "hardcopy hc.ps v(a)")) {
            Path deck = write("p.cir", "* p\nV1 a 0 1\nR1 a 0 1\n.control\nop\n" + command + "\n.endc\n.end\n");
            String msg = assertThrows(InvalidInputException.class, () -> NetlistFile.read(deck).checkControlCommands(false),
                    command).getMessage();
            assertTrue(msg.contains("'" + command.split(" ")[0] + "'") && msg.contains("--allow-shell"), msg);
            NetlistFile.read(deck).checkControlCommands(true);
        }
        // the same words as node names in an ordinary command are not commands
        Path names = write("n.cir", "* n\nV1 bug 0 1\nR1 bug edit 1\nR2 edit 0 1\n.control\nop\nprint v(bug) v(edit) v(aspice)\n"
                + ".endc\n.end\n");
        NetlistFile.read(names).checkControlCommands(false);
        for (String command : List.of("aspice e1.cir", "rspice e1.cir", "alias zz aspice")) {
            Path deck = write("a.cir", "* a\nV1 a 0 1\nR1 a 0 1\n.control\nop\n" + command + "\n.endc\n.end\n");
            String msg = assertThrows(InvalidInputException.class, () -> NetlistFile.read(deck).checkControlCommands(true),
                    command).getMessage();
            assertTrue(msg.contains("starts a separate ngspice process"), msg);
        }
    }

    /** The vectors a .meas line reads, to be saved when only they are needed; null when a restricted run is unsafe. */
    @Test
    void measuredVectorsAreWhatTheMeasLinesRead() throws IOException {
        String circuit = "* m\nv1 in 0 1\nr1 in out 1k\nc1 out 0 1n\n.tran 1n 1u\n";
        NetlistFile deck = NetlistFile.read(write("m.cir", circuit
                + ".meas tran a find v(out) at=0.5u\n"
                + ".MEAS TRAN b TRIG v(in) VAL=0.1 RISE=1\n+ TARG v(out,in) VAL=0.9 RISE=1\n"
                + ".meas ac c max vdb(out)\n.measure tran d avg i(v1) from=0 to=1u\n"
                + ".meas tran e when out=ref cross=last\n.meas tran f max @r1[i]\n.meas tran g param='a*2'\n.end\n"));
        assertEquals(List.of("v(out)", "v(in)", "i(v1)", "out", "ref", "@r1[i]"), deck.measuredVectors());
        assertEquals(List.of("g"), deck.parameterMeasurements());
        assertEquals(List.of("a", "b", "c", "d", "e", "f", "g"), deck.measurements());

        for (String unsafe : List.of(".save v(out)\n", ".probe v(out)\n", ".options savecurrents\n", ".noise v(out) v1 dec 10 1 1k\n",
                ".control\nrun\n.endc\n")) {
            NetlistFile other = NetlistFile.read(write("u.cir", circuit + unsafe + ".meas tran a find v(out) at=0.5u\n.end\n"));
            assertEquals(null, other.measuredVectors(), unsafe);
        }
        assertEquals(null, NetlistFile.read(write("p.cir", circuit + ".meas tran a find par('v(out)*2') at=0.5u\n.end\n"))
                .measuredVectors(), "par(): ngspice makes a vector of its own");
        assertEquals(null, NetlistFile.read(write("n.cir", circuit + ".end\n")).measuredVectors(), "no .meas");
    }

    /**
     * The analyses of a netlist's lines, whose kind decides whether the engine can halt them at its time limit: those of
     * its {@code .control} block (commands without the dot, or lines with one) are not its lines.
     */
    @Test
    void analysesAreTheLinesOutsideTheControlBlock() {
        assertEquals(Set.of(".op"), NetlistFile.analyses("* t\nV1 a 0 1\nR1 a 0 1k\n  .OP\n.end\n"));
        assertEquals(Set.of(".dc", ".tran"), NetlistFile.analyses("* t\nV1 a 0 1\n.dc V1 0 1 0.1\n"
                + ".control\ntran 1n 1u\n.ac dec 10 1 1k\n.endc\n.tran 1n 1u\n.end\n"));
        assertEquals(Set.of(), NetlistFile.analyses("* t\nV1 a 0 1\n.options klu\n.end\n"));
    }
}
