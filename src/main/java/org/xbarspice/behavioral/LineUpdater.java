package org.xbarspice.behavioral;

import java.util.List;
import java.util.Objects;

import org.xbarspice.device.CompactDevice;
import org.xbarspice.device.CompactSpec;
import org.xbarspice.device.ConductanceRange;
import org.xbarspice.device.DeviceArray;
import org.xbarspice.device.DeviceConductance;
import org.xbarspice.device.PulseShape;
import org.xbarspice.device.ShapedLaw;
import org.xbarspice.netlist.UpdateCircuit;
import org.xbarspice.netlist.UpdatePulses;
import org.xbarspice.units.InvalidInputException;

/**
 * The fast IR-drop-aware pulse update: the same circuit as {@link IrDropUpdater} (V/2 scheme, wires of r per segment,
 * drivers of Rd, the conductances of the start of the update, every coincident device moved by its compact model at
 * the voltage it sees in each slot), computed line by line instead of by a nodal solve of the whole array per pulse
 * slot: a slot with p active rows and q active columns costs {@code O(p q)}, the work of its pulses; a phase with P
 * active rows and Q active columns adds {@code O(P cols + Q rows)} for the relief terms below (one active row, a
 * transfer's: {@code O(Q rows / 16)}, {@link RowBlocks}); every line whose conductances have drifted is solved again as
 * a chain.
 *
 * <p><b>Model.</b> With the conductances fixed the network is linear, so the voltage across device (i, j) in a slot is
 * linear in the line source voltages: the response to the slot's active rows at Vr and active columns at Vc. It is
 * taken as
 * <pre>
 *   V_ij = Vr u_i(j) - Vc w_j(i) - (X_col - Y_col) / (1 + G_ij (Rd + r (j + 1)))
 *                                - (X_row - Y_row) / (1 + G_ij (Rd + r (N - i)))
 * </pre>
 * <ul>
 * <li>{@code u_i(j)}: the voltage across device (i, j) per volt on row i alone, from the row chain solved exactly
 *     (Thomas algorithm) with every device of the row in series with its column's path to its driver as the shunt;
 *     {@code w_j(i)} likewise for column j. They hold each line's own load, half-selected devices included.</li>
 * <li>{@code X_col}: the rise of node C(i, j) caused by the currents {@code G_lj Vr u_l(j)} that the slot's other
 *     active rows l drive into column j: {@code sum_l Z(i, l) I_l} with Z the inverse of column j's chain matrix (the
 *     same tridiagonal system as {@code w_j}). The inverse of a chain is semi-separable (a current injected at node l
 *     decays by a fixed factor per node away from it), so the sums over the slot's active rows take two sweeps with
 *     prefix products of those factors, whatever the column's length. {@code X_row}: likewise the drop of node R(i, j)
 *     caused by the currents {@code G_ik (-Vc w_k(i))} the slot's other active columns draw from row i. Each is divided
 *     by the device's divider against its own line.</li>
 * <li>{@code Y_row}, {@code Y_col}, the relief: the other active rows also raise every column they cross, active or
 *     not, so each device of row i draws less from it and row i's nodes drop less: {@code Y_row} is that rise of
 *     R(i, j) ({@link #relieveRows}); the other active columns lower every row, so column j receives less and its nodes
 *     follow its driver more closely: {@code Y_col} ({@link #relieveCols}). Both are taken over the phase rather than
 *     slot by slot, each other line weighted by its share of the slots (the chance that it pulses together with the
 *     device's own lines, for independent trains), with the same semi-separable sweeps over every line.</li>
 * </ul>
 * Neglected: the cross currents are taken at each line's own response (u, w), not corrected for the drops the other
 * lines cause (third order in r G); the relief's slot-to-slot variation. With r = 0 and no driver resistance every
 * coincidence sees exactly Vp and the result equals the nominal update. The error against {@link IrDropUpdater} is
 * measured (LineUpdaterTest, and the spot checks of the fast tiles): within 1 % at the worst device while the IR drop
 * stays below about 15 % of full scale, large beyond (docs/IR-DROP-TRAINING.md).
 *
 * <p><b>Noise</b> as {@link IrDropUpdater}: each change multiplied by {@code (1 + dwMinStd xi)} before the clip at the
 * bounds, one draw per pulse whose unclipped map moves a device; phase by phase, slot by slot, rows ascending, columns ascending within a row. Allocates nothing per
 * update. Not thread-safe: one updater per array and thread.
 */
public final class LineUpdater extends CompactUpdater {
    /** Marks a line that is one node held at its source voltage (no wire, no driver resistance). */
    private static final double HELD = -1;
    /**
     * A line's factorisation, node voltages and its devices' factors for the relief sweeps (drives, series conductances)
     * are kept from update to update until its conductances have drifted by this fraction, {@code sum |G - G_ref| / sum
     * G_ref} over the line: the node voltages then err by about that fraction of the line's IR drop; each coincidence
     * takes its own device's dividers from its present conductance ({@link #slotFactors}). On the 5-epoch SGD run of
     * {@code validation/irdrop-accuracy-mnist} at 1 ohm the spot checks found a largest step error of 1.52 % with 3e-3
     * and 1.44 % with 1e-3 (mean 0.073 % and 0.069 %); with the final code of the session that set 3e-3, 1.70 % (mean
     * 0.076 %). The dividers taken at each coincidence and 3e-3 together made training 1.094x and 1.073x faster than
     * the build with neither ({@code bench/TrainingBuilds}, both orders; the dividers alone 1.013x and 1.022x). Before
     * the dividers followed each device, 3e-3 gave 2.1 % on that run (1.7 % with 1e-3), past the 2 % the fast mode is
     * held to.
     */
    static final double LINE_DRIFT = 3e-3;
    /**
     * The least decay of a partner line along a phase's active lines for which {@link #relief} sweeps once instead of
     * keeping the first sweep's sums ({@link #decaysGently}). The relief sums are {@code float}: the second sweep's
     * subtractions then err by up to about count times 6e-8 of the total, at most 2.4e-5 / GENTLE_DECAY^2 of a sum for
     * 393 lines. A column's up falls with the path to its driver at its far end, to about 1 / length (0.0022 on MNIST's
     * 393-row arrays at 1 ohm), so the rows' relief keeps the first sweep's sums (1746 of 1796 row reliefs in the first
     * 300 samples of {@code ShdBenchmark}'s network; every column relief swept once).
     */
    private static final double GENTLE_DECAY = 0.1;
    /** Rows per block of {@link RowBlocks}. */
    private static final int BLOCK = 16;
    /** The sums {@link RowBlocks} keeps per column and block, and where each is. */
    private static final int BLOCK_SUMS = 6;
    private static final int SOURCE_DOWN = 0;
    private static final int SOURCE_UP = 1;
    private static final int LOW_UP = 2;
    private static final int LOW_DOWN = 3;
    private static final int HIGH_UP = 4;
    private static final int HIGH_DOWN = 5;
    /** The values {@link RowBlocks} keeps per column and row: the block sums' prefixes, then two line factors. */
    private static final int ROW_SUMS = 8;
    private static final int LINE_UP = 6;
    private static final int LINE_DOWN = 7;
    /**
     * The smallest decay product kept as a number: a line whose products fall below is kept as logarithms. Its
     * factors are also copied as {@code float} for the relief ({@link Lines#up}, {@link Lines#down}), so the bound
     * keeps {@code down = Z(t, t) / up} within float range: Z(t, t) is at most the path to the driver, below 6e8 ohm
     * in any circuit ({@link org.xbarspice.netlist.CrossbarCircuit#MAX_OHM} per element, 512 lines), so down stays
     * below 1.1e38.
     */
    private static final double SMALLEST_PRODUCT = Float.MIN_NORMAL * Math.exp(20);
    /** {@link #SMALLEST_PRODUCT}, or infinity once {@link #keepChainsAsLogarithms} was called. */
    private double smallestProduct = SMALLEST_PRODUCT;
    /**
     * Device after device, column after column ({@link #record}), the {@value #SLOT_FACTORS} factors a coincidence reads
     * in {@link #applySlot}, so that they come in a few cache lines instead of one line from each of several arrays (the
     * first such records, of eight factors, made training 1.045x and 1.046x faster, {@code bench/TrainingBuilds}, both
     * orders; the device's parameters added to them 1.022x and 1.008x): its conductance at the start of the update (S, from {@link
     * #conductanceOf}); its row's chain factors at it ({@link Lines#lineUp}, {@link Lines#lineDown}); the voltages of
     * its row node per volt on its row alone and of its column node per volt on its column alone ({@link
     * Lines#nodeVolt}, kept here only). The device's own divider against each path, {@code 1 / (1 + G path)}, is taken
     * from its conductance at each coincidence, so that the unit responses {@code u_i(j) = nodeVolt divider} and the
     * currents {@code G u} follow every device's own moves exactly; only what the line's other devices make of its
     * nodes waits for the line's refresh ({@link #LINE_DRIFT}). Each node voltage and chain factor is set with its line
     * ({@link Lines#prepare}). Then the compact device's parameters ({@link CompactDevice#pack}), so that one record
     * holds all a coincidence reads but its weight. The paths from the device to its lines' drivers, once kept here too,
     * are computed from its row and column (13 doubles a record instead of 15: 1.019x and 1.022x, {@code
     * bench/TrainingBuilds}, both orders; leaving the thresholds out as well, 11, gained nothing more that could be
     * told from the noise). Column after column, because a phase of a dense layer's update has every row and a few of
     * the columns active: its coincidences then lie in a few stretches of records that stay in a core's cache over
     * the phase's slots, where row by row they lie scattered over the array (training 1.081x and 1 / 0.947 faster on
     * two threads, 1.066x and 1 / 0.932 on one beside other work, 1.022x and 1 / 1.005 on one alone; bench/TrainingBuilds,
     * both orders; the same weights to the bit).
     */
    private final double[] slotFactors;
    private static final int CONDUCTANCE = 0;
    private static final int ROW_UP = 1;
    private static final int ROW_DOWN = 2;
    private static final int ROW_NODE = 3;
    private static final int COL_NODE = 4;
    /**
     * For the energy, from the first {@link #countEnergy} on (null before): per device, row after row (a slot's
     * coincidences on one row then lie in one stretch), {@value #MEETINGS} factors ({@code float}) of its row's and then
     * its column's line (each set with its line, {@link Lines#prepare}): {@code c M(t)} and c, t the device's node on
     * the line. {@code M(t) = sum_s Z(t, s) shunt_s n_s} (W per ampere injected at node t and volt on the line: a
     * number) is the power that a current injected there and the line's own currents make together in its wires and
     * driver (of a passive chain: the injected current's node voltages {@code Z(., t)} against the own currents {@code
     * shunt n} that leave through the devices; n the node voltages per volt on the line, {@link Lines#nodeVolt}); below
     * {@code 1 - n(t)}, the own drop there, which is the same for a current that reached the driver whole: the line's
     * other devices take part of it off the line on its way (one row of 64 and 64 columns at 5 ohm: the wires 2.2 % high
     * with {@code 1 - n}). {@code c = 1 / (1 - shunt_t Z(t, t))} is the current injected behind the device's shunt per
     * ampere the device carries (the injected current raises the node, which the device's current already feels): a
     * coincidence's current meets the line's own currents in {@code c M} and reaches the driver as {@code c n} ({@link
     * #slotPower}; one device on one line: {@code 1 - n} and all of it, exactly).
     */
    private float[] meetings;
    private static final int MEETINGS = 4;
    /** Where the device's parameters start in its record ({@link CompactDevice#pack}). */
    private static final int DEVICE = 5;
    private static final int SLOT_FACTORS = DEVICE + CompactDevice.PACKED;
    /** The shaped law the compact devices all follow (null: linear). */
    private final ShapedLaw shapedLaw;
    private final PulseShape shape;
    private final double amplitudeVolt;
    private final double wireOhm;
    private final double driverOhm;
    private final int rows;
    private final int cols;
    private final int[] activeRows;
    private final int[] activeCols;
    /** The pulse masks of {@link #activeRows} and {@link #activeCols}, gathered. */
    private final long[] activeRowMasks;
    private final long[] activeColMasks;
    private final int[] slotRows;
    private final int[] slotCols;
    /**
     * Per slot, [column b][row a of the slot] (column after column, as the records lie, {@link #record}; at {@code b ps +
     * a}, ps the slot's rows): the current each coincident device carries from its row into its column driven by its row
     * alone, and the one its column alone draws through it (A). Column after column, the slot's loops walk the records
     * in the order they lie, a column's cross sums run along its rows and the rows' run for all rows at once ({@link
     * #rowCrossSums}); row after row, as until the fifty-sixth session, training ran 1.134x and 1 / 0.900 slower on
     * one thread, 1.114x and 1 / 0.925 on two ({@code bench/TrainingBuilds}, both orders; the same weights and energy
     * to the bit; against the build of that session's start, 30 rounds on one thread, 1.055x and 1 / 0.955).
     */
    private final double[] slotCurrent;
    private final double[] colCurrent;
    /**
     * Per slot, [column b][row a of the slot]: each coincidence's record in {@link #slotFactors}, where its reliefs are
     * in {@link #rowRelief}, its row's factors at it ({@link Lines#lineUp}, {@link Lines#lineDown}), the drop of its row
     * node caused by the slot's other active columns (V, {@link #rowCrossSums}) and its pulse factor ({@link
     * CompactDevice#pulseFactor}).
     */
    private final int[] slotRecord;
    private final int[] reliefAt;
    private final double[] slotRowUp;
    private final double[] slotRowDown;
    private final double[] rowCross;
    private final double[] slotFactor;
    /** Per row of a slot, the running sums of {@link #rowCrossSums}. */
    private final double[] crossRunningSums;
    /**
     * Per slot, [column b][row a of the slot]: each coincidence's dividers against its row's and its column's paths to
     * their drivers ({@link #slotFactors}).
     */
    private final double[] rowDividers;
    private final double[] columnDividers;
    /** Per column of a slot, for {@link #slotPower}: the column's own delivered conductance (S), gathered once. */
    private final double[] slotColSource;
    private final double[] shunt;
    private final double[] chainOut;
    private final double[] lineSource;
    private final double[] lineDivider;
    /**
     * Every device's conductance at its weight. The conductances at the start of the update, which every line of one
     * update sees (quasi-static), are kept in {@link #slotFactors}.
     */
    private final DeviceConductance conductanceOf;
    /** The row lines and the column lines (their node voltages at the devices are copied into {@link #slotFactors}). */
    private final Lines rowLines;
    private final Lines colLines;
    /** Per slot: the rise of column node C(i, j) caused by the other active rows, [column b][row a of the slot]. */
    private final double[] crossCol;
    /**
     * Per phase, [active row a][active column b] (V): the rise of row node R(i, j) because the other active rows raise
     * every column and so relieve row i ({@link #relieveRows}), and the fall of column node C(i, j) because the other
     * active columns lower every row ({@link #relieveCols}).
     */
    private final double[] rowRelief;
    private final double[] colRelief;
    /**
     * The phase's active lines' shares of its coincidence slots (their pulses there over the number of such slots), and
     * each slot line's index among the phase's active lines.
     */
    private final double[] rowShare;
    private final double[] colShare;
    private final int[] slotRowAt;
    private final int[] slotColAt;
    /** Active columns of the phase being applied (the stride of {@link #rowRelief}). */
    private int phaseCols;
    /**
     * Work of the relief sums ({@link #relief}): the first sweep's sums [active line][partner line], the sums per partner
     * line.
     */
    private final float[][] rise;
    private final float[] sumBefore;
    private final float[] sumAfter;
    private final double[] lineSums;
    /** The currents withheld from the active rows and from the active columns, kept for the update's later phases. */
    private final KeptRelief keptRows;
    private final KeptRelief keptCols;
    /** The column relief of phases with one active row ({@link RowBlocks}); null until one comes. */
    private RowBlocks rowBlocks;
    /** For the tests: phases with one active row take the relief row by row ({@link #relief}) as the others. */
    private boolean oneRowByRows;
    /**
     * Per device (A per V): the current it carries per volt on its row alone, {@code G u_i(j)}, and per volt on its
     * column alone, {@code G w_j(i)}; and (S) the device in series with its row's path to the driver, {@code G / (1 + G
     * (Rd + r (j + 1)))}, and with its column's: each set with the line whose response or shunt it is (the row, the
     * column, the column, the row), so that all of a line's factors are those of the conductances it was set with, until
     * it drifts by {@link #LINE_DRIFT}. The arrays that the relief sweeps run along ({@link #relief}) are kept as one
     * array per line they sweep, [row i][column j] or [column j][row i]: a loop whose arrays all take the same index is
     * one the JIT compiler vectorises, one that reads a flat array at an offset is not (it cannot rule out that the
     * offset slice overlaps the array it writes). The relief sweeps alone read them; a coincidence takes its own
     * currents from {@link #slotFactors}. They are {@code float}, as every array and sum of the relief sweeps ({@link
     * #relief}).
     */
    private final float[][] rowDrive;
    private final float[][] rowSeries;
    private final float[][] colSeries;
    /**
     * The current each device carries per volt on its column alone, {@code G w_j(i)}, by column ([column j][row i]), for
     * the sweeps of {@link #relieveCols}, which run down every row at once.
     */
    private final float[][] colDriveByColumn;
    /**
     * The devices this updater moved in the update being applied ({@code moved[0..moves)}, each once: {@code movedIn}
     * marks them), whose conductances are taken at its end; the array's {@link DeviceArray#version()} then, so that
     * the next update rescans every weight only when someone else changed the array in between.
     */
    private final int[] moved;
    private final byte[] movedIn;
    private int moves;
    private long ownVersion = -1;
    /** Whether {@link #apply} counts energy ({@link #countEnergy}). */
    private boolean counting;
    /**
     * The sweeps of the same-sign pairs ({@link #addPairs}): per partner line (a column when rows fire, a row when columns
     * fire), prefix sums and accumulated pairs; {@code float}, as the relief's factors they sweep (with {@code double}
     * sums the conversions took back all of the relief's gain with energy counted: 1.001x and 1.012x; with these, 1.139x
     * and 1.104x, {@code bench/TrainingBuilds}, both orders). {@link #countPairs} adds them up in {@code double}.
     */
    private final float[] prefixGreen;
    private final float[] prefixShare;
    private final float[] pairGreen;
    private final float[] pairShare;
    private final float[] pairLength;
    private final float[] prefixLength;
    /**
     * The same sweeps' sums of the pairs' meetings in the firing lines' own paths ({@link #addPairs}): the prefix sums of
     * {@code down w} and of {@code down I S} (w a line's {@link Lines#meetDrive}, S its own source current per volt) and
     * the pairs they make with each later line.
     */
    private final float[] prefixMeet;
    private final float[] pairMeet;
    private final float[] prefixSource;
    private final float[] pairSource;
    /**
     * The currents of one line's nodes gathered for {@link Lines#pairSumOnLogs} (A per volt), the {@link Lines#meetDrive}
     * of each (A per volt) and the currents times their line's own source current per volt (A S per volt).
     */
    private final double[] gathered;
    private final double[] gatheredMeet;
    private final double[] gatheredSource;
    /**
     * Weights of the lines in the same-sign pairs ({@link #sameSign}): 1 each (one slot), or each line's pulse count
     * ({@link #countPulses}).
     */
    private final double[] ones;
    private final double[] rowPulses;
    private final double[] colPulses;
    /** The power of the slots of the update being applied, summed (W): devices, wires, drivers, delivered. */
    private double slotDevices;
    private double slotWires;
    private double slotDrivers;
    private double slotDelivered;
    private ArrayEnergy lastEnergy = ArrayEnergy.ZERO;
    /** The sum of {@link #listCoincidences}' loads, never read. */
    private double prefetched;

