package org.xbarspice.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.xbarspice.netlist.CrossbarCircuit;
import org.xbarspice.netlist.CrossbarNetlist;
import org.xbarspice.report.ResultFiles;
import org.xbarspice.tile.DifferentialArray;
import org.xbarspice.tile.ReadCase;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code xbarspice netlist}: writes the SPICE netlist of a read (the same draw as {@code read} with the same seed). */
@Command(name = "netlist", mixinStandardHelpOptions = true,
        description = "Write the SPICE netlist of a crossbar read with random conductances and inputs from the seed "
                + "(the same draw as 'xbarspice read' with the same flags). Run it with 'xbarspice spice FILE' or "
                + "'ngspice -b -r out.raw FILE' (every vector into out.raw; it has no .print lines, so plain 'ngspice -b FILE' "
                + "runs no analysis).")
final class NetlistCommand implements Callable<Integer> {
    @Mixin
    CircuitOptions circuitOptions;

    @Mixin
    ReadCaseOptions caseOptions;

    @Option(names = {"-o", "--out"}, required = true, paramLabel = "FILE", description = "Netlist file to write.")
    Path out;

    @Override
    public Integer call() {
        ResultFiles.outputs().input("--array", caseOptions.array).preset("--device", caseOptions.device).file("--out", out);
        CrossbarCircuit logical = circuitOptions.circuit(caseOptions.array, caseOptions.differential);
        ReadCase draw = caseOptions.readCase(logical, circuitOptions.readVolt, false, false, null, true);
        String text = CrossbarNetlist.read(caseOptions.physical(logical), draw.conductances(),
                caseOptions.driveInputs(logical, draw.inputs())).text();
        if (caseOptions.differential) { // after the title line
            int title = text.indexOf('\n') + 1;
            text = text.substring(0, title) + DifferentialArray.netlistComment(logical.direction()) + "\n"
                    + text.substring(title);
        }
        ResultFiles.writeText(out, text);
        System.out.println("wrote " + out);
        return 0;
    }
}
