package org.xbarspice.fit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbarspice.device.ConductanceRange;
import org.xbarspice.device.DevicePreset;
import org.xbarspice.device.DevicePresets;

/** The README's fit-device snippet, verbatim, compiles and runs. */
class FitSnippetTest {
    @TempDir
    Path tmp;

    private static final String SNIPPET = """
            PulseData data = PulseCsv.read(Path.of("device.csv"), new ConductanceRange(1e-6, 1e-5));
            List<FitResult> fits = DeviceFit.fitAll(data, FitLaws.ALL);          // best first
            DevicePreset preset = DeviceFit.preset(fits.get(0), data, "my-device", "my measurement", DevicePresets.load("onen-softbounds").spice());
            """;

    @Test
    void snippetIsInTheReadmeAndRuns() throws IOException {
        assertTrue(Files.readString(Path.of("README.md")).contains("```java\n" + SNIPPET + "```"), "README snippet differs");
        Path csv = tmp.resolve("device.csv");
        Files.copy(Path.of("validation/fit-device/li-ecram-synthetic.csv"), csv);
        // the snippet, with the file in the temporary folder
        PulseData data = PulseCsv.read(csv, new ConductanceRange(1e-6, 1e-5));
        List<FitResult> fits = DeviceFit.fitAll(data, FitLaws.ALL);          // best first
        DevicePreset preset = DeviceFit.preset(fits.get(0), data, "my-device", "my measurement", DevicePresets.load("onen-softbounds").spice());
        assertEquals("linear-step", preset.model().type());
    }
}
