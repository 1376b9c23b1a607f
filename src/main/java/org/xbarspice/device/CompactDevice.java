package org.xbarspice.device;

/**
 * The threshold state-capacitor device of PHYSICS.md section 6 (SPICE subcircuit {@code xpd} in
 * {@code device-models/xpd.lib}), generalised to the three linear step laws, and its exact per-pulse map; and the
 * same device with the non-linear shape of a {@link ShapedLaw} (subcircuit {@link ShapedLaw#SPICE_NAME}).
 *
 * <p>State x in [0, 1] over the device's own bounds, w = wMin + (wMax - wMin) x; its conductance is that of w
 * ({@link DeviceConductance}, linear in x between the conductances of its bounds). With u = max(0, V - vtp) and
 * u' = max(0, -V - vtn) for the device voltage V:
 * <pre>
 *   dx/dt = u max(au - bu x, 0) - u' max(ad + bd x, 0),   x held in [0, 1]
 * </pre>
 * (the max keeps a step of a gamma above 1 at 0 past its saturation point, as the behavioral law's).
 * <b>Derivation.</b> In weight units the same law reads dw/dt = Ku u (1 - su w) - Kd u' (1 + sd w) with
 * su, sd the slopes of the behavioral step law (soft bounds: su = 1/wMax, sd = -1/wMin; linear step:
 * gamma/|bound|; constant step: 0). It is linear in w, so a pulse of drive integral U = integral of u dt
 * ({@link PulseShape#drive}) maps w exactly to
 * <pre>
 *   up:   w' = w + (1 - su w) (1 - exp(-su Ku U)) / su        (su = 0: w + Ku U)
 *   down: w' = w - (1 + sd w) (1 - exp(-sd Kd U)) / sd        (sd = 0: w - Kd U)
 * </pre>
 * which is the behavioral step dw_up = Du (1 - su w) with Du = (1 - exp(-su Ku U)) / su (and the same
 * down). So for the nominal pulse U0 the device reproduces a behavioral model exactly when
 * Ku = -ln(1 - su Du) / (su U0) (Ku = Du / U0 for su = 0), and for any other pulse its behavioral
 * equivalent has the same bounds and slopes and the steps Du(U) = (1 - (1 - su Du0)^(U/U0)) / su,
 * symmetry point w_sp = (Du - Dd) / (Du su + Dd sd). In x: au = Ku (1 - su wMin) / R, bu = Ku su,
 * ad = Kd (1 + sd wMin) / R, bd = Kd sd with R = wMax - wMin.
 *
 * <p><b>Shaped laws.</b> With a non-linear shape the state equation is dw/dt = Ku u fUp(w) - Kd u' fDown(w)
 * (su = sd = 0 here), the rates matched to first order, Ku = Du / U0 with Du = dwMin * upScale of the device (Kd
 * alike). Its exact flow over one pulse has no closed form, so the behavioral map of a pulse of drive integral U is the
 * step scaled by the drive, w' = w + Ku U fUp(w) (down: w - Kd U fDown(w)): exactly the behavioral step law at the
 * nominal pulse, the law's own step at any other. It differs from the flow of the state equation by about
 * Ku U fUp'(w) / 2 of a step (measured in {@code ShapedCompactDeviceTest} and reported in docs/DEVICES.md), the same
 * order as the SPICE device's difference from the behavioral law at the nominal pulse.
 *
 * @param wMin    lower weight bound (weight units)
 * @param wMax    upper weight bound (weight units)
 * @param ku      up rate Ku (weight units per V s)
 * @param su      up slope su (1/weight units), >= 0
 * @param kd      down rate Kd (weight units per V s)
 * @param sd      down slope sd (1/weight units), >= 0
 * @param vtp     up threshold (V)
 * @param vtn     down threshold (V), applies to -V
 * @param shaped  the non-linear law whose shapes the device follows (su = sd = 0), null for a linear law
 */