    /**
     * An updater of {@code array} (updated in place); arguments as {@link IrDropUpdater}.
     *
     * @param seed seed of the cycle-to-cycle noise (unused when the array's dwMinStd is 0)
     */
    public LineUpdater(DeviceArray array, UpdateCircuit circuit, ConductanceRange range, CompactSpec spec, long seed) {
        this(array, circuit, range, CompactDevice.of(array, Objects.requireNonNull(spec, "compact device spec")), seed);
    }

    /** As {@link #LineUpdater(DeviceArray, UpdateCircuit, ConductanceRange, CompactSpec, long)} with the compact
     * device of every crosspoint given (row-major), with its crosspoint's bounds. */
    public LineUpdater(DeviceArray array, UpdateCircuit circuit, ConductanceRange range, CompactDevice[] devices, long seed) {
        super(Objects.requireNonNull(array, "device array"), seed);
        Objects.requireNonNull(circuit, "circuit");
        Objects.requireNonNull(range, "conductance range");
        if (circuit.rows() != array.rows() || circuit.cols() != array.cols()) {
            throw new InvalidInputException("the circuit is " + circuit.rows() + " x " + circuit.cols()
                    + " but the device array is " + array.rows() + " x " + array.cols() + ": they must match");
        }
        if (Objects.requireNonNull(devices, "compact devices").length != array.size()) {
            throw new InvalidInputException(devices.length + " compact devices for an array of " + array.size());
        }
        this.shapedLaw = devices[0].shaped();
        for (int d = 0; d < devices.length; d++) {
            CompactDevice device = devices[d];
            if (device.shaped() != shapedLaw) {
                throw new InvalidInputException("the compact devices of one array follow different laws (" + shapedLaw
                        + ", " + device.shaped() + "): give every device the array's law");
            }
            if (device.wMin() != array.wMin(d) || device.wMax() != array.wMax(d)) { // the pulses clip to the devices'
                throw new InvalidInputException("compact device " + d + " has bounds [" + device.wMin() + ", "
                        + device.wMax() + "] but the array's crosspoint has [" + array.wMin(d) + ", " + array.wMax(d)
                        + "]: give every device its crosspoint's bounds (CompactDevice.of(array, ...))");
            }
        }
        this.shape = circuit.pulse();
        this.amplitudeVolt = shape.amplitudeVolt();
        this.wireOhm = circuit.wireOhm();
        this.driverOhm = circuit.driverOhm();
        this.rows = array.rows();
        this.cols = array.cols();
        this.activeRows = new int[rows];
        this.activeCols = new int[cols];
        this.activeRowMasks = new long[rows];
        this.activeColMasks = new long[cols];
        this.slotRows = new int[rows];
        this.slotCols = new int[cols];
        this.slotCurrent = new double[rows * cols];
        this.colCurrent = new double[rows * cols];
        this.slotFactor = new double[rows * cols];
        this.rowCross = new double[rows * cols];
        this.slotRowUp = new double[rows * cols];
        this.slotRowDown = new double[rows * cols];
        this.crossRunningSums = new double[rows];
        this.slotRecord = new int[rows * cols];
        this.rowDividers = new double[rows * cols];
        this.columnDividers = new double[rows * cols];
        this.slotColSource = new double[cols];
        this.reliefAt = new int[rows * cols];
        int longest = Math.max(rows, cols);
        this.shunt = new double[longest];
        this.chainOut = new double[longest];
        this.lineSource = new double[longest];
        this.lineDivider = new double[longest];
        this.conductanceOf = DeviceConductance.of(array.model(), range);
        this.rowLines = new Lines(rows, cols, true);
        this.colLines = new Lines(cols, rows, false);
        this.crossCol = new double[rows * cols];
        this.rowRelief = new double[rows * cols];
        this.rowShare = new double[rows];
        this.colShare = new double[cols];
        this.slotRowAt = new int[rows];
        this.slotColAt = new int[cols];
        this.colRelief = new double[rows * cols];
        this.rise = new float[longest][longest];
        this.sumBefore = new float[longest];
        this.sumAfter = new float[longest];
        this.keptRows = new KeptRelief(rowLines, rows, cols);
        this.keptCols = new KeptRelief(colLines, cols, rows);
        this.lineSums = new double[longest];
        this.moved = new int[rows * cols + 1];
        this.slotFactors = new double[rows * cols * SLOT_FACTORS];
        for (int d = 0; d < devices.length; d++) {
            CompactDevice.pack(devices[d], slotFactors, record(d / cols, d % cols) + DEVICE);
        }
        this.rowDrive = new float[rows][cols];
        this.rowSeries = new float[rows][cols];
        this.colSeries = new float[cols][rows];
        this.colDriveByColumn = new float[cols][rows];
        this.movedIn = new byte[rows * cols];
        this.prefixGreen = new float[longest];
        this.prefixShare = new float[longest];
        this.pairGreen = new float[longest];
        this.pairShare = new float[longest];
        this.prefixMeet = new float[longest];
        this.pairMeet = new float[longest];
        this.prefixSource = new float[longest];
        this.pairSource = new float[longest];
        this.pairLength = new float[longest];
        this.prefixLength = new float[longest];
        this.gathered = new double[longest];
        this.gatheredMeet = new double[longest];
        this.gatheredSource = new double[longest];
        this.ones = new double[longest];
        java.util.Arrays.fill(ones, 1);
        this.rowPulses = new double[rows];
        this.colPulses = new double[cols];
    }

    /**
     * Whether each {@link #apply} also counts the array energy of its pulses in the line model ({@link #lastEnergy()}):
     * every firing slot's power as the bilinear form of its line voltages, {@code P = sum_k v_k^2 P_k + sum_{k != l} v_k
     * v_l Y_kl}, with
     * <ul>
     * <li>{@code P_k}: line k alone at 1 V, its chain solved exactly as for the update's unit responses (devices, its own
     *     wires and driver, and each device's partner path to that line's driver), for every line that fires;</li>
     * <li>row i with column j (a coincidence): the device's own cross term {@code 2 G a b} (a, b its voltages from either
     *     line alone) and its share in both paths to the drivers, {@code 2 G a b G (R_row + R_col)}; and each line's
     *     current through the other line, which meets that line's own currents there ({@link #meetings}, with the share
     *     its other devices take off it on the way to the driver);</li>
     * <li>two rows through every column k (two columns through every row likewise): the currents {@code I = G u} they
     *     drive into it raise its nodes, {@code -2 sum_pairs I Z I} of delivered power (Z the column chain's inverse),
     *     of which {@code +2 sum_pairs x x R_shared} heat the column's shared wires and driver ({@code x = I n} the
     *     part of I that reaches the driver) and the rest comes off the devices; the raised column leaks current back
     *     into each row through its device there, which meets the row's own currents ({@link #addPairs}: less power in
     *     the rows' wires and drivers, more in the devices).</li>
     * </ul>
     * Neglected: third-order terms in {@code G r}, as in the update (on 257 x 128 at 5 ohm, all rows and 36 columns
     * pulsed in one slot, where the wires take 38 % of the energy: the wires' 3.0 % of their own). Costs O(length) per
     * line and refresh, two solves along it (lines kept until they drift by {@value #LINE_DRIFT}; the meetings' solve
     * at the next update that counts, {@link #setMeetings}), {@code O(p + q + p q)} per slot with p rows and q columns
     * firing (the lines' own power once per phase, {@link #phaseSelfPower}), and
     * the pairs of lines of one sign {@code O(rows cols)} per update for drawn trains ({@link #pairVolt2}, an estimate,
     * swept with the relief on the factors it reads anyway; a one-row update's column pairs from the block sums of its
     * relief, O(active columns x blocks), {@link RowBlocks#pairs}), else {@code O(p cols + q rows)} per slot; the fast tiles
     * check it against the exact solve of every firing slot in their spot checks. Counting energy changes no weight.
     */
    public void countEnergy(boolean on) {
        counting = on;
        lastEnergy = ArrayEnergy.ZERO;
        if (on && meetings == null) {
            meetings = new float[rows * cols * MEETINGS];
            rowLines.keepMeetings();
            colLines.keepMeetings();
        }
    }

    /** For the tests: phases with one active row take their column relief row by row, as the others. */
    void reliefOneRowByRows() {
        oneRowByRows = true;
    }

    /**
     * For the tests of the path of lines whose decay products would underflow (only lines far longer or more heavily
     * loaded than any array that still updates): keeps every chain line as logarithms from its next refresh on.
     */
    void keepChainsAsLogarithms() {
        smallestProduct = Double.POSITIVE_INFINITY;
    }

    /** The array energy of the last {@link #apply} (J), split as {@link ArrayEnergy}; zero while energy is not counted. */
    public ArrayEnergy lastEnergy() {
        return lastEnergy;
    }

