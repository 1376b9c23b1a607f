package org.xbarspice.behavioral;

import org.xbarspice.units.XbarspiceException;

/**
 * The behavioral nodal solver did not reach its tolerance within its iteration bound (conjugate
 * gradients), or the sense amplifiers' saturation pattern did not settle (active-set iteration).
 * The message names the array, the iteration count, the reached and the requested accuracy and what to do.
 */
public class SolverNotConvergedException extends XbarspiceException {
    public SolverNotConvergedException(String message) {
        super(message);
    }
}
