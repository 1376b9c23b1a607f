package org.xbarspice.spice.ngspice;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The fraction of the analysis in ngspice's status texts (its SendStat callback), and -1 for those that carry none or
 * that of another phase (ngspice 46 sends "Parse: 12.7%" as it reads a netlist, before the analysis's own).
 */
class ProgressFractionTest {
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"tran: 42.1%|0.421", "tran:  0.0%|0", "--ready--|1", "dc: 100.0%|1",
            "Source Stepping: 0.0%|-1", "Parse: 12.7%|-1", "starting|-1", "tran: x%|-1", "|-1"})
    void statusTextsGiveTheirFraction(String status, double fraction) {
        assertEquals(fraction, NgSpiceInstance.progressFraction(status), 1e-12);
    }
}