    /** Applies {@code pulses} (trains of the same rows x cols as the array) to the array's weights (weight units). */
    @Override
    public void apply(UpdatePulses pulses) {
        PulseUpdater.checkPulses(pulses, array);
        final long[] rowMasks = pulses.rowMasks();
        final long[] colMasks = pulses.colMasks();
        final byte[] rowSign = pulses.rowSign();
        final byte[] colSign = pulses.colSign();
        final double[] w = array.weights();
        if (array.version() != ownVersion) {
            for (int d = 0; d < w.length; d++) {
                track(d, w[d]);
            }
        }
        moves = 0;
        keptRows.clear();
        keptCols.clear();
        prepareLines();
        if (counting) {
            setMeetings();
            slotDevices = slotWires = slotDrivers = slotDelivered = 0;
        }
        List<UpdatePulses.Phase> phases = pulses.phases();
        boolean pairsBySign = counting && wireOhm + driverOhm > 0 && pulses.drawnSlots() > 0;
        for (UpdatePulses.Phase phase : phases) {
            long active = pulses.activeSlotMask(phase);
            long firing = counting ? pulses.firingSlotMask(phase) : active;
            if (firing == 0) {
                continue;
            }
            int p = 0;
            for (int i = 0; i < rows; i++) {
                if (rowSign[i] == phase.rowSign() && (rowMasks[i] & firing) != 0) {
                    activeRowMasks[p] = rowMasks[i];
                    activeRows[p++] = i;
                }
            }
            int q = 0;
            for (int j = 0; j < cols; j++) {
                if (colSign[j] == phase.colSign() && (colMasks[j] & firing) != 0) {
                    activeColMasks[q] = colMasks[j];
                    activeCols[q++] = j;
                }
            }
            double vr = phase.rowVolt(amplitudeVolt);
            double vc = phase.colVolt(amplitudeVolt);
            if (counting) {
                phaseSelfPower(p, q, vr, vc, firing);
            }
            // the same-sign pairs of drawn trains, each sign's on the first phase with it (pairVolt2 0 on the others)
            double rowPairVolt2 = pairsBySign && p > 1 ? pairVolt2(phases, phase, true, pulses.drawnSlots()) : 0;
            double colPairVolt2 = pairsBySign && q > 1 ? pairVolt2(phases, phase, false, pulses.drawnSlots()) : 0;
            if (rowPairVolt2 > 0) {
                countPulses(rowMasks, activeRows, p, rowPulses);
            }
            if (colPairVolt2 > 0) {
                countPulses(colMasks, activeCols, q, colPulses);
            }
            if (active != 0) {
                // each line's share of the slots in which coincidences happen (0 for a line that fires only outside
                // them, listed when energy is counted): the chance that it pulses with a given coincidence
                phaseCols = q;
                double slotsActive = Long.bitCount(active);
                for (int a = 0; a < p; a++) {
                    rowShare[a] = Long.bitCount(rowMasks[activeRows[a]] & active) / slotsActive;
                }
                for (int b = 0; b < q; b++) {
                    colShare[b] = Long.bitCount(colMasks[activeCols[b]] & active) / slotsActive;
                }
                relieveRows(p, q, vr, rowPairVolt2);
                relieveCols(p, q, vc, colPairVolt2);
            } else {
                if (rowPairVolt2 > 0) {
                    sameSign(rowPairVolt2, activeRows, rowPulses, p, true);
                }
                if (colPairVolt2 > 0) {
                    sameSign(colPairVolt2, activeCols, colPulses, q, false);
                }
            }
            for (long slots = firing; slots != 0; slots &= slots - 1) {
                int slot = Long.numberOfTrailingZeros(slots);
                // the slot's lines listed without a branch (whether a line pulses in a slot is a coin toss)
                int ps = 0;
                for (int a = 0; a < p; a++) {
                    slotRowAt[ps] = a;
                    slotRows[ps] = activeRows[a];
                    ps += (int) (activeRowMasks[a] >>> slot) & 1;
                }
                int qs = 0;
                for (int b = 0; b < q; b++) {
                    slotColAt[qs] = b;
                    slotCols[qs] = activeCols[b];
                    qs += (int) (activeColMasks[b] >>> slot) & 1;
                }
                boolean coincidences = ps > 0 && qs > 0;
                if (coincidences) {
                    listCoincidences(ps, qs, w);
                    applySlot(ps, qs, vr, vc, w);
                }
                if (counting) {
                    // on the conductances of the update's start, as the update, and the coincidences' dividers it took
                    slotPower(ps, qs, vr, vc, !pairsBySign);
                }
            }
        }
        if (moves > w.length / 16) { // many: listed again in the records' order, in which they stream from memory
            int listed = 0;
            // without a branch: whether a device moved is a coin toss (training 1.017x and 1 / 0.955 faster than with a
            // test per device, bench/TrainingBuilds, both orders); every line's devices still in the order of its nodes,
            // so its drift sums the same to the bit
            for (int j = 0; j < cols; j++) {
                for (int d = j; d < w.length; d += cols) {
                    moved[listed] = d;
                    listed += movedIn[d];
                }
            }
        }
        for (int k = 0; k < moves; k++) {
            int d = moved[k];
            movedIn[d] = 0;
            track(d, w[d]);
        }
        ownVersion = array.version();
        if (counting) {
            double t = shape.energySecond();
            // without wires the wire terms cancel to rounding (below 0 as often as above): the drivers take their remainder
            double wires = wireOhm == 0 ? 0 : slotWires;
            double drivers = wireOhm == 0 ? slotDrivers + slotWires : slotDrivers;
            lastEnergy = new ArrayEnergy(slotDevices * t, wires * t, drivers * t, 0, slotDelivered * t);
        }
    }

    /**
     * Sets the lines that drifted ahead of the next {@link #apply}, which then finds them set: the part of an update
     * that depends on the array alone, for a thread that would otherwise wait (a network's helper thread during the
     * forward and backward passes); the same weights as without. Nothing when someone else changed the array since the
     * last update (the next update first takes in every weight). Not while an update runs. Returns how many lines it
     * set.
     */
    public int prepare() {
        return array.version() == ownVersion ? prepareLines() : 0;
    }

    /**
     * Refreshes every line that drifted, at the start of an update (the relief sums run over every line, {@link
     * #relieveRows}); returns how many.
     */
    private int prepareLines() {
        int set = 0;
        for (int j = 0; j < cols; j++) {
            if (colLines.prepare(j)) {
                set++;
                if (rowBlocks != null) {
                    rowBlocks.columnChanged(j);
                }
            }
        }
        for (int i = 0; i < rows; i++) {
            if (rowLines.prepare(i)) {
                set++;
                if (rowBlocks != null) {
                    rowBlocks.rowChanged(i);
                }
            }
        }
        return set;
    }

    /**
     * Sets the meetings of every line set since the last update that counted energy ({@link Lines#setMeetIfStale}), at the
     * start of one that does: they serve the energy alone, and a line may be set several times between two counted
     * updates (set at each setting, the meetings made training on MNIST with one update in 32 counted 1.045-1.061x
     * slower, medians of two runs of {@code bench/TrainingBuilds}, 2026-12-06). With the rows in blocks, a column whose
     * meetings were set has its block sums taken again ({@link RowBlocks#columnChanged}).
     */
    private void setMeetings() {
        for (int i = 0; i < rows; i++) {
            rowLines.setMeetIfStale(i);
        }
        for (int j = 0; j < cols; j++) {
            if (colLines.setMeetIfStale(j) && rowBlocks != null) {
                rowBlocks.columnChanged(j);
            }
        }
    }

    /**
     * Adds the own power of the phase's active lines (rows {@code activeRows[0..p)} at {@code vr}, columns {@code
     * activeCols[0..q)} at {@code vc}, V) in the line model of {@link #countEnergy} to the update's sums: each line's
     * {@link Lines#selfDevices} and the rest at its voltage, once for every slot of {@code firing} in which it pulses
     * (one pass over the lines per phase, not one per slot).
     */
    private void phaseSelfPower(int p, int q, double vr, double vc, long firing) {
        addSelfPower(rowLines, activeRows, activeRowMasks, p, vr * vr, firing);
        addSelfPower(colLines, activeCols, activeColMasks, q, vc * vc, firing);
    }

    /**
     * Adds the own power of the {@code count} lines {@code active} of {@code lines} at {@code volt2} (V^2), each once for
     * every slot of {@code firing} in which its mask ({@code masks}, by place) pulses.
     */
    private void addSelfPower(Lines lines, int[] active, long[] masks, int count, double volt2, long firing) {
        double devices = 0;
        double wires = 0;
        double drivers = 0;
        double delivered = 0;
        for (int a = 0; a < count; a++) {
            int k = active[a];
            double v2 = volt2 * Long.bitCount(masks[a] & firing);
            devices += v2 * lines.selfDevices[k];
            wires += v2 * lines.selfWires[k];
            drivers += v2 * lines.selfDrivers[k];
            delivered += v2 * lines.selfDelivered[k];
        }
        slotDevices += devices;
        slotWires += wires;
        slotDrivers += drivers;
        slotDelivered += delivered;
    }

    /**
     * Adds the power of one firing slot (rows {@code slotRows[0..ps)} at {@code vr}, columns {@code slotCols[0..qs)} at
     * {@code vc}, V) in the line model of {@link #countEnergy} to the update's sums, but for the lines' own power
     * ({@link #phaseSelfPower}); the cross terms of the lines of one sign ({@link #sameSign}) only when {@code samePairs}
     * (else {@link #pairVolt2} weighs them for the update). After {@link #applySlot}, whose currents and dividers of the
     * coincident devices it takes.
     */
    private void slotPower(int ps, int qs, double vr, double vc, boolean samePairs) {
        Lines rowsOf = rowLines;
        Lines colsOf = colLines;
        // every coincidence: the row's and the column's drive through the same device and paths; and each one's current
        // through the other's line, whose own currents it meets there (heat in that line's wires and driver, taken off
        // its other devices): a current injected at node t meets them in M(t) per volt, and reaches the driver as n(t),
        // the node's voltage per volt on the line (meetings). The currents the row drives into the column
        // (fromRow) and the column draws from the row (fromCol) are applySlot's; the factors common to a slot, a row or
        // a column are applied once, outside the sums.
        for (int b = 0; b < qs; b++) {
            slotColSource[b] = colsOf.selfDelivered[slotCols[b]];
        }
        double crossDevices = 0;
        double crossPaths = 0; // sum of gab g times the device's segments of wire to both drivers
        double crossBoth = 0; // sum of gab g (for the two drivers)
        double meetRow = 0; // sum of fromCol injected M, on the row
        double meetCol = 0; // sum of fromRow injected M, on the column
        double meetRowSource = 0; // sum of fromCol injected n, on the row, times its own delivered conductance
        double meetColSource = 0; // sum of fromRow injected n, on the column, times the column's
        for (int a = 0; a < ps; a++) {
            int i = slotRows[a];
            double columnSegments = rows - i; // of a column's wire between row i and the column's driver
            double rowFromCol = 0;
            for (int b = 0; b < qs; b++) {
                int at = b * ps + a;
                int f = slotRecord[at];
                double g = slotFactors[f + CONDUCTANCE];
                double fromRow = slotCurrent[at];
                double fromCol = colCurrent[at];
                double gab = fromRow * -vc * slotFactors[f + COL_NODE] * rowDividers[at];
                double g2ab = gab * g;
                crossDevices += gab;
                crossBoth += g2ab;
                // the segments of wire from the device to the row's driver (j + 1) and to the column's
                crossPaths += g2ab * (slotCols[b] + 1 + columnSegments);
                int m = (i * cols + slotCols[b]) * MEETINGS;
                double intoRow = fromCol * meetings[m + 1];
                double intoCol = fromRow * meetings[m + 3];
                meetRow += fromCol * meetings[m];
                meetCol += fromRow * meetings[m + 2];
                meetColSource += intoCol * slotColSource[b] * slotFactors[f + COL_NODE];
                rowFromCol += intoRow * slotFactors[f + ROW_NODE];
            }
            meetRowSource += rowFromCol * rowsOf.selfDelivered[i];
        }
        double crossDrivers = 2 * driverOhm * crossBoth;
        double crossWires = wireOhm * crossPaths;
        // the meeting terms hold the whole of both lines' drops, the coincident device's own current through its paths
        // too: its share (crossWires, crossDrivers) enters the delivered power, not the lines' split a second time
        double meetWires = vr * meetRow - vc * meetCol;
        double meetDrivers = driverOhm * (vr * meetRowSource - vc * meetColSource);
        slotDevices += 2 * (crossDevices + crossWires + crossDrivers - meetWires);
        slotWires += 2 * (meetWires - meetDrivers);
        slotDrivers += 2 * meetDrivers;
        slotDelivered += 2 * (crossDevices + crossWires + crossDrivers);
        if (samePairs && wireOhm + driverOhm > 0) {
            // two rows through every column, and two columns through every row
            if (ps > 1) {
                sameSign(vr * vr, slotRows, ones, ps, true);
            }
            if (qs > 1) {
                sameSign(vc * vc, slotCols, ones, qs, false);
            }
        }
    }

    /**
     * The weight of the same-sign pairs of the rows ({@code rowsFire}) or the columns of {@code phase}, for drawn trains:
     * trains drawn slot by slot independently over S = {@link UpdatePulses#drawnSlots} slots put two lines with n_a and
     * n_b pulses in the same slot n_a n_b / S times in expectation (exactly so given the counts, as each line's pulses sit
     * in a uniformly random subset of the slots), so one sweep over the lines of one sign, each weighted by its count
     * ({@link #countPulses}), over S, replaces one sweep per slot. A line's train and its voltage's magnitude are the same
     * in every phase it takes part in, so each sign is swept on the first phase with it and counted once per phase with
     * it: returns that number of phases times {@code (Vp / 2)^2 / S} (V^2) on the sign's first phase of {@code phases},
     * 0 on the others. An estimate of the per-slot sums: its error is measured against them ({@code
     * LineUpdateEnergyTest}) and, in the fast tiles, with the rest of the line model against the exact solve.
     */
    private double pairVolt2(List<UpdatePulses.Phase> phases, UpdatePulses.Phase phase, boolean rowsFire, int drawnSlots) {
        int sign = rowsFire ? phase.rowSign() : phase.colSign();
        int phasesWithSign = 0;
        boolean first = true;
        for (UpdatePulses.Phase other : phases) {
            if ((rowsFire ? other.rowSign() : other.colSign()) == sign) {
                first &= phasesWithSign > 0 || other.equals(phase);
                phasesWithSign++;
            }
        }
        return first ? phasesWithSign * amplitudeVolt * amplitudeVolt / 4 / drawnSlots : 0;
    }

    /** Each of the {@code count} lines {@code lines}' pulse count in {@code masks}, into {@code out}. */
    private static void countPulses(long[] masks, int[] lines, int count, double[] out) {
        for (int a = 0; a < count; a++) {
            out[a] = Long.bitCount(masks[lines[a]]);
        }
    }

    /**
     * Adds the cross terms of the {@code count} lines {@code fired} (ascending), each weighted by {@code weight[a]}, of
     * one sign at {@code v2} (V^2) through each line across them: {@link #addPairs} line by line, then {@link
     * #countPairs}. (With a phase's relief, {@link #relief} adds the lines as it sweeps them.)
     */
    private void sameSign(double v2, int[] fired, double[] weight, int count, boolean rowsFire) {
        Lines partners = rowsFire ? colLines : rowLines;
        float[][] drive = rowsFire ? rowDrive : colDriveByColumn;
        clearPairs(rowsFire ? cols : rows);
        for (int a = 0; a < count; a++) {
            int line = fired[a];
            addPairs(partners.up[line], partners.down[line], drive[line], weight[a], line, rowsFire);
        }
        countPairs(v2, fired, weight, count, rowsFire);
    }