public record CompactDevice(double wMin, double wMax, double ku, double su, double kd, double sd, double vtp, double vtn,
                            ShapedLaw shaped) {

    /** A compact device of a linear law. */
    public CompactDevice(double wMin, double wMax, double ku, double su, double kd, double sd, double vtp, double vtn) {
        this(wMin, wMax, ku, su, kd, sd, vtp, vtn, null);
    }

    /**
     * The compact device whose nominal pulse reproduces the behavioral step law dw_up = du (1 - su w),
     * dw_down = dd (1 + sd w) exactly.
     *
     * @param du up step at w = 0 (weight units)
     * @param dd down step at w = 0 (weight units)
     */
    public static CompactDevice matching(double du, double su, double dd, double sd, double wMin, double wMax,
                                         CompactSpec spec) {
        double u0 = spec.pulse().drive(spec.pulse().amplitudeVolt(), spec.thresholdUpVolt());
        double n0 = spec.pulse().drive(spec.pulse().amplitudeVolt(), spec.thresholdDownVolt());
        return new CompactDevice(wMin, wMax, rate(du, su, u0), su, rate(dd, sd, n0), sd,
                spec.thresholdUpVolt(), spec.thresholdDownVolt());
    }

    /**
     * The compact device of a shaped law with the steps du = dwMin * upScale, dd = dwMin * downScale (weight units) and
     * the bounds of one device: Ku = du / U0, Kd = dd / U0' for the nominal pulse's drive integrals.
     */
    public static CompactDevice shaped(ShapedLaw law, double du, double dd, double wMin, double wMax, CompactSpec spec) {
        double u0 = spec.pulse().drive(spec.pulse().amplitudeVolt(), spec.thresholdUpVolt());
        double n0 = spec.pulse().drive(spec.pulse().amplitudeVolt(), spec.thresholdDownVolt());
        return new CompactDevice(wMin, wMax, du / u0, 0, dd / n0, 0, spec.thresholdUpVolt(), spec.thresholdDownVolt(), law);
    }

    /** The compact device of a nominal (no variability) behavioral model. */
    public static CompactDevice of(DeviceModel model, CompactSpec spec) {
        return of(model, model.dwMin() * model.upScale(), model.dwMin() * model.downScale(), model.wMin(), model.wMax(), spec);
    }

    /** The compact device of crosspoint {@code index} of a sampled array (its own step sizes, slopes and bounds). */
    public static CompactDevice of(DeviceArray array, int index, CompactSpec spec) {
        return of(array.model(), array.dwMin(index) * array.upScale(index), array.dwMin(index) * array.downScale(index),
                array.wMin(index), array.wMax(index), spec);
    }

    /** The compact device of one device of {@code model}'s law with steps du, dd (weight units) and its own bounds. */
    private static CompactDevice of(DeviceModel model, double du, double dd, double wMin, double wMax, CompactSpec spec) {
        if (model instanceof ShapedLaw law) {
            return shaped(law, du, dd, wMin, wMax, spec);
        }
        LinearLaw linear = (LinearLaw) model;
        return matching(du, linear.upSlope(wMax), dd, linear.downSlope(wMin), wMin, wMax, spec);
    }

    /**
     * The rate whose nominal pulse gives {@code step} at w = 0. A step that reaches the saturation point 1/slope (a device
     * sampled with a bound closer to 0 than its step, possible with device-to-device spread of the bounds) gets the
     * rate that takes the device to within {@value #SATURATED_FRACTION} of its bound in one pulse: the behavioral model
     * clips such a step at the bound, so the two agree to that fraction of the step.
     */
    private static double rate(double step, double slope, double drive) {
        if (slope == 0) {
            return step / drive;
        }
        double fraction = Math.min(slope * step, 1 - SATURATED_FRACTION);
        return -Math.log1p(-fraction) / (slope * drive);
    }

    /**
     * {@code (1 - exp(-x)) / x} (1 at x = 0), the saturation of one pulse over its linear part, so that a step of slope s
     * is {@code k U saturationRatio(s k U)} without a division: for |x| < 1/128 (the usual case, a step of a small
     * fraction of the range) by its Taylor series to x^6, whose truncation is below 1e-19 of the result, faster than
     * {@link Math#expm1}, which Java evaluates in software; by expm1 beyond.
     */
    static double saturationRatio(double x) {
        if (!(Math.abs(x) < 0.0078125)) {
            return -Math.expm1(-x) / x;
        }
        return 1 + x * (-1.0 / 2 + x * (1.0 / 6 + x * (-1.0 / 24 + x * (1.0 / 120 + x * (-1.0 / 720
                + x * (1.0 / 5040))))));
    }

    /** How close to its bound one nominal pulse takes a device whose step reaches the bound (relative). */
    static final double SATURATED_FRACTION = 1e-12;

    /** Weight after one pulse whose peak across the device is {@code deviceVolt} (V) of the given shape; exact. */
    public double pulse(double w, double deviceVolt, PulseShape shape) {
        return applyPulse(w, pulseFactor(deviceVolt, shape));
    }

    /**
     * The part of a pulse's map that does not depend on the weight: one pulse moves w to {@code applyPulse(w, f)} with
     * {@code f = pulseFactor(deviceVolt, shape)}; positive for a potentiating pulse ({@code (1 - exp(-su ku U)) / su},
     * {@code ku U} for su = 0 and for a shaped law), negative for a depressing one, 0 below threshold. Repeated pulses at
     * one voltage reuse it.
     */
    public double pulseFactor(double deviceVolt, PulseShape shape) {
        return pulseFactor(deviceVolt, shape, vtp, ku, su, vtn, kd, sd);
    }

    private static double pulseFactor(double deviceVolt, PulseShape shape, double vtp, double ku, double su, double vtn,
                                      double kd, double sd) {
        if (deviceVolt > 0) {
            double u = shape.drive(deviceVolt, vtp);
            return ku * u * saturationRatio(su * ku * u);
        }
        double u = shape.drive(deviceVolt, vtn);
        return -kd * u * saturationRatio(sd * kd * u);
    }

    /**
     * Weight after one pulse of factor {@code f} ({@link #pulseFactor}), clipped at the bound: the exact map of a linear
     * law, {@code w + f fUp(w)} (down: {@code w + f fDown(w)}) for a shaped one.
     */
    public double applyPulse(double w, double f) {
        return clip(unclippedPulse(w, f, su, sd, wMin, wMax, shaped));
    }

    /**
     * {@link #pulse} before its clip at the bounds (weight units): the change the cycle-to-cycle noise scales, so that
     * the noisy step is clipped after the noise, as {@link DeviceArray#pulse} and aihwkit do ({@link #clip(double)}).
     */
    public double unclippedPulse(double w, double deviceVolt, PulseShape shape) {
        return unclippedPulse(w, pulseFactor(deviceVolt, shape), su, sd, wMin, wMax, shaped);
    }

    /** {@code w} (weight units) clipped to the device's bounds. */
    public double clip(double w) {
        return Math.min(Math.max(w, wMin), wMax);
    }

    private static double unclippedPulse(double w, double f, double su, double sd, double wMin, double wMax,
                                         ShapedLaw shaped) {
        // a linear law's step stops at 0 past its saturation point 1/su (1/sd), as the behavioral law's does: reachable
        // with a gamma above 1 (docs/DEVICES.md, "Device step laws"), where the unclamped map moved the weight against
        // the pulse
        if (f > 0) {
            return w + (shaped == null ? Math.max(0, 1 - su * w) : shaped.upShape(w, wMin, wMax)) * f;
        }
        if (f < 0) {
            return w + (shaped == null ? Math.max(0, 1 + sd * w) : shaped.downShape(w, wMin, wMax)) * f;
        }
        return w;
    }

    /** Doubles per device in {@link #pack}. */
    public static final int PACKED = 8;

    /**
     * Writes the parameters of {@code device}, {@value #PACKED} doubles, from {@code into[at]} on, for the loops that
     * move many devices of a large array one pulse at a time ({@link #pulseFactor(double[], int, double, PulseShape)},
     * {@link #unclippedPulse(double[], int, double, double, ShapedLaw)}): one or two cache lines per device instead of an
     * object each, and a caller may keep its own per-device factors in the same records.
     */
    public static void pack(CompactDevice device, double[] into, int at) {
        into[at] = device.vtp;
        into[at + 1] = device.ku;
        into[at + 2] = device.su;
        into[at + 3] = device.vtn;
        into[at + 4] = device.kd;
        into[at + 5] = device.sd;
        into[at + 6] = device.wMin;
        into[at + 7] = device.wMax;
    }

    /** {@link #pulseFactor(double, PulseShape)} of the device whose parameters start at {@code packed[at]} ({@link #pack}). */
    public static double pulseFactor(double[] packed, int at, double deviceVolt, PulseShape shape) {
        return pulseFactor(deviceVolt, shape, packed[at], packed[at + 1], packed[at + 2], packed[at + 3], packed[at + 4],
                packed[at + 5]);
    }

    /**
     * {@link #applyPulse(double, double)} of the device whose parameters start at {@code packed[at]} ({@link #pack}),
     * following the shaped law {@code shaped} (null: a linear law), before its clip at the bounds (as {@link
     * #unclippedPulse}; {@link #clip(double[], int, double)} after the noise).
     */
    public static double unclippedPulse(double[] packed, int at, double w, double f, ShapedLaw shaped) {
        return unclippedPulse(w, f, packed[at + 2], packed[at + 5], packed[at + 6], packed[at + 7], shaped);
    }

    /** {@code w} (weight units) clipped to the bounds of the device whose parameters start at {@code packed[at]}. */
    public static double clip(double[] packed, int at, double w) {
        return Math.min(Math.max(w, packed[at + 6]), packed[at + 7]);
    }

    /**
     * Applies one pulse slot to a whole array: crosspoint k, whose peak voltage in the slot is
     * {@code deviceVolts[k]} (V), moves by its exact pulse map; below threshold nothing changes.
     */
    public static void applySlot(double[] weights, CompactDevice[] devices, double[] deviceVolts, PulseShape shape) {
        for (int k = 0; k < weights.length; k++) {
            weights[k] = devices[k].pulse(weights[k], deviceVolts[k], shape);
        }
    }

    /** The compact device of every crosspoint of {@code array}, row-major. */
    public static CompactDevice[] of(DeviceArray array, CompactSpec spec) {
        return of(array, spec, 1, 1);
    }

    /**
     * The compact device of every crosspoint of {@code array}, row-major, as every circuit-level updater (behavioral and
     * SPICE) takes them: with a calibrated preset's position model ({@code position}, null for none) each device takes
     * the preset's full-pulse steps, its up and down steps under the nominal pulse multiplied by {@link
     * PositionModel#upGain} and {@link PositionModel#downGain} (the preset's own steps are the array averages, the IR
     * drop of its calibration array included, which a circuit with wires or drivers then applies itself: the updaters
     * pass null for a circuit without, whose devices keep the array averages); slopes and bounds unchanged.
     */
    public static CompactDevice[] of(DeviceArray array, CompactSpec spec, PositionModel position) {
        return position == null ? of(array, spec) : of(array, spec, position.upGain(), position.downGain());
    }

    /** As {@link #of(DeviceArray, CompactSpec, PositionModel)}, with the up and down gains given. */
    private static CompactDevice[] of(DeviceArray array, CompactSpec spec, double upGain, double downGain) {
        CompactDevice[] out = new CompactDevice[array.size()];
        for (int k = 0; k < out.length; k++) {
            out[k] = of(array.model(), array.dwMin(k) * array.upScale(k) * upGain,
                    array.dwMin(k) * array.downScale(k) * downGain, array.wMin(k), array.wMax(k), spec);
        }
        return out;
    }

    /** Up step at w = 0 for a pulse of drive integral U (weight units): Du(U); for a shaped law the step at fUp = 1. */
    public double upStep(double drive) {
        return ku * drive * saturationRatio(su * ku * drive);
    }

    /** Down step at w = 0 for a pulse of drive integral U (weight units): Dd(U). */
    public double downStep(double drive) {
        return kd * drive * saturationRatio(sd * kd * drive);
    }

    /** Symmetry point for pulses of drive integrals {@code upDrive} and {@code downDrive} (weight units). */
    public double symmetryPoint(double upDrive, double downDrive) {
        double du = upStep(upDrive);
        double dd = downStep(downDrive);
        if (shaped != null) {
            return SymmetryPoints.solve(shaped, du, dd, wMin, wMax);
        }
        double denominator = du * su + dd * sd;
        return denominator == 0 ? 0 : Math.min(Math.max((du - dd) / denominator, wMin), wMax);
    }

    /**
     * The behavioral model equivalent to this device under pulses of {@code shape} (both polarities at the
     * shape's amplitude): same bounds and slopes, steps Du and Dd from the drive integrals; soft-bounds when
     * the slopes are those of soft bounds, constant-step when both are 0, linear-step otherwise; a shaped device's
     * own law. dwMin is the mean of the two steps and upScale, downScale their ratios to it.
     */
    public DeviceModel equivalentModel(PulseShape shape, Variability variability) {
        double du = upStep(shape.drive(shape.amplitudeVolt(), vtp));
        double dd = downStep(shape.drive(shape.amplitudeVolt(), vtn));
        double dwMin = (du + dd) / 2;
        double upScale = du / dwMin;
        double downScale = dd / dwMin;
        if (shaped != null) {
            return shaped.withSteps(dwMin, upScale, downScale, wMin, wMax, variability);
        }
        if (su == 0 && sd == 0) {
            return new ConstantStepDevice(dwMin, upScale, downScale, wMin, wMax, variability);
        }
        double gammaUp = su * wMax;
        double gammaDown = -sd * wMin;
        if (Math.abs(gammaUp - 1) < 1e-12 && Math.abs(gammaDown - 1) < 1e-12) {
            return new SoftBoundsDevice(dwMin, upScale, downScale, wMin, wMax, variability);
        }
        return new LinearStepDevice(dwMin, upScale, downScale, wMin, wMax, gammaUp, gammaDown, variability);
    }

    /** State x in [0, 1] of weight w. */
    public double state(double w) {
        return (w - wMin) / (wMax - wMin);
    }

    /** Weight of state x. */
    public double weight(double x) {
        return wMin + (wMax - wMin) * x;
    }

    /** The larger of the up and down thresholds (V): below it a pulse of either sign moves nothing. */
    public double thresholdVolt() {
        return Math.max(vtp, vtn);
    }

    /** SPICE parameter ku of a shaped device's subcircuit, Ku / (wMax - wMin) (1/(V s)). */
    public double stateRateUp() {
        return ku / (wMax - wMin);
    }

    /** SPICE parameter kd of a shaped device's subcircuit, Kd / (wMax - wMin) (1/(V s)). */
    public double stateRateDown() {
        return kd / (wMax - wMin);
    }

    /** SPICE parameter au (1/(V s)) of the linear subcircuit {@code xpd}, see the class comment. */
    public double au() {
        return ku * (1 - su * wMin) / (wMax - wMin);
    }

    /** SPICE parameter bu (1/(V s)). */
    public double bu() {
        return ku * su;
    }

    /** SPICE parameter ad (1/(V s)). */
    public double ad() {
        return kd * (1 + sd * wMin) / (wMax - wMin);
    }

    /** SPICE parameter bd (1/(V s)). */
    public double bd() {
        return kd * sd;
    }
}
