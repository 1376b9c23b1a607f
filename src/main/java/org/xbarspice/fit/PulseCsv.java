package org.xbarspice.fit;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.xbarspice.device.ConductanceRange;
import org.xbarspice.report.ResultFiles;
import org.xbarspice.units.BoundedFiles;
import org.xbarspice.units.InvalidInputException;

/**
 * Pulse-response data as CSV. A header line names the columns (any order, case-insensitive, other columns ignored):
 * <ul>
 *   <li>{@code pulse}: pulse number, an integer >= 0 (the row is the state read after that many pulses); a row whose
 *       number is not above the previous row's starts a new sequence, and rows may skip pulse numbers (up to
 *       {@value #MAX_GAP} pulses between two rows, all of the later row's polarity); but consecutive rows of one pulse
 *       number (and one cycle label) are readings of one state, which the fit takes as their mean ({@link
 *       RepeatedReadings}; their polarity that of the first, or empty);</li>
 *   <li>{@code polarity}: {@code up} or {@code down} ({@code +1}, {@code 1}, {@code -1} too); may be empty or {@code 0} on a
 *       row that starts a sequence, and on a state's readings after its first;</li>
 *   <li>the state, either {@code weight} (weight units, spanning 0) or {@code conductance_S} (siemens; the fit needs
 *       {@code --g-range GMIN:GMAX}, the conductances of weights -1 and +1);</li>
 *   <li>optional {@code cycle}: an integer label; without it a new cycle starts where the polarity turns from down to
 *       up, and where a sequence starts again (a pulse number below the row before's).</li>
 * </ul>
 * Blank lines and lines starting with {@code #} are skipped. Every bad value is an {@link InvalidInputException}
 * naming the file, the line, the column, the value and the fix.
 */
public final class PulseCsv {
    /** Column names. */
    public static final String PULSE = "pulse";
    public static final String POLARITY = "polarity";
    public static final String WEIGHT = "weight";
    public static final String CONDUCTANCE = "conductance_S";
    public static final String CYCLE = "cycle";

    /** Most pulses between two rows. */
    public static final int MAX_GAP = 100_000;

    /** Largest accepted file (bytes). */
    private static final long LIMIT = 256L * 1024 * 1024;

    private static final String FORMAT = "a header line naming the columns pulse, polarity and weight (or conductance_S), "
            + "optionally cycle, then one row per reading";

    private PulseCsv() {
    }

    /**
     * Reads a data file.
     *
     * @param unitRange the conductances of w = -1 and +1 (S): required for a conductance_S column, optional for weights
     *                  (then it sets the fitted preset's conductance range); null for none
     */
    public static PulseData read(Path file, ConductanceRange unitRange) {
        return read(file, unitRange, warning -> { });
    }