    /** Sets the sums of {@link #addPairs} over {@code partners} partner lines to 0. */
    private void clearPairs(int partners) {
        java.util.Arrays.fill(prefixGreen, 0, partners, 0);
        java.util.Arrays.fill(prefixShare, 0, partners, 0);
        java.util.Arrays.fill(pairGreen, 0, partners, 0);
        java.util.Arrays.fill(pairShare, 0, partners, 0);
        java.util.Arrays.fill(pairLength, 0, partners, 0);
        java.util.Arrays.fill(prefixLength, 0, partners, 0);
        java.util.Arrays.fill(prefixMeet, 0, partners, 0);
        java.util.Arrays.fill(pairMeet, 0, partners, 0);
        java.util.Arrays.fill(prefixSource, 0, partners, 0);
        java.util.Arrays.fill(pairSource, 0, partners, 0);
    }

    /**
     * Adds firing line {@code line} (a row when {@code rowsFire}, else a column), weighted by {@code weight}, to the sums
     * of the same-sign pairs over every partner line k across it, after the lines of its sign before it: its current per
     * volt into k, {@code I = drive[k]} ({@link #rowDrive} or {@link #colDriveByColumn}); with each earlier line's, through
     * k's chain inverse, {@code Z = up[max] down[min]} ({@code up}, {@code down}: k's {@link Lines#up}, {@link
     * Lines#down} at the node where {@code line} crosses it), and through the wire segments and the driver both share,
     * with the parts {@code x = I n} of the currents that reach k's driver: n, the node's voltage per volt on k's source,
     * is k's {@link Lines#reachFactor} times its down (a column, driven at its last node) or its up (a row, driven at node
     * 0), so that x is swept without the factor ({@link #countPairs} applies its square). And the pair's meetings in the
     * two lines' own paths: the drive of one line raises k, whose device on the other line leaks {@code Z I} times that
     * device's shunt into the other line, where it meets the other line's own currents, {@code w Z I} per volt on both
     * ({@code w}: the other line's {@link Lines#meetDrive} at k), of which {@code S n} times the leak in its driver (S the
     * line's own source current per volt, {@code drive = shunt n}): per pair {@code Z (I_a w_b + w_a I_b)} and {@code Z
     * I_a I_b (S_a + S_b)}. The arrays all take the index k.
     */
    private void addPairs(float[] up, float[] down, float[] drive, double weight, int line, boolean rowsFire) {
        int partners = drive.length;
        float[] along = rowsFire ? down : up;
        // the wire segments two nodes share run from the one nearer the driver: the later row (a column's driver is below
        // the last row), the earlier column (a row's driver is left of column 0)
        float later = rowsFire ? rows - line : 0;
        float earlier = rowsFire ? 0 : line + 1;
        float lineWeight = (float) weight;
        Lines own = rowsFire ? rowLines : colLines;
        float[] meet = own.meetDrive[line];
        float source = (float) own.selfDelivered[line];
        // two loops: training with energy ran 1.08-1.09x faster than with one loop over all six sums
        // (bench/TrainingBuilds, both orders); the drivers' meetings only with drivers
        if (driverOhm > 0) {
            for (int k = 0; k < partners; k++) {
                float current = drive[k] * lineWeight;
                pairSource[k] += up[k] * current * (prefixSource[k] + source * prefixGreen[k]);
                prefixSource[k] += down[k] * current * source;
            }
        }
        // the meetings before prefixGreen takes this line, in two loops (counted training 1.026x and 1 / 0.980 faster than
        // with one, bench/TrainingBuilds, both orders)
        for (int k = 0; k < partners; k++) {
            pairMeet[k] += up[k] * (drive[k] * lineWeight * prefixMeet[k] + meet[k] * lineWeight * prefixGreen[k]);
        }
        for (int k = 0; k < partners; k++) {
            prefixMeet[k] += down[k] * (meet[k] * lineWeight);
        }
        for (int k = 0; k < partners; k++) {
            float current = drive[k] * lineWeight;
            float green = prefixGreen[k];
            pairGreen[k] += up[k] * current * green;
            prefixGreen[k] = green + down[k] * current;
        }
        for (int k = 0; k < partners; k++) {
            float x = along[k] * drive[k] * lineWeight;
            float share = prefixShare[k];
            pairShare[k] += x * share;
            pairLength[k] += x * (later * share + prefixLength[k]);
            prefixShare[k] = share + x;
            prefixLength[k] += earlier * x;
        }
    }

    /**
     * Adds the same-sign pairs swept by {@link #addPairs} (the {@code count} lines {@code fired}, weights {@code weight},
     * at {@code v2}, V^2) to the update's sums: per partner, {@code sum_pairs I Z I} delivered power less, and {@code x x}
     * on the shared segments of its wire and its driver. A partner kept as logarithms has up and down 0, so the sweeps
     * left it at 0: its pairs are summed with its decay products and its node voltages instead.
     */
    private void countPairs(double v2, int[] fired, double[] weight, int count, boolean rowsFire) {
        Lines partners = rowsFire ? colLines : rowLines;
        Lines own = rowsFire ? rowLines : colLines;
        float[][] drive = rowsFire ? rowDrive : colDriveByColumn;
        double green = 0;
        double driverPairs = 0;
        double wirePairs = 0;
        double meeting = 0;
        double meetingSource = 0;
        for (int k = 0; k < partners.reachFactor.length; k++) {
            double reach2 = partners.reachFactor[k] * partners.reachFactor[k];
            green += pairGreen[k];
            driverPairs += pairShare[k] * reach2;
            wirePairs += pairLength[k] * reach2;
            meeting += pairMeet[k];
            meetingSource += pairSource[k];
            if (partners.logScale[k]) {
                double share = 0;
                double length = 0;
                for (int a = 0; a < count; a++) {
                    int line = fired[a];
                    gathered[a] = drive[line][k] * weight[a];
                    gatheredMeet[a] = own.meetDrive[line][k] * weight[a];
                    gatheredSource[a] = gathered[a] * own.selfDelivered[line];
                    double x = gathered[a] * partners.nodeVolt(k, line);
                    driverPairs += x * share;
                    wirePairs += x * ((rowsFire ? rows - line : 0) * share + length);
                    share += x;
                    length += (rowsFire ? 0 : line + 1) * x;
                }
                green += partners.pairSumOnLogs(k, fired, count, gathered, gathered) / 2;
                meeting += partners.pairSumOnLogs(k, fired, count, gathered, gatheredMeet);
                meetingSource += partners.pairSumOnLogs(k, fired, count, gathered, gatheredSource);
            }
        }
        addPairEnergy(v2, green, driverPairs, wirePairs, meeting, meetingSource);
    }

    /**
     * Adds the same-sign pairs' power at {@code v2} (V^2) to the update's sums, from their sums over the partner lines:
     * {@code green}, {@code sum I Z I} (S, less delivered power per V^2), and the {@code x x} products on the shared
     * driver ({@code driverPairs}) and wire segments ({@code wirePairs}, times the segments shared); and their meetings in
     * the lines' own paths ({@link #addPairs}), {@code meeting}, {@code sum Z (I w + w I)} (S, less power in those wires
     * and drivers per V^2), of which {@code meetingSource}, {@code sum Z I I (S + S)} (S^2), times the driver resistance
     * in the drivers.
     */
    private void addPairEnergy(double v2, double green, double driverPairs, double wirePairs, double meeting,
                               double meetingSource) {
        double delivered = -2 * v2 * green;
        double ownDrivers = -2 * v2 * driverOhm * meetingSource;
        double drivers = 2 * v2 * driverOhm * driverPairs + ownDrivers;
        double wires = 2 * v2 * wireOhm * wirePairs - 2 * v2 * meeting - ownDrivers;
        slotDevices += delivered - wires - drivers;
        slotWires += wires;
        slotDrivers += drivers;
        slotDelivered += delivered;
    }

    /** Takes device d's conductance from its weight w (weight units) and keeps its lines' drift. */
    private void track(int d, double w) {
        double g = conductanceOf.at(w);
        int i = d / cols;
        int j = d - i * cols;
        int f = record(i, j);
        double old = slotFactors[f + CONDUCTANCE];
        if (g != old) {
            slotFactors[f + CONDUCTANCE] = g;
            rowLines.moved(i, j, old, g);
            colLines.moved(j, i, old, g);
        }
    }

    /** Where device (i, j)'s record starts in {@link #slotFactors}: column after column. */
    private int record(int i, int j) {
        return place(i, j) * SLOT_FACTORS;
    }

    /** The place of device (i, j) among the array's devices taken column after column. */
    private int place(int i, int j) {
        return j * rows + i;
    }

    /**
     * One pulse slot with rows {@code slotRows[0..ps)} and columns {@code slotCols[0..qs)} active: every coincident device
     * moved by its compact model at the voltage of the class comment; its coincidences listed ({@link #listCoincidences}).
     */
    private void applySlot(int ps, int qs, double vr, double vc, double[] w) {
        int coincidences = ps * qs;
        // each coincidence's dividers against its paths to the drivers (Rd + r (j + 1) to its row's, Rd + r (N - i) to
        // its column's: Lines.partnerPath), the current its row drives into its column, and the one its column draws from
        // its row
        for (int b = 0, at = 0; b < qs; b++) {
            double rowPath = driverOhm + wireOhm * (slotCols[b] + 1);
            for (int a = 0; a < ps; a++, at++) {
                int f = slotRecord[at];
                double g = slotFactors[f + CONDUCTANCE];
                double rowDenominator = 1 + g * rowPath;
                double columnDenominator = 1 + g * (driverOhm + wireOhm * (rows - slotRows[a]));
                double both = 1 / (rowDenominator * columnDenominator); // one division for the two dividers
                double rowDivider = columnDenominator * both;
                double columnDivider = rowDenominator * both;
                rowDividers[at] = rowDivider;
                columnDividers[at] = columnDivider;
                slotCurrent[at] = g * slotFactors[f + ROW_NODE] * columnDivider * vr;
                colCurrent[at] = g * slotFactors[f + COL_NODE] * rowDivider * -vc;
                slotRowUp[at] = slotFactors[f + ROW_UP];
                slotRowDown[at] = slotFactors[f + ROW_DOWN];
            }
        }
        // the rise of each column's nodes from the currents the slot's other active rows drive into it
        for (int b = 0; b < qs; b++) {
            colLines.cross(slotCols[b], slotRows, ps, slotCurrent, crossCol, b * ps, 1);
        }
        rowCrossSums(ps, qs);
        // the pulse factors first (independent of one another, so they overlap), then the pulses
        for (int at = 0; at < coincidences; at++) {
            int f = slotRecord[at];
            double v = columnDividers[at] * (vr * slotFactors[f + ROW_NODE] - rowCross[at] + rowRelief[reliefAt[at]])
                    + rowDividers[at] * (-vc * slotFactors[f + COL_NODE] - crossCol[at] + colRelief[reliefAt[at]]);
            slotFactor[at] = CompactDevice.pulseFactor(slotFactors, f + DEVICE, v, shape);
        }
        // rows ascending, columns ascending within a row: the order of the noise's draws
        for (int a = 0; a < ps; a++) {
            int rowStart = slotRows[a] * cols; // where the array's weights of the row start
            for (int b = 0; b < qs; b++) {
                int at = b * ps + a;
                int d = rowStart + slotCols[b];
                double before = w[d];
                int device = slotRecord[at] + DEVICE;
                double after = CompactDevice.unclippedPulse(slotFactors, device, before, slotFactor[at], shapedLaw);
                if (after != before) { // the noise scales the step before its clip at the bounds
                    array.setClippedWeight(d, CompactDevice.clip(slotFactors, device, noise.apply(before, after)));
                    // kept once: a device already kept writes its index past the kept ones, where it is overwritten
                    moved[moves] = d;
                    moves += 1 - movedIn[d];
                    movedIn[d] = 1;
                }
            }
        }
    }

    /**
     * The drop of each row's nodes in a slot from the currents the slot's other active columns draw from it, {@link
     * #rowCross}: a row's {@link Lines#cross}, two sweeps over the slot's columns with its factors at them, here run
     * for all the slot's rows at once, so that they run vectorised across the rows (each row's sums the same to the bit
     * as its own sweeps'); a row that is not a chain with factors at its devices (no wires, or kept in {@link
     * Lines#logScale}) is taken by {@link Lines#cross} after.
     */
    private void rowCrossSums(int ps, int qs) {
        java.util.Arrays.fill(crossRunningSums, 0, ps, 0);
        for (int b = 0; b < qs; b++) {
            int at = b * ps;
            for (int a = 0; a < ps; a++) {
                rowCross[at + a] = slotRowUp[at + a] * crossRunningSums[a];
                crossRunningSums[a] += slotRowDown[at + a] * colCurrent[at + a];
            }
        }
        java.util.Arrays.fill(crossRunningSums, 0, ps, 0);
        for (int b = qs - 1; b >= 0; b--) {
            int at = b * ps;
            for (int a = 0; a < ps; a++) {
                rowCross[at + a] += slotRowDown[at + a] * crossRunningSums[a];
                crossRunningSums[a] += slotRowUp[at + a] * colCurrent[at + a];
            }
        }
        for (int a = 0; a < ps; a++) {
            int i = slotRows[a];
            if (rowLines.lumped[i] != 0 || rowLines.logScale[i]) {
                rowLines.cross(i, slotCols, qs, colCurrent, rowCross, a, ps);
            }
        }
    }

    /**
     * Lists the slot's coincidences (rows {@code slotRows[0..ps)} by columns {@code slotCols[0..qs)}, columns
     * ascending, rows ascending within a column, as the records lie) for {@link #applySlot}: each one's record ({@link
     * #slotRecord}) and where its reliefs are ({@link #reliefAt}). On the way it loads one element of every array that
     * {@link #applySlot} (and, while energy is counted, {@link #slotPower}) reads at each of them, so that those run
     * out of cache: what the coincidences of a large array read does not fit a core's caches (about 4 MB for a layer of
     * 257 x 128 devices), and a slot's coincidences are scattered over it; in the long loop bodies of the update each
     * miss stalls it, while this short body lets the processor fetch many lines at once. Training ran 1.095x and 1.056x
     * faster with these loads ({@code bench/TrainingBuilds}, both orders); with energy counted, the energy's own loads
     * added here made it 1.029x and 1.014x faster again. Their sum is kept in a field only so that the loads are not
     * dropped as unused.
     */
    private void listCoincidences(int ps, int qs, double[] w) {
        double sum = 0;
        for (int b = 0, at = 0; b < qs; b++) {
            int j = slotCols[b];
            for (int a = 0; a < ps; a++, at++) {
                int i = slotRows[a];
                int d = i * cols + j;
                int f = record(i, j);
                slotRecord[at] = f;
                reliefAt[at] = slotRowAt[a] * phaseCols + slotColAt[b];
                sum += slotFactors[f] + slotFactors[f + SLOT_FACTORS / 2] + slotFactors[f + SLOT_FACTORS - 1] + w[d]
                        + movedIn[d];
            }
        }
        prefetched = sum;
    }

