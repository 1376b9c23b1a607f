package org.xbarspice.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbarspice.netlist.CrossbarCircuit;
import org.xbarspice.netlist.Direction;
import org.xbarspice.netlist.Sense;
import org.xbarspice.report.ResultFiles;
import org.xbarspice.tile.IrDrop;
import org.xbarspice.tile.ReadCase;
import org.xbarspice.tile.ReadComparison;
import org.xbarspice.tile.ReadOptions;

/** The {@code read} command is the library call {@link ReadComparison#run}: the same seed, the same currents. */
class ReadLibraryCallTest {
    @TempDir
    Path dir;

    /**
     * A noisy read through the library with the seed given to {@code read --seed} gives the command's currents. Before,
     * the command derived the noise's seed from {@code --seed} in its own private code, so the library call with that
     * seed drew other noise (-4.44e-6 A against the command's -5.15e-6 A at the first output of this read).
     */
    @Test
    void aNoisyReadWithTheCommandsSeedGivesTheCommandsCurrents() throws IOException {
        Path json = dir.resolve("read.json");
        BadInputTest.Run r = BadInputTest.run(List.of("read", "--rows", "8", "--cols", "8", "--read-noise", "0.06",
                "--i-max", "2e-5", "--vectors", "2", "--seed", "1", "--engine", "behavioral", "--json", json.toString()));
        assertEquals(0, r.exitCode(), r.err());
        JsonNode outputs = ResultFiles.json().readTree(json.toFile()).at("/outputs/behavioral/currentsAmpere");

        long seed = 1;
        CrossbarCircuit circuit = new CrossbarCircuit(8, 8, 0, 0, new Sense.Ideal(), Direction.FORWARD);
        ReadCase draw = ReadCase.draw(circuit, 1e-6, 1e-5, 2, 0.2, seed); // idealized's range, the command's default
        ReadOptions noise = new ReadOptions(0, 0, 0.06, Double.POSITIVE_INFINITY, false, false, 0);
        double[][] currents = ReadComparison.run(new ReadComparison.Setup(circuit, draw, false, noise, 0.2, 2e-5,
                IrDrop.Mode.EXACT, 1, seed), false, true, null).outputs().get("behavioral").currents();
        for (int k = 0; k < currents.length; k++) {
            double[] command = new double[currents[k].length];
            for (int j = 0; j < command.length; j++) {
                command[j] = outputs.get(k).get(j).asDouble();
            }
            assertArrayEquals(command, currents[k], 0.0, "vector " + k);
        }
    }
}
