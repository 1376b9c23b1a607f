package org.xbarspice.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.xbarspice.report.ResultFiles;

/** {@code xbarspice design}: its files from a small grid, and bad input refused with exit 2 and no file. */
class DesignCommandTest {
    @TempDir
    Path tmp;

    @Test
    void aSmallStudyWritesItsTablePlotsAndNetlists() throws IOException {
        Path out = tmp.resolve("out");
        Path netlists = tmp.resolve("netlists");
        // a space after a comma (quoted on a shell line) is none: it was kept in the labels or refused
        BadInputTest.Run r = BadInputTest.run(List.of("design", "--size", "4,6x8", "--wire-r", "0.5, 3", "--sense", "ideal, TIA",
                "--vectors", "3", "--out", out.toString(), "--netlists", netlists.toString()));
        assertEquals(0, r.exitCode(), r.err());
        for (String file : List.of("design.csv", "design.json", "error-vs-size.png", "update-vs-size.png", "max-size-1.png",
                "max-size-2.png")) {
            assertTrue(Files.size(out.resolve(file)) > 0, file);
        }
        assertEquals(9, Files.readAllLines(out.resolve("design.csv")).size());
        JsonNode json = ResultFiles.json().readTree(out.resolve("design.json").toFile());
        assertEquals(8, json.path("results").size());
        assertEquals("[\"4\",\"6x8\"]", json.at("/grid/size").toString());
        assertEquals(3, json.at("/settings/vectors").asInt());
        // named as the reports name it, whatever case it was given in (TIA was kept as given, another file's bytes)
        assertEquals(1e6, json.at("/senseParameters/tia/openLoopGain").asDouble(), json.path("senseParameters").toString());
        assertEquals("[\"ideal\",\"tia\"]", json.at("/grid/sense").toString());
        assertEquals("[\"0.5\",\"3\"]", json.at("/grid/wireOhm").toString());
        assertEquals(4, json.path("largestSizes").size(), "2 wires x 2 senses");
        try (Stream<Path> files = Files.list(netlists)) {
            assertEquals(16, files.count());
        }
    }

    static Stream<Arguments> badDesigns() {
        return Stream.of(
                Arguments.of(List.of("--size", "600"), "--size '600'"),
                // an empty element, wherever it is (picocli dropped trailing ones: --size 4,, ran as --size 4)
                Arguments.of(List.of("--size", "4,,"), "--size 4,, has an empty element: give comma-separated sizes such as "
                        + "16,32 or 16x8,32x16"),
                Arguments.of(List.of("--size=4,,"), "--size 4,, has an empty element"),
                Arguments.of(List.of("--size", ",4"), "--size ,4 has an empty element"),
                Arguments.of(List.of("--size", "4,,8"), "--size 4,,8 has an empty element"),
                Arguments.of(List.of("--size", ","), "--size , has an empty element"),
                Arguments.of(List.of("--size", ""), "--size '' has an empty element"),
                Arguments.of(List.of("--size", "4, "), "--size '4, ' has an empty element"),
                Arguments.of(List.of("--size", "4", "--size", "8,"), "--size 8, has an empty element"),
                Arguments.of(List.of("--size", "8", "--wire-r", "1,,2"), "--wire-r 1,,2 has an empty element: give "
                        + "comma-separated resistances (ohm) such as 0,0.5,2"),
                Arguments.of(List.of("--size", "8", "--wire-r", "1,"), "--wire-r 1, has an empty element"),
                Arguments.of(List.of("--size", "8", "--driver-r", "0,"), "--driver-r 0, has an empty element: give "
                        + "comma-separated resistances (ohm) such as 0,10,100"),
                Arguments.of(List.of("--size", "8", "--device", "idealized,"), "--device idealized, has an empty element: "
                        + "give comma-separated preset ids or files such as idealized,reram-es"),
                Arguments.of(List.of("--size", "8", "--g-range", "preset,"), "--g-range preset, has an empty element: give "
                        + "comma-separated GMIN:GMAX ranges (S) or preset, such as preset,1e-7:1e-6"),
                Arguments.of(List.of("--size", "8", "--sense", "ideal,"), "--sense ideal, has an empty element: give "
                        + "comma-separated sense amplifiers such as ideal,tia"),
                Arguments.of(List.of("--size", "8", "--v-read", "0.2,"), "--v-read 0.2, has an empty element: give "
                        + "comma-separated read voltages (V) such as 0.1,0.2"),
                Arguments.of(List.of("--size", "8", "--vp", "preset,"), "--vp preset, has an empty element: give "
                        + "comma-separated pulse amplitudes (V) or preset, such as preset,1.5"),
                Arguments.of(List.of("--size", "8", "--v-read", "0.85"), "--v-read 0.85 V"),
                Arguments.of(List.of("--size", "8", "--vp", "2"), "--vp 2.0"),
                Arguments.of(List.of("--size", "8", "--g-range", "1e-6"), "--g-range '1e-6'"),
                Arguments.of(List.of("--size", "8", "--sense", "ideal,ideal"), "--sense ideal,ideal gives ideal twice"),
                Arguments.of(List.of("--size", "8", "--sense", "tia,TIA"), "--sense tia,TIA gives TIA twice"),
                // -0 and 0 were two designs, the same figures computed twice
                Arguments.of(List.of("--size", "8", "--wire-r", "0,-0"), "--wire-r 0,-0 gives -0 twice"),
                Arguments.of(List.of("--size", "8", "--driver-r", "-0.0,0"), "--driver-r -0.0,0 gives 0 twice"),
                Arguments.of(List.of("--size", "8", "--vectors", "0"), "--vectors = 0"),
                Arguments.of(List.of("--size", "8", "--max-error", "-1"), "--max-error = -1 % of full scale"),
                Arguments.of(List.of("--size", "8", "--spice-check", "1000"), "--spice-check = 1000"),
                Arguments.of(List.of("--size", "8", "--threads", "0"), "--threads = 0"),
                // no point is checked in ngspice: both were accepted and changed nothing
                Arguments.of(List.of("--size", "8", "--spice-check", "4"), "--spice-check 4 has no effect: no point of the "
                        + "grid has at most 4 rows and columns"),
                Arguments.of(List.of("--size", "8", "--timeout", "5"), "--timeout 5 has no effect: no point is checked in "
                        + "ngspice"),
                Arguments.of(List.of("--size", "8", "--spark-conf", "novalue", "--spark", "local[1]"), "--spark"),
                Arguments.of(List.of("--wire-r", "1"), "--size"));
    }

    @ParameterizedTest
    @MethodSource("badDesigns")
    void badFlagsExitTwoNamingTheValueAndWriteNothing(List<String> flags, String named) {
        Path out = tmp.resolve("out");
        Path netlists = tmp.resolve("netlists");
        List<String> args = new ArrayList<>(List.of("design", "--out", out.toString(), "--netlists", netlists.toString()));
        args.addAll(flags);
        BadInputTest.Run r = BadInputTest.run(args);
        assertEquals(2, r.exitCode(), r.err());
        assertTrue(r.err().contains(named), "message should name '" + named + "': " + r.err());
        assertFalse(r.err().contains("\tat "), r.err());
        assertFalse(Files.exists(out), "no output folder may be written");
        assertFalse(Files.exists(netlists), "no netlist folder may be written");
    }
}
