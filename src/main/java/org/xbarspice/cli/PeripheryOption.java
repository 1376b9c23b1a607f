package org.xbarspice.cli;

import org.xbarspice.device.PeripheryPresets;
import org.xbarspice.tile.CostModel;
import picocli.CommandLine.Option;

/** {@code --periphery}: the preset of peripheral energies and latencies that a command's energy report uses. */
final class PeripheryOption {
    @Option(names = "--periphery", paramLabel = "PRESET|FILE", defaultValue = PeripheryPresets.DEFAULT,
            description = "Peripheral energy and latency preset (DAC, ADC, sense, read window), bundled id or JSON file. "
                    + "Bundled: isaac-32nm (ISAAC, 32 nm), neurosim-22nm (DNN+NeuroSim V2.1, 22 nm LP). Default: ${DEFAULT-VALUE}.")
    String preset;

    /** The cost model of the preset, which must price conversions at {@code adcBits} (0: no ADC). */
    CostModel costModel(int adcBits) {
        return new CostModel(PeripheryPresets.load(preset, adcBits));
    }
}