    /**
     * As {@link #read(Path, ConductanceRange)}, telling {@code warnings} of the header's columns that are not read (a
     * misspelled {@code cycle} was dropped without a word, and the cycles taken from the polarity's turns).
     */
    public static PulseData read(Path file, ConductanceRange unitRange, Consumer<String> warnings) {
        String label = "data file '" + file + "'";
        String text = BoundedFiles.readUtf8(file, label, LIMIT);
        if (text.startsWith("\uFEFF")) { // the byte-order mark some spreadsheets write: invisible in any message
            text = text.substring(1);
        }
        String[] lines = text.split("\r?\n", -1);
        int header = 0;
        while (header < lines.length && skipped(lines[header])) {
            header++;
        }
        if (header == lines.length) {
            throw new InvalidInputException(label + " is empty: expected " + FORMAT);
        }
        String[] names = fields(lines[header]);
        requireHeader(lines[header], names, label + " line " + (header + 1));
        for (int c = 0; c < names.length; c++) {
            int first = find(names, names[c]);
            if (first < c && !names[c].isEmpty()) {
                throw new InvalidInputException(label + " line " + (header + 1) + " (header): column '" + names[c] + "' is "
                        + "named twice (columns " + (first + 1) + " and " + (c + 1) + "): keep one, or rename the other");
            }
        }
        int pulseCol = column(names, PULSE, label, header);
        int polarityCol = column(names, POLARITY, label, header);
        int weightCol = find(names, WEIGHT);
        int conductanceCol = find(names, CONDUCTANCE);
        int cycleCol = find(names, CYCLE);
        String at = label + " line " + (header + 1) + " (header)";
        List<String> unread = new ArrayList<>();
        for (String name : names) {
            if (!name.isEmpty() && Stream.of(PULSE, POLARITY, WEIGHT, CONDUCTANCE, CYCLE).noneMatch(name::equalsIgnoreCase)) {
                unread.add("'" + name + "'");
            }
        }
        if (!unread.isEmpty()) {
            warnings.accept(at + ": column" + (unread.size() > 1 ? "s " : " ") + String.join(", ", unread) + " not read (the "
                    + "columns read: " + PULSE + ", " + POLARITY + ", " + WEIGHT + " or " + CONDUCTANCE + ", optionally " + CYCLE
                    + "): rename a column meant as one of them");
        }
        if (weightCol < 0 && conductanceCol < 0) {
            throw new InvalidInputException(at + ": neither a '" + WEIGHT + "' nor a '" + CONDUCTANCE + "' column (found "
                    + String.join(", ", names) + "): name the state column " + WEIGHT + " (weight units) or " + CONDUCTANCE
                    + " (siemens)");
        }
        if (weightCol >= 0 && conductanceCol >= 0) {
            throw new InvalidInputException(at + ": both a '" + WEIGHT + "' and a '" + CONDUCTANCE + "' column: keep one");
        }
        boolean siemens = conductanceCol >= 0;
        if (siemens && unitRange == null) {
            throw new InvalidInputException(label + ": the states are conductances (column " + CONDUCTANCE + "): give --g-range "
                    + "GMIN:GMAX, the conductances (S) that stand for weights -1 and +1 (e.g. the device's programmed range)");
        }
        int stateCol = siemens ? conductanceCol : weightCol;
        List<long[]> numbers = new ArrayList<>();
        List<Double> readings = new ArrayList<>();
        List<Integer> firstReading = new ArrayList<>(); // each row's first reading in readings
        List<Integer> lineOfReading = new ArrayList<>();
        long previous = -1;
        for (int i = header + 1; i < lines.length; i++) {
            if (skipped(lines[i])) {
                continue;
            }
            String where = label + " line " + (i + 1);
            String[] f = fields(lines[i]);
            if (f.length != names.length) {
                throw new InvalidInputException(where + ": " + f.length + " fields, the header has " + names.length
                        + ": give one value per column, separated by commas");
            }
            long pulse = integer(f[pulseCol], where, names[pulseCol], "a pulse number (an integer >= 0)");
            long cycle = cycleCol < 0 ? 0 : integer(f[cycleCol], where, names[cycleCol], "a cycle label (an integer >= 0)");
            double state = number(f[stateCol], where, names[stateCol]);
            if (siemens && !(state > 0)) {
                throw new InvalidInputException(where + ", column '" + names[stateCol] + "': " + state + " S is not a "
                        + "conductance: give a value > 0 in siemens");
            }
            if (siemens) {
                ConductanceRange.requireDevice(where + ", column '" + names[stateCol] + "'", state);
            }
            double weight = siemens ? PulseData.weight(unitRange, state) : state;
            long[] last = numbers.isEmpty() ? null : numbers.get(numbers.size() - 1);
            if (last != null && pulse == last[0] && cycle == last[2]) { // the state of the row before, read again
                int again = polarity(f[polarityCol], where, names[polarityCol], true);
                // a sequence's first state takes no pulse: its polarity, if given, turns nothing
                if (again != 0 && last[3] == 0 && again != last[1]) {
                    throw new InvalidInputException(where + ", column '" + names[polarityCol] + "': pulse " + pulse + " is "
                            + "read again with polarity '" + f[polarityCol] + "' after line "
                            + lineOfReading.get(firstReading.get(firstReading.size() - 1))
                            + " read it after " + (last[1] > 0 ? "up" : "down") + ": rows of one pulse number are readings of "
                            + "one state; give them its polarity (or none), or number the row as the pulse it follows");
                }
                readings.add(weight);
                lineOfReading.add(i + 1);
                continue;
            }
            boolean starts = numbers.isEmpty() || pulse <= previous;
            if (!starts && pulse - previous > MAX_GAP) {
                throw new InvalidInputException(where + ", column '" + names[pulseCol] + "': pulse " + pulse + " follows pulse "
                        + previous + ", " + (pulse - previous) + " pulses later; at most " + MAX_GAP + " may lie between two "
                        + "rows: add the readings in between");
            }
            int polarity = polarity(f[polarityCol], where, names[polarityCol], starts);
            numbers.add(new long[] {pulse, polarity, cycle, starts ? 1 : 0});
            firstReading.add(readings.size());
            readings.add(weight);
            lineOfReading.add(i + 1);
            previous = pulse;
        }
        if (numbers.size() < 2) {
            throw new InvalidInputException(label + " has " + readings.size() + " data rows" + (readings.size() > numbers.size()
                    ? " (" + numbers.size() + " state: rows of one pulse number are readings of one state)" : "")
                    + ": expected " + FORMAT + ", at least " + PulseData.MIN_INCREMENTS + " pulses each way");
        }
        int n = numbers.size();
        long[] pulse = new long[n];
        int[] polarity = new int[n];
        int[] cycle = new int[n];
        int[] start = new int[n + 1];
        int detected = 0;
        for (int i = 0; i < n; i++) {
            pulse[i] = numbers.get(i)[0];
            polarity[i] = (int) numbers.get(i)[1];
            start[i] = firstReading.get(i);
            // a sequence's first row takes no pulse: its polarity, if given, turns nothing
            boolean restart = i > 0 && pulse[i] <= pulse[i - 1];
            boolean afterStart = i == 1 || i > 1 && pulse[i - 1] <= pulse[i - 2];
            if (restart || i > 0 && !afterStart && polarity[i] > 0 && polarity[i - 1] < 0) {
                detected++;
            }
            cycle[i] = cycleCol < 0 ? detected : Math.toIntExact(numbers.get(i)[2]);
        }
        start[n] = readings.size();
        double[] read = readings.stream().mapToDouble(Double::doubleValue).toArray();
        List<PulseData.SuspectReading> suspects = PulseData.suspectReadings(read, start);
        double[] w = PulseData.means(read, start, PulseData.leftOut(read.length, suspects));
        PulseData.Jump jump = PulseData.suspectJump(pulse, w, cycle);
        if (jump != null) { // before the data are checked: a misread state can make their span refused
            warnings.accept(String.format(Locale.ROOT, "%s %s: the state %.6g lies %.4g weight units a pulse from the "
                    + "row before, %.3g times the median step (%.4g): a misread value? A fit takes it as a state, and the "
                    + "span it makes as the device's range: correct or remove the row if it is one", label,
                    lines(jump.row(), start, lineOfReading), w[jump.row()], jump.size(), jump.size() / jump.median(),
                    jump.median()));
        }
        PulseData.Spike spike = PulseData.suspectSpike(pulse, polarity, w, cycle);
        if (spike != null && (jump == null || jump.row() != spike.row())) { // one warning a row
            warnings.accept(String.format(Locale.ROOT, "%s %s: the state %.6g lies %.4g weight units %s the line "
                    + "through the rows before and after it, %.3g times the readings' typical departure (%.4g)%s: a misread "
                    + "value? A fit takes its two increments as a step and one back: correct or remove the row if it is one",
                    label, lines(spike.row(), start, lineOfReading), w[spike.row()], Math.abs(spike.departure()),
                    spike.departure() > 0 ? "above" : "below", Math.abs(spike.departure()) / spike.typical(), spike.typical(),
                    spike.count() > 1 ? String.format(Locale.ROOT, "; %d rows depart by more than %.3g times", spike.count(),
                            PulseData.SUSPECT_SPIKE) : ""));
        }
        warnSuspectReading(suspects, read, start, lineOfReading, label, warnings);
        return PulseData.ofReadings(label, pulse, polarity, read, start, cycle, unitRange, true, suspects);
    }