    /**
     * {@link #rowRelief} of a phase: its other active rows drive currents into every column (not only the active ones),
     * which raise it at row i by {@code X_k(i) = sum_l Z_k(i, l) G_lk Vr u_l(k) s_l}; device (i, k) then draws {@code
     * G_ik X_k(i)} (over its divider) less from row i, whose nodes rise by the chain's inverse applied to those currents.
     * Taken over the phase, not slot by slot: {@code s_l}, row l's share of the phase's coincidence slots
     * ({@link #rowShare}), is the chance that it pulses in a slot in which row i does (independent trains). Two sweeps down the active rows for all columns
     * at once (the chains' semi-separable inverses), one along each active row: O(p cols) per phase.
     */
    private void relieveRows(int p, int q, double vr, double pairVolt2) {
        if (coincident(rowShare, p) < 2 || wireOhm + driverOhm == 0) {
            java.util.Arrays.fill(rowRelief, 0, p * q, 0);
            if (pairVolt2 > 0) {
                sameSign(pairVolt2, activeRows, rowPulses, p, true);
            }
            return;
        }
        if (pairVolt2 == 0 && keptRows.holds(activeRows, rowShare, p)) {
            keptRows.apply(vr, rowShare, p, activeCols, q, rowRelief, q, 1);
            return;
        }
        relief(activeRows, p, rowShare, cols, colLines.up, colLines.down, rowDrive, colLines, rowSeries, vr, activeCols,
                q, rowRelief, q, 1, pairVolt2, rowPulses, keptRows.keep(activeRows, rowShare, p, vr));
    }

    /**
     * {@link #colRelief} of a phase, as {@link #relieveRows} with rows and columns exchanged: the other active columns
     * draw currents from every row, which drop it at column j; device (l, j) then drives less into column j, whose nodes
     * follow its driver more closely. O(q rows) per phase.
     */
    private void relieveCols(int p, int q, double vc, double pairVolt2) {
        if (coincident(colShare, q) < 2 || wireOhm + driverOhm == 0) {
            java.util.Arrays.fill(colRelief, 0, p * q, 0);
            if (pairVolt2 > 0) {
                sameSign(pairVolt2, activeCols, colPulses, q, false);
            }
            return;
        }
        if (pairVolt2 == 0 && keptCols.holds(activeCols, colShare, q)) {
            keptCols.apply(-vc, colShare, q, activeRows, p, colRelief, 1, q);
            return;
        }
        // one row meets the coincidences (while energy is counted, rows that fire only outside them are listed too)
        int row = coincident(rowShare, p) == 1 ? firstCoincident(rowShare) : -1;
        if (row >= 0 && !oneRowByRows && wireOhm > 0) {
            if (rowBlocks == null) {
                rowBlocks = new RowBlocks();
            }
            if (rowBlocks.relieve(activeRows[row], q, -vc, row * q)) {
                keptCols.clear(); // no currents kept for a later phase
                if (pairVolt2 > 0) {
                    rowBlocks.pairs(pairVolt2, q);
                }
                return;
            }
        }
        relief(activeCols, q, colShare, rows, rowLines.up, rowLines.down, colDriveByColumn, rowLines, colSeries, -vc,
                activeRows, p, colRelief, 1, q, pairVolt2, colPulses, keptCols.keep(activeCols, colShare, q, -vc));
    }

    /** The place of the first line with a share of the coincidence slots above 0 ({@link #coincident}). */
    private static int firstCoincident(double[] share) {
        int a = 0;
        while (share[a] == 0) {
            a++;
        }
        return a;
    }

    /**
     * How many of the {@code count} active lines with these shares of the coincidence slots meet a coincidence (share
     * above 0). While energy is counted the active lines also hold those that fire only outside the coincidence slots
     * (for the energy of their pulses); they take no part in the relief: they add nothing to its sums, no slot of the
     * phase reads their own relief, and they are not kept ({@link KeptRelief}), so that the relief is the same with
     * energy counted and without.
     */
    private static int coincident(double[] share, int count) {
        int n = 0;
        for (int a = 0; a < count; a++) {
            if (share[a] > 0) {
                n++;
            }
        }
        return n;
    }

    /**
     * The column relief ({@link #relieveCols}) of a phase with one active row i, as an SHD or Tiki-Taka transfer pulses
     * it (one row across most columns; MNIST's 393 x 256 arrays: some 80 active columns a phase), in O(active columns
     * blocks) instead of {@link #relief}'s O(active columns rows). The relief of active column a at
     * row i is {@code volt sum_k Z_a(i, k) s_a(k) X(a, k)}: the currents the partner rows k withhold from it ({@code s}
     * the series conductances of its devices, {@link #colSeries}; {@code X(a, k) = sum_b Z_k(a, b) I_b(k) share_b} the
     * drop of row k at a caused by the other active columns b), through column a's chain inverse. Both chains' inverses
     * are semi-separable, {@code Z = lineUp[max] lineDown[min]}, so every term is a product of a factor of column a and
     * one of column b at the same row k. Rows are taken in blocks of {@value #BLOCK}: in a block the sum over its rows of
     * such a product is taken as the product of their sums over the block over its row count. The two factors differ
     * from row to row by the spread of their own devices, which they do not share (devices (k, a) and (k, b)), and by
     * slow trends along the column; the block of row i, where {@code Z_a(i, k)} turns, counts as two, its rows before
     * i and the others, from sums kept row by row within each block. The sums depend on the lines' factors only, so they
     * are kept between updates and taken again for the blocks of rows and the columns refreshed since ({@link
     * Lines#prepare}): they pay where lines refresh rarely, as on a transfer's target, whose rows are pulsed once per row
     * of the source array read. Against the row-by-row relief: 40 transfers of a 393 x 256 array at 1 ohm moved
     * the steps (up to 0.0070) by at most 3.5e-8 weight units ({@code LineUpdaterTest}); a 2,000-sample MNIST run with a
     * spot check every 40 updates gave the row-by-row build's step errors against the exact update (worst 0.788 %, mean
     * 0.0400 %; docs/irdrop-training-history.md). Training on MNIST at 1 ohm
     * ran 1.113x and 1 / 0.911 faster on one thread, 1.106x and 1 / 0.925 on two ({@code bench/TrainingBuilds}, both
     * orders): the row-by-row relief of the transfers took about 0.5 ms a sample on one thread (timers, one run), for
     * some 120 coincidences a transfer of layer 1. Not for a line kept as logarithms (then {@link #relief}). While
     * energy is counted, the same block sums (and three more, {@link #reachSums} and {@link #meetSums}) give the
     * transfer's same-sign column pairs ({@link #pairs}).
     */
    private final class RowBlocks {
        private final int blocks = (rows + BLOCK - 1) / BLOCK;
        /**
         * Per column a and block B, {@value #BLOCK_SUMS} sums over the block's rows at {@code [(a * blocks + B) *
         * BLOCK_SUMS]} ({@code float}, as the relief): the currents column a drives into them, each through its row's
         * factor toward the active columns after a ({@code sum_k down_k(a) I_a(k)}, {@link #SOURCE_DOWN}) or before it
         * ({@code up}, {@link #SOURCE_UP}); then {@code sum_k c_a(k) s_a(k) f_k(a)} with c column a's {@code lineDown}
         * (for rows before the active row, {@link #LOW_UP}, {@link #LOW_DOWN}) or {@code lineUp} (after it, {@link
         * #HIGH_UP}, {@link #HIGH_DOWN}) and f row k's {@code up} (the drop from the columns before a) or {@code down}
         * (after a).
         */
        private final float[] sums = new float[cols * blocks * BLOCK_SUMS];
        /**
         * Per column a and row k, {@value #ROW_SUMS} values at {@code [(a * rows + k) * ROW_SUMS]}: the same sums over
         * the rows of k's block before k, so that the active row's block splits where its column's inverse turns; then
         * column a's {@code lineUp} and {@code lineDown} at k. One record per column is all a transfer reads of it
         * besides its block sums.
         */
        private final float[] rowSums = new float[cols * rows * ROW_SUMS];
        private final boolean[] staleBlock = new boolean[blocks];
        private final boolean[] staleColumn = new boolean[cols];
        private boolean anyStale = true;
        /**
         * Per column a and block B, {@code sum_k n_k(a) I_a(k)} over the block's rows ({@code float}): the parts of the
         * currents column a drives into them that reach their drivers ({@code n_k(a)}, row k's node voltage at a per
         * volt on its source: its {@link Lines#reachFactor} times its {@code up} at a), for the shared segments of the
         * same-sign pairs ({@link #pairs}).
         */
        private final float[] reachSums = new float[cols * blocks];
        /**
         * Per column a and block B, while energy is counted ({@link Lines#meetDrive}; else left at 0), at {@code [(a *
         * blocks + B) * 2]}: {@code sum_k up_k(a) w_a(k)} and {@code sum_k down_k(a) w_a(k)} over the block's rows, w
         * column a's {@link Lines#meetDrive}, for the pairs' meetings in the columns' own paths ({@link #pairs}).
         */
        private final float[] meetSums = new float[cols * blocks * 2];
        /** Per block, the share-weighted currents of the active columns swept so far (A per V). */
        private final double[] swept = new double[blocks];
        /**
         * Per block, the sums of {@link #pairs} over the active columns swept so far: their weighted currents through
         * {@code down} ({@link #SOURCE_DOWN}), those that reach the drivers, and those times the column's place plus 1;
         * and the pairs' sums.
         */
        private final double[] sweptDown = new double[blocks];
        private final double[] sweptReach = new double[blocks];
        private final double[] sweptLength = new double[blocks];
        private final double[] blockGreen = new double[blocks];
        private final double[] blockShare = new double[blocks];
        private final double[] blockLength = new double[blocks];
        /**
         * Per block, the same for the meetings ({@link #addPairs}): the swept columns' {@code down w} and {@code down I
         * S} sums, and the pairs' sums.
         */
        private final double[] sweptMeet = new double[blocks];
        private final double[] sweptSource = new double[blocks];
        private final double[] blockMeet = new double[blocks];
        private final double[] blockSource = new double[blocks];
        /** The {@value #BLOCK_SUMS} sums of one column over a block's rows so far ({@link #sum}). */
        private final double[] running = new double[BLOCK_SUMS];

        RowBlocks() {
            java.util.Arrays.fill(staleBlock, true);
        }

        /** Row k's factors were set again ({@link Lines#prepare}). */
        void rowChanged(int k) {
            staleBlock[k / BLOCK] = true;
            anyStale = true;
        }

        /** Column a's factors were set again. */
        void columnChanged(int a) {
            staleColumn[a] = true;
            anyStale = true;
        }

        /**
         * Writes the relief of the {@code q} active columns ({@link #activeCols}, shares {@link #colShare}) at the one
         * row {@code row} that meets the coincidences, the columns at {@code volt} (V), into {@link #colRelief} from
         * {@code into} on (the row's place times q); false, with nothing written, when a line is kept as logarithms.
         */
        boolean relieve(int row, int q, double volt, int into) {
            for (int b = 0; b < q; b++) {
                if (colLines.logScale[activeCols[b]]) {
                    return false;
                }
            }
            if (anyStale && !refresh()) {
                return false;
            }
            // ascending over the active columns: each one's terms from the columns before it; then descending: after it
            sweep(row, q, true, into);
            sweep(row, q, false, into);
            for (int a = 0; a < q; a++) {
                colRelief[into + a] *= volt;
            }
            return true;
        }

        /**
         * One sweep over the active columns: each one's relief terms from the columns before it ({@code ascending}, the
         * rows' {@code up} factors at it; written) or after it (their {@code down} factors; added). The active row's
         * block counts as two: its rows before the active row and the others. Writes from {@code colRelief[into]} on.
         */
        private void sweep(int row, int q, boolean ascending, int into) {
            int own = row / BLOCK;
            int lowRows = row - own * BLOCK;
            int highRows = rowsIn(own) - lowRows;
            int lowAt = ascending ? LOW_UP : LOW_DOWN;
            int highAt = ascending ? HIGH_UP : HIGH_DOWN;
            int sourceAt = ascending ? SOURCE_DOWN : SOURCE_UP;
            java.util.Arrays.fill(swept, 0);
            double sweptLow = 0; // the active row's block, its rows before the active row
            double sweptHigh = 0; // and from it on
            for (int n = 0; n < q; n++) {
                int a = ascending ? n : q - 1 - n;
                int col = activeCols[a];
                int at = col * blocks * BLOCK_SUMS;
                int rec = (col * rows + row) * ROW_SUMS;
                double lower = 0;
                for (int block = 0; block < own; block++) {
                    lower += sums[at + block * BLOCK_SUMS + lowAt] * swept[block];
                }
                lower /= BLOCK;
                double higher = 0;
                for (int block = own + 1; block < blocks; block++) {
                    higher += sums[at + block * BLOCK_SUMS + highAt] * swept[block] / rowsIn(block);
                }
                int ownAt = at + own * BLOCK_SUMS;
                if (lowRows > 0) {
                    lower += rowSums[rec + lowAt] * sweptLow / lowRows;
                }
                higher += (sums[ownAt + highAt] - rowSums[rec + highAt]) * sweptHigh / highRows;
                double sum = rowSums[rec + LINE_UP] * lower + rowSums[rec + LINE_DOWN] * higher;
                colRelief[into + a] = ascending ? sum : colRelief[into + a] + sum;
                double share = colShare[a];
                for (int block = 0; block < blocks; block++) {
                    swept[block] += share * sums[at + block * BLOCK_SUMS + sourceAt];
                }
                double lowSource = rowSums[rec + sourceAt];
                sweptLow += share * lowSource;
                sweptHigh += share * (sums[ownAt + sourceAt] - lowSource);
            }
        }

