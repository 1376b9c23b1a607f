package org.xbarspice.units;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.xbarspice.device.DevicePresets;
import org.xbarspice.fit.FitLaws;
import org.xbarspice.tile.IrDrop;
import org.xbarspice.train.Activation;
import org.xbarspice.train.Algorithm;
import org.xbarspice.train.Engine;

class IdsTest {
    @Test
    void aNameMatchesWhateverItsCase() {
        assertEquals("quasi-static", Ids.find("updateMode", "Quasi-Static", List.of("transient", "quasi-static"), n -> n));
        assertTrue(Ids.match("TIA", List.of("ideal", "tia"), n -> n).isPresent());
        assertTrue(Ids.match("tia2", List.of("ideal", "tia"), n -> n).isEmpty());
    }

    @Test
    void anUnknownNameIsNamedWithTheAlternatives() {
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> Ids.find("sense", "integrator", List.of("ideal", "tia"), n -> n));
        assertEquals("sense = 'integrator' is not known: use ideal or tia", e.getMessage());
        assertEquals("a", Ids.alternatives(List.of("a")));
        assertEquals("a, b or c", Ids.alternatives(List.of("a", "b", "c")));
    }

    /** Configs took their ids in lower case only ({@code "algorithm": "SHD"} was refused, {@code --sense TIA} taken). */
    @Test
    void configIdsMatchWhateverTheirCase() {
        assertEquals(Algorithm.TIKI_TAKA, Algorithm.of("Tiki-Taka"));
        assertEquals(Activation.SIGMOID, Activation.of("SIGMOID"));
        assertEquals(Engine.BEHAVIORAL, Engine.of("Behavioral"));
        assertEquals(IrDrop.Mode.FAST, IrDrop.Mode.of("FAST"));
        assertEquals("soft-bounds", FitLaws.named("SOFT-BOUNDS").get(0).name());
        assertEquals(FitLaws.named("auto").size(), FitLaws.named("Auto").size());
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> Algorithm.of("adam"));
        assertEquals("algorithm = 'adam' is not known: use fp, sgd, shd, tiki-taka, ttv2, c-ttv2 or agad", e.getMessage());
    }

    /** A preset's mapping in another case is taken, and kept as the mapping's name is written. */
    @Test
    void aPresetMappingIsKeptAsItsNameIsWritten() {
        var onen = DevicePresets.load("onen-softbounds");
        var preset = new org.xbarspice.device.DevicePreset(onen.id(), onen.description(), onen.source(), onen.model(),
                onen.conductance(), "Reference-Column", onen.spice(), null);
        assertEquals("reference-column", preset.mapping());
    }
}