    /**
     * Names the reading farthest from the mean of its state's other readings among the {@code suspects} ({@link
     * PulseData#suspectReadings}), and how many states hold one.
     */
    private static void warnSuspectReading(List<PulseData.SuspectReading> suspects, double[] read, int[] start,
                                           List<Integer> lineOfReading, String label, Consumer<String> warnings) {
        if (suspects.isEmpty()) {
            return;
        }
        PulseData.SuspectReading worst = suspects.get(0);
        for (PulseData.SuspectReading suspect : suspects) {
            worst = suspect.ratio() > worst.ratio() ? suspect : worst;
        }
        warnings.accept(String.format(Locale.ROOT, "%s line %d: the reading %.6g lies %.4g weight units from the mean of "
                + "the state's other readings (%s), %.3g times the read noise the repeated readings show (%.4g)%s: a misread "
                + "value%s? %s: correct or remove the line if it is one", label, lineOfReading.get(worst.reading()),
                read[worst.reading()], worst.departure(), lines(worst.state(), start, lineOfReading), worst.ratio(),
                worst.readNoise(),
                suspects.size() > 1 ? String.format(Locale.ROOT, "; %d states hold a reading that departs by more than %.3g "
                + "times", suspects.size(), PulseData.SUSPECT_READING) : "",
                worst.leftOut() ? "" : ", or two states read as one (a run started again at the same pulse number)",
                worst.leftOut() ? "It is left out of its state's mean, which the others agree on"
                : "The state is the mean of its two readings"));
    }

    /** "line N" of row i's one reading, or "lines N-M" of its readings. */
    private static String lines(int i, int[] start, List<Integer> lineOfReading) {
        int first = lineOfReading.get(start[i]);
        int last = lineOfReading.get(start[i + 1] - 1);
        return first == last ? "line " + first : "lines " + first + "-" + last;
    }

