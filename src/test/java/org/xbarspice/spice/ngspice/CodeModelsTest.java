package org.xbarspice.spice.ngspice;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Which netlists have XSPICE code model instances, the ones that run only where the code models are bound. */
class CodeModelsTest {
    @Test
    void aCardNamedAIsACodeModelInstanceOutsideTheTitleAndControlBlocks() {
        assertTrue(CodeModels.used("* gain\nv1 in 0 1\n  A1 in out amp\n.model amp gain(gain=2)\n.end\n"));
        assertFalse(CodeModels.used("a title that starts with a\nR1 a 0 1k\n.op\n.end\n"));
        assertFalse(CodeModels.used("* t\nR1 a 0 1k\n.control\nalter R1 2k\n.endc\n.end\n"));
        assertTrue(CodeModels.used("* t\n.CONTROL\nalter R1 2k\n.ENDC\na2 x y m\n.end"));
        assertFalse(CodeModels.used("a1 in out amp"), "a title alone");
    }
}