        /**
         * The same-sign pairs of the {@code q} active columns ({@link #activeCols}, ascending, each weighted by its pulse
         * count, {@link #colPulses}) at {@code v2} (V^2) through every row, as {@link #sameSign} adds them, in O(q blocks)
         * instead of O(q rows): in a block the sum over its rows of a product of one column's factor and another's
         * ({@code I_b(k) down_k(b) up_k(b') I_b'(k)} and {@code n_k(b) I_b(k) n_k(b') I_b'(k)}) is taken as the product of
         * their sums over the block ({@link #sums}, {@link #reachSums}) over its row count, as the relief ({@link
         * #relieve}) does with the same sums. After {@link #relieve}, which brought the sums up to date. Against the
         * row-by-row pairs: {@code LineUpdateEnergyTest}.
         */
        void pairs(double v2, int q) {
            java.util.Arrays.fill(sweptDown, 0);
            java.util.Arrays.fill(sweptReach, 0);
            java.util.Arrays.fill(sweptLength, 0);
            java.util.Arrays.fill(blockGreen, 0);
            java.util.Arrays.fill(blockShare, 0);
            java.util.Arrays.fill(blockLength, 0);
            java.util.Arrays.fill(sweptMeet, 0);
            java.util.Arrays.fill(sweptSource, 0);
            java.util.Arrays.fill(blockMeet, 0);
            java.util.Arrays.fill(blockSource, 0);
            for (int n = 0; n < q; n++) {
                int col = activeCols[n];
                double weight = colPulses[n];
                double source = colLines.selfDelivered[col];
                int at = col * blocks * BLOCK_SUMS;
                int reachAt = col * blocks;
                for (int block = 0; block < blocks; block++) {
                    int sum = at + block * BLOCK_SUMS;
                    int meetAt = (reachAt + block) * 2;
                    double sourceUp = weight * sums[sum + SOURCE_UP];
                    double sourceDown = weight * sums[sum + SOURCE_DOWN];
                    blockMeet[block] += sourceUp * sweptMeet[block] + weight * meetSums[meetAt] * sweptDown[block];
                    sweptMeet[block] += weight * meetSums[meetAt + 1];
                    blockSource[block] += sourceUp * (sweptSource[block] + source * sweptDown[block]);
                    sweptSource[block] += source * sourceDown;
                    blockGreen[block] += sourceUp * sweptDown[block];
                    sweptDown[block] += sourceDown;
                    double reach = weight * reachSums[reachAt + block];
                    blockShare[block] += reach * sweptReach[block];
                    blockLength[block] += reach * sweptLength[block];
                    sweptReach[block] += reach;
                    sweptLength[block] += (col + 1) * reach;
                }
            }
            double green = 0;
            double driverPairs = 0;
            double wirePairs = 0;
            double meeting = 0;
            double meetingSource = 0;
            for (int block = 0; block < blocks; block++) {
                double rowCount = rowsIn(block);
                green += blockGreen[block] / rowCount;
                driverPairs += blockShare[block] / rowCount;
                wirePairs += blockLength[block] / rowCount;
                meeting += blockMeet[block] / rowCount;
                meetingSource += blockSource[block] / rowCount;
            }
            addPairEnergy(v2, green, driverPairs, wirePairs, meeting, meetingSource);
        }

        /** The number of rows in block {@code block} (the last may hold fewer than {@value #BLOCK}). */
        private int rowsIn(int block) {
            return Math.min(rows, (block + 1) * BLOCK) - block * BLOCK;
        }

        /** Sums the stale blocks and columns again; false (nothing summed) when a row is kept as logarithms. */
        private boolean refresh() {
            for (int k = 0; k < rows; k++) {
                if (rowLines.logScale[k]) {
                    return false;
                }
            }
            for (int block = 0; block < blocks; block++) {
                if (staleBlock[block]) {
                    for (int a = 0; a < cols; a++) {
                        sum(a, block);
                    }
                }
            }
            for (int a = 0; a < cols; a++) {
                if (staleColumn[a]) {
                    for (int block = 0; block < blocks; block++) {
                        if (!staleBlock[block]) {
                            sum(a, block);
                        }
                    }
                    staleColumn[a] = false;
                }
            }
            java.util.Arrays.fill(staleBlock, false);
            anyStale = false;
            return true;
        }

        /** The sums of column a over block {@code block}'s rows (with its {@link #reachSums}), and its rows' records. */
        private void sum(int a, int block) {
            float[] up = rowLines.up[a];
            float[] down = rowLines.down[a];
            float[] drive = colDriveByColumn[a];
            float[] series = colSeries[a];
            double[] lineUp = colLines.lineUp;
            double[] lineDown = colLines.lineDown;
            double[] reachFactor = rowLines.reachFactor;
            int off = a * rows;
            java.util.Arrays.fill(running, 0);
            double reach = 0;
            float[] meet = colLines.meetDrive == null ? null : colLines.meetDrive[a];
            double meetUp = 0;
            double meetDown = 0;
            for (int k = block * BLOCK, end = Math.min(rows, k + BLOCK); k < end; k++) {
                reach += reachFactor[k] * up[k] * drive[k];
                if (meet != null) {
                    meetUp += up[k] * meet[k];
                    meetDown += down[k] * meet[k];
                }
                int rec = (off + k) * ROW_SUMS;
                put(rowSums, rec);
                rowSums[rec + LINE_UP] = (float) lineUp[off + k];
                rowSums[rec + LINE_DOWN] = (float) lineDown[off + k];
                running[SOURCE_DOWN] += down[k] * drive[k];
                running[SOURCE_UP] += up[k] * drive[k];
                double low = lineDown[off + k] * series[k];
                double high = lineUp[off + k] * series[k];
                running[LOW_UP] += low * up[k];
                running[LOW_DOWN] += low * down[k];
                running[HIGH_UP] += high * up[k];
                running[HIGH_DOWN] += high * down[k];
            }
            put(sums, (a * blocks + block) * BLOCK_SUMS);
            reachSums[a * blocks + block] = (float) reach;
            meetSums[(a * blocks + block) * 2] = (float) meetUp;
            meetSums[(a * blocks + block) * 2 + 1] = (float) meetDown;
        }

        /** Writes the {@link #running} sums at {@code into[at..]}. */
        private void put(float[] into, int at) {
            for (int t = 0; t < BLOCK_SUMS; t++) {
                into[at + t] = (float) running[t];
            }
        }
    }

    /**
     * The relief one kind of line (rows or columns) gives each of a phase's active lines ({@link #relief}): the node
     * voltages of its withheld currents at every node, kept for the update's later phases. A later phase whose lines of
     * that kind that meet a coincidence are the same ({@link #coincident}; the other phase of their sign: rows of one sign
     * pulse with the columns of either) takes them scaled to its voltage (they are linear in it), with the first phase's
     * shares of the slots, at its own crossings. Training on MNIST, whose pixels and sigmoid activations are all of one
     * sign, then sweeps every row relief once per update instead of twice (in a short run with a spot check every 40
     * updates the mean step error went from 2.92e-4 to 2.89e-4, the worst stayed at 6.0e-3), and each row once along its
     * nodes instead of once per phase (at every node and without a branch, {@link Lines#respond}, where a sweep asked
     * for the phase's crossings alone branched at each: training 1.076x and 1 / 0.963 faster on one thread,
     * bench/TrainingBuilds, both orders; the same weights to the bit).
     */
    private static final class KeptRelief {
        /** The lines of the kind whose relief this keeps. */
        private final Lines own;
        /**
         * The currents withheld from the line being swept ({@link #relief}), node after node (A), and those of the line
         * swept before it while that one waits to be answered with it ({@link #respondPair}).
         */
        private float[] currents;
        private float[] setAside;
        /**
         * Each kept line's node voltages for its withheld currents at every node ({@link Lines#respond}) but for their
         * total's share, which is added at the crossings that are read ({@link #nodeVolt}), by the line's place in the
         * active lines of the phase that kept them, {@code [place][node]} (V at that phase's voltage): a later phase picks
         * its own crossings' and scales them.
         */
        private final double[] responses;
        /** Per place, the total that {@link Lines#respond} returned with its responses. */
        private final double[] totals;
        private final int length;
        /** The kept lines (those of the active lines that meet a coincidence, ascending) and their places. */
        private final int[] lines;
        private final int[] at;
        private int count = -1;
        private double volt;

        KeptRelief(Lines own, int lineCount, int length) {
            this.own = own;
            this.length = length;
            currents = new float[length];
            setAside = new float[length];
            responses = new double[lineCount * length];
            totals = new double[lineCount];
            lines = new int[lineCount];
            at = new int[lineCount];
        }

        /** Forgets the kept responses (at the start of an update). */
        void clear() {
            count = -1;
        }

        /**
         * Whether the kept responses are those of the lines of the {@code activeCount} lines {@code active} that meet a
         * coincidence (their {@code share} above 0).
         */
        boolean holds(int[] active, double[] share, int activeCount) {
            int c = 0;
            for (int a = 0; a < activeCount; a++) {
                if (share[a] > 0) {
                    if (c == count || lines[c] != active[a]) {
                        return false;
                    }
                    c++;
                }
            }
            return c == count;
        }

        /** Keeps the responses {@link #relief} is about to compute for the active lines that meet a coincidence. */
        KeptRelief keep(int[] active, double[] share, int activeCount, double volt) {
            int c = 0;
            for (int a = 0; a < activeCount; a++) {
                if (share[a] > 0) {
                    lines[c] = active[a];
                    at[c++] = a;
                }
            }
            count = c;
            this.volt = volt;
            return this;
        }

        /**
         * The node voltages of the line at place {@code a} for {@link #currents}, through its own chain's inverse
         * ({@link #own}) at every node, kept, and at the phase's crossings {@code nodes} into {@code out[at + n * stride]}.
         */
        void respond(int line, int a, int[] nodes, int nodeCount, double[] out, int at, int stride) {
            totals[a] = own.respond(line, currents, responses, a * length);
            for (int n = 0; n < nodeCount; n++) {
                out[at + n * stride] = nodeVolt(line, a, nodes[n]);
            }
        }

        /**
         * {@link #respond} of two lines at once: {@code lineA} at place {@code a}, whose currents were swept first and
         * were set aside ({@link #swapCurrents}), and {@code lineB} at place {@code b}, whose currents are in {@link
         * #currents}: their sweeps interleaved ({@link Lines#respondPair}), each with the arithmetic of its own.
         */
        void respondPair(int lineA, int a, int atA, int lineB, int b, int atB, int[] nodes, int nodeCount, double[] out,
                         int stride) {
            own.respondPair(lineA, setAside, responses, a * length, lineB, currents, responses, b * length, totals, a, b);
            for (int n = 0; n < nodeCount; n++) {
                out[atA + n * stride] = nodeVolt(lineA, a, nodes[n]);
            }
            for (int n = 0; n < nodeCount; n++) {
                out[atB + n * stride] = nodeVolt(lineB, b, nodes[n]);
            }
        }

        /** Sets the currents just swept aside (for {@link #respondPair}) and gives {@link #currents} a free buffer. */
        void swapCurrents() {
            float[] swept = currents;
            currents = setAside;
            setAside = swept;
        }

        /** The kept node voltage of {@code line}, kept at place {@code a}, at its node t (V at the voltage kept). */
        private double nodeVolt(int line, int a, int t) {
            return responses[a * length + t] + own.roundedDown(line, t) * totals[a];
        }

        /**
         * The kept responses of each active line that meets a coincidence (its share above 0; the kept lines, {@link
         * #holds}), scaled to the lines at {@code volt} (V), at the crossings {@code nodes}.
         */
        void apply(double volt, double[] share, int activeCount, int[] nodes, int nodeCount, double[] out,
                   int lineStride, int nodeStride) {
            double scale = volt / this.volt;
            for (int a = 0, c = 0; a < activeCount; a++) {
                if (share[a] == 0) {
                    continue;
                }
                for (int n = 0; n < nodeCount; n++) {
                    out[a * lineStride + n * nodeStride] = nodeVolt(lines[c], at[c], nodes[n]) * scale;
                }
                c++;
            }
        }
    }

    /**
     * The relief of the {@code count} active lines {@code active} (ascending) of one kind, each at {@code volt} (V), at
     * their crossings with the {@code nodeCount} active lines {@code nodes} of the other kind: {@code out[a * lineStride +
     * n * nodeStride]}, the shift of line {@code active[a]}'s node at {@code nodes[n]} (V).
     * <ul>
     * <li>The cross sums on every partner line k ({@code width} of them): {@code X(a, k) = sum_{b != a}
     *     Z_k(active[a], active[b]) drive[active[b] * width + k] share[b]}, the rise (or drop) of partner k where it
     *     crosses active line a, caused by the currents the other active lines drive into it, each weighted by its share of
     *     the slots. {@code up}, {@code down} (the partners' {@link Lines#up}, {@link Lines#down}) and {@code drive} are
     *     laid out [line][partner], so that two sweeps down the active lines run along every partner at once. The first
     *     keeps each line's sums of the lines before it ({@link #rise}); where every partner decays gently
     *     ({@link #decaysGently}, the usual case) it keeps only their total, and the second sweep takes each line's part
     *     off it as it goes, so that the first reads two arrays instead of three and nothing is stored per line.</li>
     * <li>The currents withheld from line a, {@code series[active[a] * width + k] volt X(a, k)}, through its own chain's
     *     inverse ({@code kept}'s lines), taken as the second sweep finishes each line, two lines at a time ({@link
     *     Lines#respondPair}): its node voltages at every node are kept in {@code kept} for the update's later phases
     *     ({@link KeptRelief}).</li>
     * <li>When {@code pairVolt2} (V^2) is not 0: the energy's same-sign pairs of the active lines, each weighted by
     *     {@code pairWeight[a]} ({@link #addPairs} as the first sweep reads each line's factors, then {@link
     *     #countPairs}).</li>
     * </ul>
     * Lines with share 0 take part in the pairs only ({@link #coincident}). O(count width). The factors, the sums and
     * the withheld currents are {@code float} (relative rounding 6e-8, on a correction of the device voltages): the
     * sweeps then move half the bytes, which come from memory in training (each update's relief reads megabytes on a
     * layer of MNIST's first), and run vectorised; {@code float} factors with {@code double} sums made the first sweep
     * slower (timers: 1.5 against 0.9 ns per element). Training ran 1.083x and 1.076x faster on one thread, 1.179x and
     * 1.109x on two ({@code bench/TrainingBuilds}, both orders); the step errors of {@code LineUpdaterTest}'s cases
     * against the exact update did not change in their four printed digits.
     */
    private void relief(int[] active, int count, double[] share, int width, float[][] up, float[][] down,
                        float[][] drive, Lines partners, float[][] series, double volt, int[] nodes, int nodeCount,
                        double[] out, int lineStride, int nodeStride, double pairVolt2, double[] pairWeight,
                        KeptRelief kept) {
        boolean rowsFire = kept.own == rowLines;
        if (pairVolt2 > 0) {
            clearPairs(width);
        }
        int last = count - 1;
        while (share[last] == 0) {
            last--;
        }
        boolean gentle = decaysGently(up[active[last]], width);
        java.util.Arrays.fill(sumBefore, 0, width, 0);
        for (int a = 0; a < count; a++) {
            int line = active[a];
            float[] lineUp = up[line];
            float[] lineDown = down[line];
            float[] lineDrive = drive[line];
            float s = (float) share[a];
            boolean relieves = s > 0; // a line with no coincidence takes part in the pairs below only (see coincident)
            if (relieves && gentle) { // the total only: the second sweep takes each line's part off it
                for (int k = 0; k < width; k++) {
                    sumBefore[k] += lineDown[k] * (lineDrive[k] * s);
                }
            } else if (relieves) {
                float[] lineRise = rise[a];
                for (int k = 0; k < width; k++) {
                    lineRise[k] = lineUp[k] * sumBefore[k];
                    sumBefore[k] += lineDown[k] * (lineDrive[k] * s);
                }
            }
            if (pairVolt2 > 0) { // the same-sign pairs of the energy, on the line's factors just read
                addPairs(lineUp, lineDown, lineDrive, pairWeight[a], line, rowsFire);
            }
        }
        if (pairVolt2 > 0) {
            countPairs(pairVolt2, active, pairWeight, count, rowsFire);
        }
        if (!gentle) {
            for (int k = 0; k < width; k++) {
                if (partners.logScale[k]) { // its up and down are 0, so the sweeps leave it at 0: swept with its decay products
                    for (int a = 0; a < count; a++) {
                        gathered[a] = drive[active[a]][k] * share[a];
                    }
                    partners.cross(k, active, count, gathered, lineSums, 0, 1);
                    for (int a = 0; a < count; a++) {
                        rise[a][k] = (float) lineSums[a];
                    }
                }
            }
        }
        java.util.Arrays.fill(sumAfter, 0, width, 0);
        int waiting = -1; // the place of a line swept and not yet answered, or -1
        for (int a = count - 1; a >= 0; a--) {
            int line = active[a];
            float[] lineUp = up[line];
            float[] lineDown = down[line];
            float[] lineDrive = drive[line];
            float[] lineSeries = series[line];
            float s = (float) share[a];
            if (s == 0) { // no part in the relief (see coincident)
                continue;
            }
            float[] relieved = kept.currents;
            float lineVolt = (float) volt;
            if (gentle) { // sumBefore: the total less the parts of this line and the ones after it
                for (int k = 0; k < width; k++) {
                    sumBefore[k] -= lineDown[k] * (lineDrive[k] * s);
                }
                for (int k = 0; k < width; k++) {
                    relieved[k] = lineSeries[k] * lineVolt * (lineUp[k] * sumBefore[k] + lineDown[k] * sumAfter[k]);
                    sumAfter[k] += lineUp[k] * (lineDrive[k] * s);
                }
            } else {
                float[] lineRise = rise[a];
                for (int k = 0; k < width; k++) {
                    relieved[k] = lineSeries[k] * lineVolt * (lineRise[k] + lineDown[k] * sumAfter[k]);
                    sumAfter[k] += lineUp[k] * (lineDrive[k] * s);
                }
            }
            boolean pairs = !kept.own.logScale[line]; // a line kept as logarithms is solved alone
            if (pairs && waiting < 0) {
                kept.swapCurrents(); // answered with the next line that relieves
                waiting = a;
            } else if (pairs) {
                kept.respondPair(active[waiting], waiting, waiting * lineStride, line, a, a * lineStride, nodes, nodeCount,
                        out, nodeStride);
                waiting = -1;
            } else {
                kept.respond(line, a, nodes, nodeCount, out, a * lineStride, nodeStride);
            }
        }
        if (waiting >= 0) {
            kept.swapCurrents();
            kept.respond(active[waiting], waiting, nodes, nodeCount, out, waiting * lineStride, nodeStride);
        }
    }

