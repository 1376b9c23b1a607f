package org.xbarspice.readme;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbarspice.cli.Main;
import org.xbarspice.design.DesignReport;
import org.xbarspice.design.DesignResult;
import org.xbarspice.design.DesignSettings;
import org.xbarspice.design.DesignStudy;
import org.xbarspice.sweep.Grid;
import org.xbarspice.sweep.LocalPool;

/** The library call of {@code design}, as the README and docs/DESIGN-STUDIES.md show it, writes the command's table. */
class DesignLibraryCallTest {
    /**
     * The documented calls, with docs/DESIGN-STUDIES.md's example grid, give the {@code design.csv} of {@code design
     * --size 16,32 --wire-r 0,1} byte for byte. Before, the README chained {@code create(...).run(...)} and then used a
     * {@code study} it had not kept, and named no grid key.
     */
    @Test
    void theReadmesCallsWriteTheCommandsTable(@TempDir Path tmp) throws IOException {
        Grid grid = Grid.parse(List.of("size=16,32", "wireOhm=0,1"));
        DesignSettings settings = DesignSettings.defaults();
        DesignStudy study = DesignStudy.create(grid, settings);
        List<DesignResult> results = study.run(new LocalPool(2), result -> { });
        new DesignReport(study, results).write(tmp.resolve("library"));

        assertEquals(0, Main.commandLine().execute("design", "--size", "16,32", "--wire-r", "0,1", "--out",
                tmp.resolve("command").toString()));
        assertEquals(Files.readString(tmp.resolve("command").resolve(DesignReport.CSV)),
                Files.readString(tmp.resolve("library").resolve(DesignReport.CSV)));
    }
}