    /** Writes {@code data} with a {@code #} comment on top (atomically): conductances when it has a unit range. */
    public static void write(Path file, PulseData data, String comment) {
        StringBuilder text = new StringBuilder();
        for (String line : comment.split("\n")) {
            text.append("# ").append(line).append('\n');
        }
        boolean siemens = data.unitRange() != null;
        text.append(String.join(",", PULSE, POLARITY, siemens ? CONDUCTANCE : WEIGHT, CYCLE)).append('\n');
        for (int i = 0; i < data.rows(); i++) {
            String polarity = data.polarity(i) > 0 ? "up" : data.polarity(i) < 0 ? "down" : "";
            for (int r = 0; r < data.readings(i); r++) { // a state read more than once: a row a reading
                double w = data.reading(i, r);
                double state = siemens ? PulseData.conductance(data.unitRange(), w) : w;
                if (siemens && !(state > 0)) { // a file that its own reader refuses
                    throw new InvalidInputException(String.format(Locale.ROOT, "%s: a reading of row %d, w = %.6g, is %.4g "
                            + "S with the unit range (--g-range) %s, not a conductance: its weights go below the one that "
                            + "range maps to 0 S; give a range whose GMIN is larger against its span, or write weights (no "
                            + "--g-range)", file, i + 1, w, state, data.unitRange().flagValue()));
                }
                text.append(String.format(Locale.ROOT, "%d,%s,%.17g,%d%n", data.pulse(i), polarity, state, data.cycle(i)));
            }
        }
        ResultFiles.writeText(file, text.toString());
    }

    private static boolean skipped(String line) {
        String t = line.strip();
        return t.isEmpty() || t.startsWith("#");
    }

    private static String[] fields(String line) {
        return Arrays.stream(line.split(",", -1)).map(String::strip).toArray(String[]::new);
    }

    /**
     * Refuses a first line that names none of the columns read, saying why where it can: the columns separated by ';'
     * or tabs, or no header at all (a first row of numbers). A fuzz met "column '0' is named twice" for a file without
     * its header, and "column 'pulse' is missing (found pulse;polarity;weight)" for one of semicolons.
     */
    private static void requireHeader(String line, String[] names, String where) {
        if (Stream.of(PULSE, POLARITY, WEIGHT, CONDUCTANCE, CYCLE).anyMatch(name -> find(names, name) >= 0)) {
            return;
        }
        for (String separator : List.of(";", "\t")) {
            if (line.contains(separator)) {
                throw new InvalidInputException(where + " (header): no column of " + FORMAT + " (found '" + line.strip()
                        + "', whose fields are separated by " + (separator.equals(";") ? "';'" : "tabs") + "): separate "
                        + "the fields by commas");
            }
        }
        try {
            Double.parseDouble(names[0]);
        } catch (NumberFormatException e) {
            return; // words of some other header: the missing column's message says which are read
        }
        throw new InvalidInputException(where + ": '" + line.strip() + "' is a row of numbers, not a header: begin the file "
                + "with " + FORMAT + ", e.g. " + PULSE + "," + POLARITY + "," + WEIGHT);
    }

    private static int find(String[] names, String name) {
        for (int c = 0; c < names.length; c++) {
            if (names[c].equalsIgnoreCase(name)) {
                return c;
            }
        }
        return -1;
    }

    private static int column(String[] names, String name, String label, int header) {
        int c = find(names, name);
        if (c < 0) {
            throw new InvalidInputException(label + " line " + (header + 1) + " (header): column '" + name + "' is missing (found "
                    + String.join(", ", names) + "): expected " + FORMAT);
        }
        return c;
    }

    private static long integer(String text, String where, String column, String what) {
        try {
            long v = Long.parseLong(text.startsWith("+") ? text.substring(1) : text);
            if (v >= 0) {
                return v;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new InvalidInputException(where + ", column '" + column + "': '" + text + "' is not " + what + ": fix the value");
    }

    private static double number(String text, String where, String column) {
        double v;
        try {
            v = Double.parseDouble(text);
        } catch (NumberFormatException e) {
            throw new InvalidInputException(where + ", column '" + column + "': '" + text + "' is not a number: give a decimal "
                    + "number such as 0.25 or 3.1e-6", e);
        }
        if (!Double.isFinite(v)) {
            throw new InvalidInputException(where + ", column '" + column + "': '" + text + "' is not a finite number: remove the "
                    + "row or give the measured value");
        }
        return v;
    }

    private static int polarity(String text, String where, String column, boolean startsSequence) {
        switch (text.toLowerCase(Locale.ROOT)) {
            case "up", "+1", "1", "+":
                return 1;
            case "down", "-1", "-":
                return -1;
            case "", "0":
                if (startsSequence) {
                    return 0;
                }
                throw new InvalidInputException(where + ", column '" + column + "': '" + text + "' gives no polarity, but the "
                        + "row follows a pulse: give up or down (+1 / -1)");
            default:
                throw new InvalidInputException(where + ", column '" + column + "': '" + text + "' is not a polarity: use up or "
                        + "down (+1 / -1)");
        }
    }
}
