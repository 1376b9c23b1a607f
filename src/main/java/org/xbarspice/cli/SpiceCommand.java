package org.xbarspice.cli;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.xbarspice.report.ResultFiles;
import org.xbarspice.spice.NetlistFile;
import org.xbarspice.spice.SpiceResult;
import org.xbarspice.spice.ngspice.NgSpiceEngine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code xbarspice spice}: runs any netlist in the embedded ngspice and prints or saves vectors. */
@Command(name = "spice", mixinStandardHelpOptions = true,
        description = "Run a netlist (with its analysis line) in the embedded ngspice and print the named vectors.")
final class SpiceCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "NETLIST", description = "Netlist file, ending in .end. Its .include and "
            + ".lib FILE SECTION lines are inlined first (paths relative to the including file's folder).")
    Path netlist;

    @Option(names = "--vectors", split = ",", required = true, paramLabel = "NAME",
            description = "Vectors to read, comma-separated, e.g. v-sweep,vsense0#branch.")
    List<String> vectors;

    @Option(names = "--json", paramLabel = "FILE", description = "Write the vectors as JSON.")
    Path json;

    @Option(names = "--allow-shell",
            description = "Run the netlist even if its .control block runs programs (shell, backquotes, codemodel, osdi). "
                    + "Without it such netlists are refused.")
    boolean allowShell;

    @Mixin
    TimeoutOption timeout;

    @Override
    public Integer call() {
        NetlistFile file = NetlistFile.read(netlist);
        file.checkControlCommands(allowShell);
        timeout.apply();
        SpiceResult result;
        try (NgSpiceEngine engine = NgSpiceEngine.open(1)) {
            result = engine.run(file.text(), vectors.stream().map(v -> v.toLowerCase(Locale.ROOT)).toList());
        }
        Map<String, Object> doc = new LinkedHashMap<>(result.vectors());
        if (json != null) {
            ResultFiles.writeJson(json, doc);
            System.out.println("wrote " + json);
        } else {
            result.vectors().forEach((name, values) -> System.out.println(name + " = " + Arrays.toString(values)));
        }
        return 0;
    }
}
