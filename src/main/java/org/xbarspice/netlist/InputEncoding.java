package org.xbarspice.netlist;

/** How an integrating read encodes an input value in time. */
public enum InputEncoding {
    /** The DAC sets the pulse amplitude to the input voltage; the width is t_read. */
    AMPLITUDE,
    /** Fixed amplitude +-V_pwm with the sign of the input; width t_read * |V| / V_pwm. */
    PWM
}