    /**
     * Whether every partner line decays by less than {@link #GENTLE_DECAY} along the active lines ({@code lastUp}: the
     * partners' {@link Lines#up} at the last of them, below their ratio to the up at the first, which is at most 1):
     * then {@link #relief} takes each line's sum before it as the total less the sum from it on (the rounding this
     * leaves: {@link #GENTLE_DECAY}); a line kept in {@link Lines#logScale} has up 0 and fails.
     */
    private static boolean decaysGently(float[] lastUp, int width) {
        double least = Double.POSITIVE_INFINITY;
        for (int k = 0; k < width; k++) {
            least = Math.min(least, lastUp[k]);
        }
        return least >= GENTLE_DECAY;
    }

    /**
     * The rows (or the columns) of the array as lines for the line-by-line model: line k is a chain of {@code length}
     * nodes, wire segments r between neighbours, the driver (Rd plus one segment) at node 0 (a row) or at node
     * length-1 (a column), far end open, and every device of the line as a shunt to 0 V in series with its partner
     * line's path to that line's driver. For each line it keeps the nodal matrix (diagonal; off-diagonal -1/r), the
     * inverse pivots of its elimination from node 0 and the pivots of its elimination from the other end, so that a
     * solve and a diagonal entry of the inverse cost O(length), and its unit response (the device voltages per volt on
     * its own driver). A line is set again only when its conductances have drifted by more than {@value #LINE_DRIFT}; the
     * drift is kept up to date as conductances move, so an unchanged line costs nothing per update.
     */
    private final class Lines {
        private final int length;
        private final boolean rowsOfArray;
        private final double[] diagonal;
        private final double[] forward;
        private final double[] backward;
        /**
         * The conductances each line was set with, by the devices' places ({@link #placeOf}: for the rows and the columns
         * alike, so that the update's moves, taken column after column where they are many, find both lines' in the
         * order they lie; training 1.033x and 1 / 0.977 faster than with each line's in the order of its nodes, {@code
         * bench/TrainingBuilds} on one thread, both orders, the same weights to the bit), their sums and {@code sum |G -
         * G_ref|} now (S).
         */
        private final double[] reference;
        private final double[] referenceSum;
        private final double[] drift;
        /** {@link #HELD}, the conductance to 0 V of a lumped line (r = 0), or 0 for a chain. */
        private final double[] lumped;
        /**
         * On the lines kept in {@link #logScale} only (the others hold the same in {@link #up} and {@link #down}),
         * line-major: the diagonal of the chain's inverse, Z(t, t) (ohm), and the logarithms of the prefix products of its
         * decay factors, {@code higher[t] = prod_{u=1..t} r/q_u} and {@code lower[t] = prod_{u<t} r/p_u} (p, q the pivots
         * of the eliminations from node 0 and from the last node), so that {@code Z(i, l) = Z(l, l) higher[i] / higher[l]}
         * for i > l and {@code Z(l, l) lower[l] / lower[i]} for i < l. Allocated when a line first needs them.
         */
        private double[] inverseDiagonal;
        private double[] higher;
        private double[] lower;
        private final boolean[] logScale;
        /**
         * Each line's power alone at 1 V (W per V^2), for the energy model: its devices; its own wires and the partner
         * lines' wire paths; its driver and the partner drivers; delivered by its source.
         */
        final double[] selfDevices;
        final double[] selfWires;
        final double[] selfDrivers;
        final double[] selfDelivered;
        /**
         * Per line k and node t ({@code [k][t]}, A per volt): {@code shunt_t M(t)}, the current a rise of the partner
         * line injects behind the device's shunt per volt, times its meeting with the line's own currents ({@link
         * #meetings}, per ampere injected); null before the first {@link #countEnergy}.
         */
        float[][] meetDrive;
        /**
         * The lines set since their {@link #meetDrive} was ({@link #setMeetIfStale}); null before the first {@link
         * #countEnergy}.
         */
        private boolean[] meetStale;
        /**
         * The voltage of node t of line k per volt on the line's source (also the part of a current injected there that
         * reaches the driver), kept in {@link #slotFactors} with the device.
         */
        double nodeVolt(int k, int t) {
            return slotFactors[recordOf(k, t) + (rowsOfArray ? ROW_NODE : COL_NODE)];
        }
        /**
         * Per line, the ratio of {@link #nodeVolt} to the line's {@link #lineUp} (a row, driven at node 0: {@code Z(t, 0)
         * = up[t] down[0]}) or {@link #lineDown} (a column, driven at its last node: {@code Z(t, L-1) = up[L-1] down[t]}),
         * the same at every node: the unit solution is Z times the source's conductance at the driven node. 0 on a held
         * line and on one kept in {@link #logScale}, whose factors are 0.
         */
        final double[] reachFactor;
        /**
         * The chain's inverse as {@code Z(t, s) = lineUp[max(t, s)] lineDown[min(t, s)]}, its diagonal {@code lineUp[t]
         * lineDown[t]} (0 on a held line; 0 as well on a line kept in {@link #logScale}, whose sums take {@link #cross} or
         * {@link #pairSumOnLogs} instead), line-major (node t of line k at {@code k * length + t}; for the rows the
         * device order), for the slots' cross sums along a line ({@link #cross}) and the slot factors
         * ({@link #slotFactors}).
         */
        final double[] lineUp;
        final double[] lineDown;
        /**
         * {@link #lineUp} and {@link #lineDown} rounded to {@code float}, line-major, each node's two side by side
         * ({@code [2 (k length + t)]} and the next), for the sweeps along a line of {@link #respond} (the relief's
         * currents they apply are {@code float} already): they come from memory in training, and in half the bytes a run
         * of {@code bench/TrainingBuilds} on one thread was 1.076x and 1.030x faster (both orders; on two threads 1.041x
         * and 1 / 1.018, within that harness's noise); side by side, one stream from memory instead of two, 1.029x and 1
         * / 0.960, then 1.080x and 1 / 1.000 (one thread, both orders, the same weights to the bit).
         */
        private final float[] rounded;
        /**
         * The same factors across the lines, [node t][line k], for the sweeps of {@link #relief} over every line at once
         * (rounded to {@code float}, as all of the relief).
         */
        final float[][] up;
        final float[][] down;

        Lines(int count, int length, boolean rowsOfArray) {
            this.length = length;
            this.rowsOfArray = rowsOfArray;
            this.diagonal = new double[count * length];
            this.forward = new double[count * length];
            this.backward = new double[count * length];
            this.reference = new double[count * length];
            this.referenceSum = new double[count];
            this.drift = new double[count];
            this.lumped = new double[count];
            this.logScale = new boolean[count];
            this.selfDevices = new double[count];
            this.selfWires = new double[count];
            this.selfDrivers = new double[count];
            this.selfDelivered = new double[count];
            this.reachFactor = new double[count];
            this.lineUp = new double[count * length];
            this.lineDown = new double[count * length];
            this.rounded = new float[2 * count * length];
            this.up = new float[length][count];
            this.down = new float[length][count];
        }

        /** Allocates {@link #meetDrive}, to be set for every line set so far ({@link #setMeetIfStale}). */
        void keepMeetings() {
            meetDrive = new float[referenceSum.length][length];
            meetStale = new boolean[referenceSum.length];
            for (int k = 0; k < referenceSum.length; k++) {
                meetStale[k] = referenceSum[k] > 0;
            }
        }

        /**
         * Sets line k's {@link #meetDrive} and its part of {@link #meetings} when it was set since they were ({@link
         * #prepare}), at its conductances then: its shunts and node voltages per volt as {@link #prepare} computed them,
         * then one solve along it. Returns whether it set them.
         */
        boolean setMeetIfStale(int k) {
            if (!meetStale[k]) {
                return false;
            }
            meetStale[k] = false;
            double path = partnerPath(k);
            for (int t = 0; t < length; t++) {
                double g = reference[placeOf(k, t)];
                shunt[t] = g * (1 / (1 + g * path));
                lineSource[t] = shunt[t] * nodeVolt(k, t);
            }
            boolean chain = solve(k, lineSource, chainOut); // else held at its source: no drop to meet
            float[] drive = meetDrive[k];
            for (int t = 0; t < length; t++) {
                double meeting = chain ? chainOut[t] : 0;
                drive[t] = (float) (shunt[t] * meeting);
                double injected = chain ? 1 / (1 - shunt[t] * selfImpedance(k, t)) : 1;
                int at = (rowsOfArray ? k * cols + t : t * cols + k) * MEETINGS + (rowsOfArray ? 0 : 2);
                meetings[at] = (float) (injected * meeting);
                meetings[at + 1] = (float) injected;
            }
            return true;
        }

        /** {@code Z(t, t)} of line k, not held at its source (ohm), from its factors as set. */
        private double selfImpedance(int k, int t) {
            if (lumped[k] > 0) {
                return 1 / lumped[k];
            }
            int at = k * length + t;
            return logScale[k] ? inverseDiagonal[at] : lineUp[at] * lineDown[at];
        }

        /** Keeps line k's drift when the conductance of its node t moved from {@code old} to {@code g} (S). */
        void moved(int k, int t, double old, double g) {
            double ref = reference[placeOf(k, t)];
            drift[k] += Math.abs(g - ref) - Math.abs(old - ref);
        }

        /** Where the record of node t of line k starts in {@link #slotFactors}. */
        private int recordOf(int k, int t) {
            return placeOf(k, t) * SLOT_FACTORS;
        }

        /** The place of the device at node t of line k among the array's devices, column after column ({@link #place}). */
        private int placeOf(int k, int t) {
            return rowsOfArray ? place(k, t) : place(t, k);
        }

        /** Resistance (ohm) from a device of line k to the driver of its partner line (the same for every device of k). */
        private double partnerPath(int k) {
            return driverOhm + wireOhm * (rowsOfArray ? rows - k : k + 1);
        }

        /**
         * Sets line k and its unit response ({@link #prepareLines}, at the start of an update) when its conductances have
         * drifted; returns whether it did.
         */
        boolean prepare(int k) {
            int off = k * length;
            if (referenceSum[k] > 0 && drift[k] <= LINE_DRIFT * referenceSum[k]) {
                return false;
            }
            drift[k] = 0;
            double sum = 0;
            double path = partnerPath(k);
            for (int t = 0; t < length; t++) {
                double g = slotFactors[recordOf(k, t) + CONDUCTANCE];
                reference[placeOf(k, t)] = g;
                sum += g;
                double divider = 1 / (1 + g * path);
                lineDivider[t] = divider;
                shunt[t] = g * divider;
            }
            referenceSum[k] = sum;
            lumped[k] = set(off);
            if (lumped[k] == HELD) {
                java.util.Arrays.fill(chainOut, 0, length, 1.0);
            } else {
                java.util.Arrays.fill(lineSource, 0, length, 0.0);
                lineSource[rowsOfArray ? 0 : length - 1] = lumped[k] > 0 ? 1 / driverOhm : 1 / (driverOhm + wireOhm);
                solve(k, lineSource, chainOut);
            }
            for (int t = 0; t < length; t++) {
                int f = recordOf(k, t);
                double response = chainOut[t] * lineDivider[t];
                double drive = slotFactors[f + CONDUCTANCE] * response;
                if (rowsOfArray) {
                    rowDrive[k][t] = (float) drive;
                    slotFactors[f + ROW_NODE] = chainOut[t];
                    colSeries[t][k] = (float) shunt[t];
                } else {
                    slotFactors[f + COL_NODE] = chainOut[t];
                    colDriveByColumn[k][t] = (float) drive;
                    rowSeries[t][k] = (float) shunt[t];
                }
            }
            if (lumped[k] == 0) {
                setGreen(k, off);
            }
            setPower(k, off, path);
            if (rowsOfArray) {
                for (int t = 0; t < length; t++) {
                    slotFactors[recordOf(k, t) + ROW_UP] = lineUp[off + t];
                    slotFactors[recordOf(k, t) + ROW_DOWN] = lineDown[off + t];
                }
            }
            if (meetDrive != null) {
                meetStale[k] = true;
            }
            return true;
        }

