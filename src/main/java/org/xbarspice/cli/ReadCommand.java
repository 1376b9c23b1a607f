package org.xbarspice.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.xbarspice.netlist.CrossbarCircuit;
import org.xbarspice.report.ReadReport;
import org.xbarspice.report.ResultFiles;
import org.xbarspice.spice.ngspice.NgSpiceEngine;
import org.xbarspice.tile.ArrayRead;
import org.xbarspice.tile.BehavioralReader;
import org.xbarspice.tile.CrossbarReader;
import org.xbarspice.tile.ReadCase;
import org.xbarspice.tile.ReadComparison;
import org.xbarspice.tile.SpiceReader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code xbarspice read}: a vector-matrix product through a random array, in ngspice and/or the behavioral model. */
@Command(name = "read", mixinStandardHelpOptions = true,
        description = "Read random input vectors through a random crossbar (conductances uniform in the device's "
                + "[Gmin, Gmax], inputs uniform in [-V_read, V_read]) with ngspice, the behavioral model, or both.")
final class ReadCommand implements Callable<Integer> {
    @Mixin
    TimeoutOption timeout;

    @Mixin
    CircuitOptions circuitOptions;

    @Mixin
    ReadCaseOptions caseOptions;

    @Mixin
    PeripheralOptions peripheralOptions;

    @Option(names = "--engine", defaultValue = "both", description = "ngspice | behavioral | both. Default: ${DEFAULT-VALUE}.")
    EngineChoice engine;

    @Option(names = "--json", paramLabel = "FILE", description = "Write the full result as JSON.")
    Path json;

    @Override
    public Integer call() {
        timeout.apply();
        CrossbarCircuit logical = circuitOptions.circuit();
        CrossbarCircuit circuit = caseOptions.physical(logical);
        ReadCase draw = caseOptions.readCase(logical, circuitOptions.readVolt);
        Map<String, ReadComparison.EngineOutput> outputs;
        if (engine.usesNgspice()) {
            try (NgSpiceEngine spice = NgSpiceEngine.open(1)) {
                outputs = compare(logical, draw, spice);
            }
        } else {
            outputs = compare(logical, draw, null);
        }
        ReadReport report = ReadReport.of(circuit, caseOptions.differential, draw, outputs);
        if (json != null) {
            ResultFiles.writeJson(json, report.toJson());
        }
        System.out.println(report.summary());
        if (json != null) {
            System.out.println("wrote " + json);
        }
        return 0;
    }

    private Map<String, ReadComparison.EngineOutput> compare(CrossbarCircuit logical, ReadCase draw, NgSpiceEngine spice) {
        CrossbarCircuit physical = caseOptions.physical(logical);
        List<CrossbarReader> engines = new ArrayList<>();
        if (engine.usesNgspice()) {
            engines.add(new SpiceReader(spice, physical));
        }
        if (engine.usesBehavioral()) {
            engines.add(new BehavioralReader(physical));
        }
        List<ArrayRead> reads = new ArrayList<>();
        for (CrossbarReader reader : engines) {
            reads.add(new ArrayRead(reader, draw.conductances(), caseOptions.differential, peripheralOptions.peripherals(),
                    circuitOptions.readVolt, peripheralOptions.fullScaleAmpere(), caseOptions.seed));
        }
        return ReadComparison.run(reads, draw.inputs());
    }
}