        /**
         * Line k's power alone at 1 V and its {@link #up}, {@link #down}, from the unit solution
         * {@link #prepare} left in {@code chainOut}.
         */
        private void setPower(int k, int off, double path) {
            double held = lumped[k];
            double devicePower = 0;
            double currentSquares = 0;
            double source = 0;
            double ownWires = 0;
            for (int t = 0; t < length; t++) {
                double g = reference[placeOf(k, t)];
                double u = chainOut[t] * lineDivider[t];
                double current = g * u;
                devicePower += current * u;
                currentSquares += current * current;
                source += current;
                if (held == 0) { // a chain: its factors set by setGreen
                    if (t > 0) {
                        double step = chainOut[t] - chainOut[t - 1];
                        ownWires += step * step / wireOhm;
                    }
                } else {
                    lineUp[off + t] = held > 0 ? 1 : 0;
                    lineDown[off + t] = held > 0 ? 1 / held : 0;
                }
                rounded[2 * (off + t)] = (float) lineUp[off + t];
                rounded[2 * (off + t) + 1] = (float) lineDown[off + t];
                up[t][k] = rounded[2 * (off + t)];
                down[t][k] = rounded[2 * (off + t) + 1];
            }
            int driven = rowsOfArray ? 0 : length - 1;
            double along = rowsOfArray ? lineUp[off] : lineDown[off + driven];
            reachFactor[k] = along == 0 ? 0 : chainOut[driven] / along;
            selfDevices[k] = devicePower;
            // own wires: between the nodes and the driver's segment; the partner paths: r per segment of each
            selfWires[k] = ownWires + source * source * (held == 0 ? wireOhm : 0) + currentSquares * (path - driverOhm);
            selfDrivers[k] = (source * source + currentSquares) * driverOhm;
            selfDelivered[k] = source;
        }

        /** The totals of {@link #respond}'s sweep of one line as a pair of itself. */
        private final double[] pairTotals = new double[2];

        /**
         * The node voltages of line k (V) at every node t for currents {@code current[t]} (A) injected at every node,
         * {@code sum_s Z(t, s) current[s]}, but for a share proportional to the total it returns: node t's voltage is
         * {@code out[at + t] + roundedDown(k, t) total}. One sweep along the line with its {@link #rounded} factors
         * (products and sums in {@code double}; {@link #respondPair}), each sum on two accumulators, one for the even nodes
         * and one for the odd (a single chain of dependent additions is bound by their latency), and a result at every node,
         * without a branch: the relief's lines are asked for a few nodes each, at places no branch predictor learns, and
         * a later phase of the update asks for others ({@link KeptRelief}), so that only the nodes read add the total's
         * share: about a third of them in training (51,000 of 153,000 a sample), which then ran 1.029x and 1 / 0.957
         * faster than with a pass adding it at every node ({@code bench/TrainingBuilds} on one thread, both orders,
         * 25 rounds; the same weights to the bit). A solve on a line kept in {@link #logScale} (total 0).
         */
        double respond(int k, float[] current, double[] out, int at) {
            if (logScale[k]) {
                for (int t = 0; t < length; t++) {
                    lineSource[t] = current[t];
                }
                solve(k, lineSource, chainOut);
                System.arraycopy(chainOut, 0, out, at, length);
                return 0;
            }
            respondPair(k, current, out, at, k, current, out, at, pairTotals, 0, 1); // one line as a pair of itself
            return pairTotals[0];
        }

        /**
         * {@link #respond} of lines k and l (the same line or two, neither kept in {@link #logScale}) in one sweep, their
         * totals to {@code totals[ta]} and {@code totals[tb]}: each line's sums on its own two accumulators, so that the
         * four chains of dependent additions overlap (the relief answers its lines two at a time, {@link
         * KeptRelief#respondPair}); each line's arithmetic that of a sweep of it alone, so the pairing changes no result.
         * Training against one line a sweep ({@code bench/TrainingBuilds ... 1500 300 N false T fast}, 15-40 rounds, ten
         * runs): 1.050x, 1.015x, 1.011x and 1.032x on one thread, 1.072x, 0.996x, 1.008x and 1.032x on two, 0.992x and
         * 1.038x counting energy one in 32 (median 1.024x: about 2 %, at the edge of what this machine resolves).
         */
        void respondPair(int k, float[] currentK, double[] outK, int atK, int l, float[] currentL, double[] outL, int atL,
                         double[] totals, int ta, int tb) {
            int offK = k * length;
            int offL = l * length;
            // out[t] = up[t] sum_{s < t} down[s] c[s] + down[t] sum_{s >= t} up[s] c[s]: the first sum and the up sum
            // before t as the sweep passes, the total of the up sum at the end (before: down current; up to: up current)
            double beforeEvenK = 0;
            double beforeOddK = 0;
            double upToEvenK = 0;
            double upToOddK = 0;
            double beforeEvenL = 0;
            double beforeOddL = 0;
            double upToEvenL = 0;
            double upToOddL = 0;
            int t = 0;
            for (; t + 1 < length; t += 2) {
                double uK = rounded[2 * (offK + t)];
                double dnK = rounded[2 * (offK + t) + 1];
                double cK = currentK[t];
                double uL = rounded[2 * (offL + t)];
                double dnL = rounded[2 * (offL + t) + 1];
                double cL = currentL[t];
                outK[atK + t] = uK * (beforeEvenK + beforeOddK) - dnK * (upToEvenK + upToOddK);
                outL[atL + t] = uL * (beforeEvenL + beforeOddL) - dnL * (upToEvenL + upToOddL);
                beforeEvenK += dnK * cK;
                upToEvenK += uK * cK;
                beforeEvenL += dnL * cL;
                upToEvenL += uL * cL;
                double u2K = rounded[2 * (offK + t) + 2];
                double dn2K = rounded[2 * (offK + t) + 3];
                double c2K = currentK[t + 1];
                double u2L = rounded[2 * (offL + t) + 2];
                double dn2L = rounded[2 * (offL + t) + 3];
                double c2L = currentL[t + 1];
                outK[atK + t + 1] = u2K * (beforeEvenK + beforeOddK) - dn2K * (upToEvenK + upToOddK);
                outL[atL + t + 1] = u2L * (beforeEvenL + beforeOddL) - dn2L * (upToEvenL + upToOddL);
                beforeOddK += dn2K * c2K;
                upToOddK += u2K * c2K;
                beforeOddL += dn2L * c2L;
                upToOddL += u2L * c2L;
            }
            if (t < length) { // t even
                double uK = rounded[2 * (offK + t)];
                double dnK = rounded[2 * (offK + t) + 1];
                outK[atK + t] = uK * (beforeEvenK + beforeOddK) - dnK * (upToEvenK + upToOddK);
                upToEvenK += uK * currentK[t];
                double uL = rounded[2 * (offL + t)];
                double dnL = rounded[2 * (offL + t) + 1];
                outL[atL + t] = uL * (beforeEvenL + beforeOddL) - dnL * (upToEvenL + upToOddL);
                upToEvenL += uL * currentL[t];
            }
            totals[ta] = upToEvenK + upToOddK;
            totals[tb] = upToEvenL + upToOddL;
        }

        /** {@link #lineDown} of line k at its node t as {@link #rounded}. */
        double roundedDown(int k, int t) {
            return rounded[2 * (k * length + t) + 1];
        }

        /**
         * {@code sum_{a < b} Z(nodes[a], nodes[b]) (x_a y_b + y_a x_b)} over two sets of currents {@code x[0..count)},
         * {@code y[0..count)} (A) at the nodes {@code nodes[0..count)} (ascending) of line k, a chain kept in {@link
         * #logScale} (ohm A^2): one sweep with its decay factors (the other lines' sums run on {@link #up} and {@link
         * #down}).
         */
        double pairSumOnLogs(int k, int[] nodes, int count, double[] x, double[] y) {
            int off = k * length;
            double sumX = 0;
            double sumY = 0;
            double pairs = 0;
            for (int a = 1; a < count; a++) {
                int from = off + nodes[a - 1];
                int to = off + nodes[a];
                double decay = Math.exp(higher[to] - higher[from]);
                sumX = (sumX + inverseDiagonal[from] * x[a - 1]) * decay;
                sumY = (sumY + inverseDiagonal[from] * y[a - 1]) * decay;
                pairs += x[a] * sumY + y[a] * sumX;
            }
            return pairs;
        }

        /**
         * The factors of chain k: {@link #lineUp} and {@link #lineDown} (and {@link #up}, {@link #down}) from its decay
         * products and its inverse's diagonal; on a line whose products would leave the doubles, those as {@link #higher},
         * {@link #lower} (logarithms) and {@link #inverseDiagonal} instead, its factors 0 ({@link #logScale}).
         */
        private void setGreen(int k, int off) {
            double gw = 1 / wireOhm;
            // the factors are at most 1: the products only fall
            double higherProduct = 1;
            double lowerProduct = 1;
            lineUp[off] = 1;
            for (int t = 1; t < length; t++) {
                higherProduct *= gw / backward[off + t];
                lowerProduct *= gw * forward[off + t - 1];
                lineUp[off + t] = higherProduct;
            }
            boolean logs = Math.min(higherProduct, lowerProduct) < smallestProduct;
            logScale[k] = logs;
            if (!logs) {
                for (int t = 0; t < length; t++) {
                    lineDown[off + t] = inverseDiagonal(off + t) / lineUp[off + t];
                }
                return;
            }
            if (higher == null) {
                int size = logScale.length * length;
                inverseDiagonal = new double[size];
                higher = new double[size];
                lower = new double[size];
            }
            higher[off] = 0;
            lower[off] = 0;
            inverseDiagonal[off] = inverseDiagonal(off);
            for (int t = 1; t < length; t++) {
                inverseDiagonal[off + t] = inverseDiagonal(off + t);
                higher[off + t] = higher[off + t - 1] + Math.log(gw / backward[off + t]);
                lower[off + t] = lower[off + t - 1] + Math.log(gw * forward[off + t - 1]);
            }
            java.util.Arrays.fill(lineUp, off, off + length, 0.0);
            java.util.Arrays.fill(lineDown, off, off + length, 0.0);
        }

        /** Z(t, t) of the chain at node {@code at} (line-major), from the pivots of its two eliminations (ohm). */
        private double inverseDiagonal(int at) {
            return 1 / (1 / forward[at] + backward[at] - diagonal[at]);
        }

        /**
         * The cross sums of line k for currents {@code current[at + a * stride]} (A, a < count) injected at its nodes
         * {@code nodes[0..count)} (ascending): {@code out[at + a * stride] = sum_{b != a} Z(nodes[a], nodes[b])
         * current[at + b * stride]} (V), each node's own share left out. Two sweeps over the nodes with the line's
         * {@link #lineUp} and {@link #lineDown} (its decay factors on a line kept in {@link #logScale}): O(count), whatever
         * the line's length.
         */
        void cross(int k, int[] nodes, int count, double[] current, double[] out, int at, int stride) {
            double held = lumped[k];
            if (held == HELD || count < 2) {
                for (int a = 0; a < count; a++) {
                    out[at + a * stride] = 0;
                }
                return;
            }
            if (held > 0) {
                double total = 0;
                for (int a = 0; a < count; a++) {
                    total += current[at + a * stride];
                }
                for (int a = 0; a < count; a++) {
                    out[at + a * stride] = (total - current[at + a * stride]) / held;
                }
                return;
            }
            int off = k * length;
            if (logScale[k]) {
                crossOnLogs(off, nodes, count, current, out, at, stride);
                return;
            }
            double sum = 0;
            for (int a = 0; a < count; a++) {
                int t = off + nodes[a];
                out[at + a * stride] = lineUp[t] * sum;
                sum += lineDown[t] * current[at + a * stride];
            }
            sum = 0;
            for (int a = count - 1; a >= 0; a--) {
                int t = off + nodes[a];
                out[at + a * stride] += lineDown[t] * sum;
                sum += lineUp[t] * current[at + a * stride];
            }
        }

        /** {@link #cross} on a line kept in {@link #logScale} (at {@code off}): the sweeps with its decay factors. */
        private void crossOnLogs(int off, int[] nodes, int count, double[] current, double[] out, int at, int stride) {
            double sum = 0;
            out[at] = 0;
            for (int a = 1; a < count; a++) {
                int from = off + nodes[a - 1];
                int to = off + nodes[a];
                sum = (sum + inverseDiagonal[from] * current[at + (a - 1) * stride]) * Math.exp(higher[to] - higher[from]);
                out[at + a * stride] = sum;
            }
            sum = 0;
            for (int a = count - 2; a >= 0; a--) {
                int from = off + nodes[a + 1];
                int to = off + nodes[a];
                sum = (sum + inverseDiagonal[from] * current[at + (a + 1) * stride]) * Math.exp(lower[from] - lower[to]);
                out[at + a * stride] += sum;
            }
        }

        /** Sets the matrix of the line at {@code off} from {@link #shunt}; returns what {@link #lumped} keeps. */
        private double set(int off) {
            if (driverOhm + wireOhm == 0) {
                return HELD;
            }
            if (wireOhm == 0) {
                double sum = 1 / driverOhm;
                for (int t = 0; t < length; t++) {
                    sum += shunt[t];
                }
                return sum;
            }
            double gw = 1 / wireOhm;
            double gb = 1 / (driverOhm + wireOhm);
            int driven = rowsOfArray ? 0 : length - 1;
            for (int t = 0; t < length; t++) {
                double d = shunt[t] + (t > 0 ? gw : 0) + (t < length - 1 ? gw : 0);
                diagonal[off + t] = t == driven ? d + gb : d;
            }
            double gw2 = gw * gw;
            // the two eliminations are independent recurrences: one loop runs both, so that their divisions overlap
            int last = off + length - 1;
            forward[off] = 1 / diagonal[off];
            backward[last] = diagonal[last];
            for (int s = 1; s < length; s++) {
                int f = off + s;
                int b = last - s;
                forward[f] = 1 / (diagonal[f] - gw2 * forward[f - 1]);
                backward[b] = diagonal[b] - gw2 / backward[b + 1];
            }
            return 0;
        }

        /**
         * Node voltages {@code out} (V) of line k for node currents {@code in} (A, injected); returns false (and writes
         * nothing) when the line is held at its source.
         */
        boolean solve(int k, double[] in, double[] out) {
            double held = lumped[k];
            if (held == HELD) {
                return false;
            }
            if (held > 0) {
                double sum = 0;
                for (int t = 0; t < length; t++) {
                    sum += in[t];
                }
                java.util.Arrays.fill(out, 0, length, sum / held);
                return true;
            }
            int off = k * length;
            double gw = 1 / wireOhm;
            double carry = 0;
            for (int t = 0; t < length; t++) {
                carry = in[t] + (t > 0 ? gw * carry * forward[off + t - 1] : 0);
                out[t] = carry;
            }
            double v = 0;
            for (int t = length - 1; t >= 0; t--) {
                v = (out[t] + (t < length - 1 ? gw * v : 0)) * forward[off + t];
                out[t] = v;
            }
            return true;
        }
    }
}
