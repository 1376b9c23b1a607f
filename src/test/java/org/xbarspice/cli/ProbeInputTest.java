package org.xbarspice.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.xbarspice.device.ConductanceRange;
import org.xbarspice.device.DevicePresets;
import org.xbarspice.report.ResultFiles;
import org.xbarspice.train.TrainConfig;
import org.xbarspice.train.TrainingRun;
import org.xbarspice.units.InvalidInputException;

/**
 * Inputs a probe of the command line found accepted or badly explained: each is refused with exit 2 and a message that
 * names the value, its bound and where it came from (or, for a clamped fit, warned about and recorded).
 */
class ProbeInputTest {
    @TempDir
    Path tmp;

    private static FitDeviceCommandTest.Run run(String... args) {
        return FitDeviceCommandTest.run(List.of(args));
    }

    private static void assertRefused(FitDeviceCommandTest.Run r, String... named) {
        assertEquals(2, r.exitCode(), r.err());
        for (String text : named) {
            assertTrue(r.err().contains(text), "message should contain '" + text + "': " + r.err());
        }
        assertEquals(1, r.err().strip().lines().filter(l -> l.startsWith("error:")).count(), r.err());
    }

    /** An --array file's conductances: 1e300 S made NaN energies and currents with exit 0. */
    @Test
    void hugeArrayConductancesAreRefusedNamingTheFile() throws IOException {
        Path array = tmp.resolve("a.json");
        List<List<Double>> g = Collections.nCopies(2, List.of(1e-6, 1e300));
        ResultFiles.writeJson(array, java.util.Map.of("conductancesSiemens", g, "inputsVolts", List.of(List.of(0.1, 0.1))));
        Path json = tmp.resolve("out.json");
        assertRefused(run("read", "--rows", "2", "--cols", "2", "--engine", "behavioral", "--array", array.toString(), "--json",
                json.toString()), array + ": conductancesSiemens[0][1] = 1e300 S is out of range: a device conductance must be in 1e-15 .. 1 S");
        assertFalse(Files.exists(json));
    }

    /**
     * Read flags that change nothing were accepted silently: --i-max without an ADC or read noise, and with --array the
     * seed without read noise and V_read without peripherals or a PWM integrator (the file gives the conductances and
     * the input voltages).
     */
    @Test
    void readFlagsWithoutEffectAreRefused() throws IOException {
        assertRefused(run("read", "--rows", "4", "--cols", "4", "--engine", "behavioral", "--i-max", "1e-9"),
                "--i-max 1.0E-9 has no effect without --adc-bits or --read-noise");
        // read noise 0 is off: it was taken as noise that needs the range, so --i-max went through without effect
        assertRefused(run("read", "--rows", "4", "--cols", "4", "--engine", "behavioral", "--i-max", "1e-9",
                "--read-noise", "0"), "--i-max 1.0E-9 has no effect without --adc-bits or --read-noise above 0");
        assertEquals(0, run("read", "--rows", "4", "--cols", "4", "--engine", "behavioral", "--read-noise", "0").exitCode());
        // the flag missing its range is the one given (read noise alone was told "--adc-bits and --read-noise need ...")
        assertRefused(run("read", "--rows", "4", "--cols", "4", "--engine", "behavioral", "--read-noise", "0.1"),
                "error: --read-noise 0.1 needs the output range, the full scale it refers to: add --i-max AMPERE");
        assertRefused(run("read", "--rows", "4", "--cols", "4", "--engine", "behavioral", "--adc-bits", "8", "--read-noise",
                "0.1"), "error: --adc-bits 8 and --read-noise 0.1 need the output range");
        Path array = tmp.resolve("a.json");
        ResultFiles.writeJson(array, java.util.Map.of("conductancesSiemens", Collections.nCopies(2, List.of(1e-6, 2e-6)),
                "inputsVolts", List.of(List.of(0.1, 0.1))));
        List<String> read = List.of("read", "--rows", "2", "--cols", "2", "--engine", "behavioral", "--array", array.toString());
        assertRefused(run(with(read, "--seed", "5")), "--seed 5 has no effect with --array", "drop --seed");
        assertRefused(run(with(read, "--v-read", "0.3")), "--v-read 0.3 has no effect with --array", "drop --v-read");
        assertEquals(0, run(with(read, "--seed", "5", "--i-max", "1e-5", "--read-noise", "0.01")).exitCode());
        assertEquals(0, run(with(read, "--v-read", "0.3", "--dac-bits", "7")).exitCode());
        assertEquals(0, run(with(read, "--v-read", "0.3", "--sense", "integrator", "--input-encoding", "pwm")).exitCode());
    }

    /** A read input at or above the device's threshold (1e9 V gave 3.5e18 pJ) is refused as design refuses it. */
    @Test
    void readVoltagesThatWouldProgramTheDevicesAreRefused() {
        for (String command : List.of("read", "netlist")) {
            List<String> args = new java.util.ArrayList<>(List.of(command, "--rows", "4", "--cols", "4", "--v-read", "1e9"));
            if (command.equals("netlist")) {
                args.addAll(List.of("-o", tmp.resolve("n.cir").toString()));
            }
            assertRefused(run(args.toArray(String[]::new)), "--v-read 1e9 V is not allowed with idealized",
                    "below the device's programming threshold 0.8 V");
        }
        assertFalse(Files.exists(tmp.resolve("n.cir")));
    }

    /**
     * The inputs of an --array file at or above the programming threshold of --device (default idealized, 0.8 V) are
     * refused, as --v-read is: 1e300 V gave an energy of NaN pJ and 1e30 V a netlist source of 1e30 V, exit 0. With a
     * DAC the drivers apply at most V_read, which is checked instead.
     */
    @Test
    void arrayInputsThatWouldProgramTheDevicesAreRefused() throws IOException {
        Path array = tmp.resolve("hv.json");
        ResultFiles.writeJson(array, java.util.Map.of("conductancesSiemens", Collections.nCopies(2, List.of(1e-6, 2e-6)),
                "inputsVolts", List.of(List.of(0.1, -5.0))));
        List<String> read = List.of("read", "--rows", "2", "--cols", "2", "--engine", "behavioral", "--array", array.toString());
        assertRefused(run(read.toArray(String[]::new)), array + ": inputsVolts[0][1] = -5 V is not below the programming "
                + "threshold 0.8 V of --device idealized");
        assertRefused(run("netlist", "--rows", "2", "--cols", "2", "--array", array.toString(), "-o",
                tmp.resolve("n.cir").toString()), "inputsVolts[0][1] = -5 V");
        assertFalse(Files.exists(tmp.resolve("n.cir")));
        assertEquals(0, run(with(read, "--v-read", "0.3", "--dac-bits", "7")).exitCode(), "the DAC clips to V_read");
        Path custom = tmp.resolve("high.json");
        com.fasterxml.jackson.databind.node.ObjectNode preset = (com.fasterxml.jackson.databind.node.ObjectNode)
                ResultFiles.json().readTree(Path.of("device-models/idealized.json").toFile());
        preset.put("id", "high");
        ((com.fasterxml.jackson.databind.node.ObjectNode) preset.get("spice")).put("thresholdUpVolt", 6.0)
                .put("thresholdDownVolt", 6.0).with("pulse").put("amplitudeVolt", 9.0);
        ResultFiles.writeJson(custom, preset);
        assertEquals(0, run(with(read, "--device", custom.toString())).exitCode(), "a device whose thresholds they respect");
    }

    /** An --array file is read as strictly as a preset: a repeated key and trailing text were accepted, an empty file named a field. */
    @Test
    void anArrayFileIsReadStrictly() throws IOException {
        String good = "{\"conductancesSiemens\": [[1e-6, 1e-6], [1e-6, 1e-6]], \"inputsVolts\": [[0.1, 0.1]]";
        Map<String, String> bad = Map.of("", "is empty", good + ", \"inputsVolts\": [[0.2, 0.2]]}", "the key 'inputsVolts' is given twice in one object: keep one",
                good + "} xx", "Unrecognized token 'xx'");
        for (Map.Entry<String, String> c : bad.entrySet()) {
            Path array = Files.writeString(tmp.resolve("a.json"), c.getKey());
            assertRefused(run("read", "--rows", "2", "--cols", "2", "--engine", "behavioral", "--array", array.toString()),
                    "array file " + array, c.getValue());
        }
    }

    /** A read of an earlier read's --json with other circuit flags warns, naming the flag that reads the same circuit. */
    @Test
    void anArrayFileReadWithAnotherCircuitWarns() {
        Path array = tmp.resolve("b.json");
        assertEquals(0, run("read", "--rows", "2", "--cols", "2", "--engine", "behavioral", "--vectors", "1", "--direction",
                "backward", "--wire-r", "7", "--json", array.toString()).exitCode());
        FitDeviceCommandTest.Run r = run("read", "--rows", "2", "--cols", "2", "--engine", "behavioral", "--array",
                array.toString(), "--wire-r", "7");
        assertEquals(0, r.exitCode(), r.err());
        assertEquals("warning: " + array + " was written by a read with direction backward, this read has forward: give "
                + "--direction backward to read the same circuit\n", r.err());
        assertEquals("", run("read", "--rows", "2", "--cols", "2", "--engine", "behavioral", "--array", array.toString(),
                "--wire-r", "7", "--direction", "backward").err());
    }

    /**
     * Every key a read writes is one a replay of its --json knows (an integrator, converters and both engines: the most
     * a read writes), and a key no read writes is named with the key it looks like misspelt: before, any other key was
     * ignored without a word, so a hand-edited "wireResistanceOhms" left the file's recorded wires unchecked.
     */
    @Test
    void anArrayFilesUnknownKeysAreNamed() throws IOException {
        Path array = tmp.resolve("full.json");
        List<String> setup = List.of("--sense", "integrator", "--dac-bits", "6", "--adc-bits", "8", "--i-max", "1e-5",
                "--wire-r", "2", "--periphery", "neurosim-22nm");
        assertEquals(0, run(with(List.of("read", "--rows", "3", "--cols", "2", "--vectors", "1", "--engine", "both",
                "--json", array.toString()), setup.toArray(String[]::new))).exitCode());
        String[] replay = with(List.of("read", "--array", array.toString(), "--engine", "behavioral"),
                setup.toArray(String[]::new));
        FitDeviceCommandTest.Run quiet = run(replay);
        assertEquals(0, quiet.exitCode(), quiet.err());
        assertEquals("", quiet.err(), "every key of a read's own --json is known");

        com.fasterxml.jackson.databind.node.ObjectNode doc = (com.fasterxml.jackson.databind.node.ObjectNode)
                ResultFiles.json().readTree(array.toFile());
        doc.put("wireResistanceOhms", 5.0).put("note", "hand-edited");
        ResultFiles.writeJson(array, doc);
        FitDeviceCommandTest.Run named = run(replay);
        assertEquals(0, named.exitCode(), named.err());
        assertEquals("warning: " + array + ": key wireResistanceOhms is not one a read writes and is ignored: did you mean "
                + "wireResistanceOhm?\nwarning: " + array + ": key note is not one a read writes and is ignored\n", named.err());
    }

    /**
     * An --array file's inputs beyond +-V_read, the read path's full scale, are refused where the path is on: they were
     * clipped to it without a word (0.5 V read as 0.2 V beside an ADC), and a PWM integrator's engines parted on them
     * (ngspice refused, the behavioral model read the plain product). A DAC's V_read is recorded, and a replay at another
     * warns (the codes differed, in silence).
     */
    @Test
    void anArrayFilesInputsStayWithinTheReadPathsFullScale() throws IOException {
        Path big = Files.writeString(tmp.resolve("big.json"), "{\"conductancesSiemens\": [[1e-5, 2e-6], [5e-6, 1e-5]], "
                + "\"inputsVolts\": [[0.5, 0.1], [0.3, -0.4]]}");
        List<String> read = List.of("read", "--array", big.toString(), "--engine", "behavioral");
        assertRefused(run(with(read, "--adc-bits", "10", "--i-max", "1e-5")), "inputsVolts[0][0] = 0.5 V is beyond --v-read "
                + "0.2 V, the full scale of the read path", "give --v-read 0.5 or more");
        assertRefused(run(with(read, "--sense", "integrator", "--input-encoding", "pwm")), "inputsVolts[0][0] = 0.5 V is "
                + "beyond --v-read 0.2 V");
        assertEquals(0, run(with(read, "--adc-bits", "10", "--i-max", "1e-5", "--v-read", "0.5")).exitCode());
        // netlist takes the same files (it has no converters: the check once failed on their absence)
        assertRefused(run("netlist", "--array", big.toString(), "--sense", "integrator", "--input-encoding", "pwm", "-o",
                tmp.resolve("pwm.cir").toString()), "inputsVolts[0][0] = 0.5 V is beyond --v-read 0.2 V");
        Path coded = tmp.resolve("coded.json");
        assertEquals(0, run("read", "--rows", "3", "--cols", "2", "--vectors", "4", "--v-read", "0.1", "--dac-bits", "3",
                "--engine", "behavioral", "--json", coded.toString()).exitCode());
        FitDeviceCommandTest.Run replay = run("read", "--array", coded.toString(), "--dac-bits", "3", "--engine",
                "behavioral");
        assertTrue(replay.err().contains("with readVolt 0.1, this read has 0.2: give --v-read 0.1"), replay.err());
    }

    /**
     * The read noise has a stream of its own: drawn from the seed of the array, noise sample n came from the same 64-bit
     * value as conductance n (its first samples over sigma I_max were new SplittableRandom(seed).nextGaussian()'s).
     */
    @Test
    void theReadNoiseIsNotTheArraysDraw() throws IOException {
        Path json = tmp.resolve("noise.json");
        assertEquals(0, run("read", "--rows", "4", "--cols", "4", "--vectors", "1", "--engine", "behavioral", "--seed", "1",
                "--read-noise", "0.01", "--i-max", "1e-5", "--json", json.toString()).exitCode());
        com.fasterxml.jackson.databind.JsonNode doc = org.xbarspice.report.ResultFiles.json().readTree(json.toFile());
        Path quiet = tmp.resolve("quiet.json");
        assertEquals(0, run("read", "--rows", "4", "--cols", "4", "--vectors", "1", "--engine", "behavioral", "--seed", "1",
                "--json", quiet.toString()).exitCode());
        com.fasterxml.jackson.databind.JsonNode exact = org.xbarspice.report.ResultFiles.json().readTree(quiet.toFile());
        String first = "/outputs/behavioral/currentsAmpere/0/0";
        double noise = (doc.at(first).asDouble() - exact.at(first).asDouble()) / (0.01 * 1e-5);
        // the first sample of the stream derived from the seed (label 1), to rounding of the currents' difference
        double own = new java.util.SplittableRandom(org.xbarspice.tile.Seeds.derive(1, 1)).nextGaussian();
        assertEquals(own, noise, 1e-6, "the first noise sample");
        assertTrue(Math.abs(noise - new java.util.SplittableRandom(1).nextGaussian()) > 1e-3, "the array's draw: " + noise);
    }

    /**
     * The amplifier's and the converters' settings are recorded too, and a replay with others warns (they were not
     * recorded: a file written with a 7-bit DAC, an 8-bit ADC or a 10 kohm TIA was replayed with the defaults in silence).
     */
    @Test
    void anArrayFileRecordsTheAmplifierAndTheConverters() throws IOException {
        Path tia = tmp.resolve("tia.json");
        List<String> write = List.of("read", "--rows", "2", "--cols", "2", "--engine", "behavioral", "--vectors", "1");
        List<String> tiaRead = new java.util.ArrayList<>(write);
        tiaRead.addAll(List.of("--sense", "tia", "--tia-rf", "1e4", "--tia-gain", "1e5", "--json", tia.toString()));
        assertEquals(0, run(tiaRead.toArray(String[]::new)).exitCode());
        String json = Files.readString(tia);
        assertTrue(json.contains("\"tiaGain\" : 100000.0") && json.contains("\"tiaFeedbackOhm\" : 10000.0")
                && json.contains("\"tiaLimitVolt\" : 1.5") && json.contains("\"dacBits\" : 0"), json);
        FitDeviceCommandTest.Run r = run("read", "--rows", "2", "--cols", "2", "--engine", "behavioral", "--array",
                tia.toString(), "--sense", "tia");
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.err().contains("with tiaGain 100000.0, this read has 1000000.0: give --tia-gain 100000.0 to read the "
                + "same circuit") && r.err().contains("with tiaFeedbackOhm 10000.0, this read has 5000.0: give --tia-rf "
                + "10000.0"), r.err());
        Path adc = tmp.resolve("adc.json");
        List<String> adcRead = new java.util.ArrayList<>(write);
        adcRead.addAll(List.of("--dac-bits", "7", "--adc-bits", "8", "--i-max", "2e-5", "--json", adc.toString()));
        assertEquals(0, run(adcRead.toArray(String[]::new)).exitCode());
        FitDeviceCommandTest.Run plain = run("read", "--rows", "2", "--cols", "2", "--engine", "behavioral", "--array",
                adc.toString());
        assertTrue(plain.err().contains("with dacBits 7, this read has 0: give --dac-bits 7")
                && plain.err().contains("with adcBits 8, this read has 0: give --adc-bits 8"), plain.err());
        FitDeviceCommandTest.Run same = run("read", "--rows", "2", "--cols", "2", "--engine", "behavioral", "--array",
                adc.toString(), "--dac-bits", "7", "--adc-bits", "8", "--i-max", "2e-5");
        assertEquals("", same.err());
        FitDeviceCommandTest.Run range = run("read", "--rows", "2", "--cols", "2", "--engine", "behavioral", "--array",
                adc.toString(), "--dac-bits", "7", "--adc-bits", "8", "--i-max", "1e-5");
        assertTrue(range.err().contains("with iMaxAmpere 2.0E-5, this read has 1.0E-5: give --i-max 2.0E-5"), range.err());
        // and a file written with a converter, replayed by a read that has one the file did not, names "no" flag
        FitDeviceCommandTest.Run extra = run("read", "--rows", "2", "--cols", "2", "--engine", "behavioral", "--array",
                tia.toString(), "--sense", "tia", "--tia-rf", "1e4", "--tia-gain", "1e5", "--dac-bits", "6");
        assertTrue(extra.err().contains("with dacBits 0, this read has 6: give no --dac-bits"), extra.err());
    }

    /**
     * A pulse response past its --timeout says what the run was and how to shorten it (it listed the causes of other
     * commands' runs: a large array, an integrator's reads, transient updates).
     */
    @Test
    @Tag("ngspice")
    void aPulseResponsePastItsTimeoutNamesItsPulses() {
        FitDeviceCommandTest.Run r = run("pulse-response", "--engine", "ngspice", "--pulses", "5000", "--timeout", "1");
        assertEquals(1, r.exitCode(), r.err());
        assertTrue(r.err().contains("error: ngspice did not finish the netlist within 1 s and its analysis was stopped (its "
                + "transient of 5000 pulses each way; ngspice takes about 2.4 s for 1,000 each way and 52 s for 10,000); "
                + "raise the limit with --timeout SECONDS (0 = none) if the run is meant to be that long; or run fewer "
                + "pulses (--pulses), or the behavioral model alone (--engine behavioral)"), r.err());
        assertFalse(r.err().contains("integrator"), r.err());
    }

    /** --timeout limits ngspice analyses: with an engine choice that runs none it changed nothing and was accepted. */
    @Test
    void aTimeoutWithoutNgspiceIsRefused() {
        assertRefused(run("pulse-response", "--engine", "behavioral", "--timeout", "5"), "--timeout 5 has no effect");
        assertRefused(run("read", "--rows", "2", "--cols", "2", "--engine", "behavioral", "--timeout", "5"),
                "--timeout 5 has no effect", "drop --timeout");
        assertRefused(run("update", "--rows", "2", "--cols", "2", "--engine", "behavioral", "--timeout", "5"),
                "--timeout 5 has no effect");
        assertEquals(0, run("read", "--rows", "2", "--cols", "2", "--engine", "both", "--timeout", "5").exitCode());
        // behavioral training and sweeps accepted it too
        Path out = tmp.resolve("t");
        assertRefused(run("train", "--data", "spiral", "--model", "2-4-2", "--algorithm", "sgd", "--epochs", "1", "--timeout", "5",
                "--out", out.toString()), "--timeout 5 has no effect: the behavioral engine runs no ngspice analysis");
        assertRefused(run("sweep", "--data", "spiral", "--model", "2-4-2", "--algorithm", "sgd", "--epochs", "1", "--grid",
                "learningRate=0.1,0.2", "--timeout", "5", "--out", out.toString()), "--timeout 5 has no effect: no run of the sweep "
                + "uses ngspice");
        assertFalse(Files.exists(out));
        // and so did the resumption of a behavioral run
        assertEquals(0, run("train", "--data", "spiral", "--model", "2-4-2", "--algorithm", "sgd", "--epochs", "1",
                "--train-samples", "20", "--test-samples", "10", "--out", out.toString()).exitCode());
        assertRefused(run("train", "--resume", out.toString(), "--epochs", "2", "--timeout", "5"),
                "--timeout 5 has no effect: the run resumed trains on the behavioral engine");
    }

    /**
     * update's JSON holds its seed (a result file could not be reproduced from itself), and the fast mode's energy figure
     * is named as the split it is (the largest part's error over the delivered energy, printed as "energy ... of the
     * delivered").
     */
    @Test
    void updateRecordsItsSeedAndNamesTheEnergySplit() throws IOException {
        Path json = tmp.resolve("u.json");
        String out = printed("update", "--rows", "8", "--cols", "8", "--wire-r", "5", "--driver-r", "200",
                "--engine", "behavioral", "--ir-drop-mode", "fast", "--seed", "7", "--json", json.toString());
        assertEquals(7, ResultFiles.json().readTree(json.toFile()).path("seed").asLong(-1));
        assertTrue(out.contains("; energy split within "), out);
    }

    /**
     * A ttv2 run's config.json reused with --algorithm c-ttv2, or in a sweep over the algorithm, ran ttv2's buffer (the
     * file holds every key) in silence: refused before any work, naming the keys.
     */
    @Test
    void anotherAlgorithmOnARunsFullBufferIsRefused() throws java.io.IOException {
        Path config = java.nio.file.Files.writeString(tmp.resolve("ttv2.json"), org.xbarspice.train.TrainConfig.parse(
                "{\"algorithm\": \"ttv2\", \"dataset\": \"spiral\", \"layers\": \"2-4-2\", \"epochs\": 1}", "t").toJson());
        assertRefused(run("train", "--config", config.toString(), "--algorithm", "c-ttv2", "--out",
                tmp.resolve("t").toString()), "algorithm c-ttv2 replaces the config's ttv2", "inChopProb 0.0 (c-ttv2: 0.1)");
        assertFalse(java.nio.file.Files.exists(tmp.resolve("t")));
        assertRefused(run("sweep", "--config", config.toString(), "--grid", "algorithm=ttv2,c-ttv2", "--out",
                tmp.resolve("s").toString()), "algorithm c-ttv2 replaces the config's ttv2", "momentum 0.1 (c-ttv2: 0.0)");
        assertFalse(java.nio.file.Files.exists(tmp.resolve("s")));
    }

    /**
     * A pulse of very many edges makes ngspice's transient crawl (--tp 1e-3 ran past ten minutes for 3 pulses, with no
     * bar and no word, stepped an edge at a time; now at most 1e4 edges): warned of; the presets' pulse is not, nor one of
     * 2 us at 1 ns edges (2,000 edges, warned of before, now 100 steps a pulse).
     */
    @Test
    void pulseResponseWarnsOfAPulseOfManyEdges() {
        String slow = warned("pulse-response", "--pulses", "1", "--tp", "1e-4", "--rise", "1e-12", "--engine", "ngspice");
        assertTrue(slow.contains("warning: the pulse of 0.000100 s lasts 1.00e+08 of its edges") && slow.contains("raise --rise"),
                slow);
        assertFalse(warned("pulse-response", "--pulses", "1", "--engine", "ngspice").contains("warning"));
        assertFalse(warned("pulse-response", "--pulses", "1", "--tp", "2e-6", "--engine", "ngspice").contains("warning"));
    }

    /** A relative path that is not there says where it was looked for (a README path given in another folder said "check the path"). */
    @Test
    void aMissingRelativePathSaysWhereItWasLookedFor() {
        String where = Path.of("no-such-folder/x.json").toAbsolutePath().normalize().toString();
        assertRefused(run("pulse-response", "--engine", "behavioral", "--device", "no-such-folder/x.json"),
                "(looked for " + where + "; a relative path is read from the current folder)");
        assertRefused(run("train", "--config", "no-such-folder/x.json"), "(looked for " + where);
    }

    /** Every command's --version prints the tool's version (a command's own printed nothing, exit 0). */
    @Test
    void everyCommandsVersionFlagPrintsTheVersion() {
        for (String command : List.of("read", "train", "update", "demo")) {
            FitDeviceCommandTest.Run r = run(command, "--version");
            assertEquals(0, r.exitCode(), r.err());
            assertTrue(r.out().startsWith("xbarspice "), command + ": '" + r.out() + "'");
        }
    }

    /** The periphery presets price reads: update's --periphery changed no figure, only the name in its JSON; it is gone. */
    @Test
    void updateTakesNoPeriphery() {
        FitDeviceCommandTest.Run r = run("update", "--rows", "2", "--cols", "2", "--engine", "behavioral", "--periphery",
                "neurosim-22nm");
        assertEquals(2, r.exitCode(), r.err());
        assertTrue(r.err().contains("Unknown options: '--periphery', 'neurosim-22nm'"), r.err());
    }

    /** A plot named other than .png was written as a PNG under that name (x.txt): refused before any work. */
    @Test
    void aPlotNotNamedPngIsRefused() {
        Path plot = tmp.resolve("x.txt");
        assertRefused(run("pulse-response", "--engine", "behavioral", "--plot", plot.toString()), "--plot " + plot,
                "give a file name ending in .png");
        assertRefused(run("read", "--rows", "2", "--cols", "2", "--engine", "behavioral", "--energy-plot", plot.toString()),
                "a plot is written as PNG");
        assertFalse(Files.exists(plot));
    }

    private static String[] with(List<String> base, String... more) {
        return java.util.stream.Stream.concat(base.stream(), java.util.Arrays.stream(more)).toArray(String[]::new);
    }

    /** A device preset's conductance range: the same bound, named by the file and the key. */
    @Test
    void hugePresetConductancesAreRefused() throws IOException {
        String preset = Files.readString(Path.of("device-models/idealized.json"))
                .replaceFirst("\"gMinSiemens\": [^,]*,", "\"gMinSiemens\": 1e100,")
                .replaceFirst("\"gMaxSiemens\": [0-9.e+-]*", "\"gMaxSiemens\": 1e200");
        Path file = tmp.resolve("huge.json");
        Files.writeString(file, preset);
        assertRefused(run("read", "--rows", "2", "--cols", "2", "--engine", "behavioral", "--device", file.toString()),
                "huge.json", "conductance.gMinSiemens = 1e100 S is out of range: a device conductance must be in 1e-15 .. 1 S");
    }

    /** A vanishing conductance: 1e-320 S (a denormal) was accepted before the lower bound. */
    @Test
    void vanishingConductancesAreRefused() {
        Path out = tmp.resolve("design");
        assertRefused(run("design", "--size", "4", "--g-range", "1e-320:1e-5", "--wire-r", "1", "--vectors", "2", "--out",
                out.toString()), "--g-range '1e-320:1e-5': gMinSiemens = 1e-320 S", "must be in 1e-15 .. 1 S");
    }

    /**
     * Wires 1e11 times below the driver made the IR-drop solves fail to rounding ("PCG ... did not converge", exit 1, a
     * remedy no flag offers): refused up front, in read and in train before any file is written.
     */
    @Test
    void driversFarAboveTheWiresAreRefused() {
        assertRefused(run("read", "--rows", "16", "--cols", "16", "--engine", "behavioral", "--wire-r", "1e-9", "--driver-r",
                "100"), "driver resistance 100 ohm is 1e11 times the wire segment's 1e-9 ohm", "use --wire-r 0");
        Path out = tmp.resolve("t");
        assertRefused(run("train", "--data", "spiral", "--model", "2-4-2", "--algorithm", "sgd", "--ir-drop", "--wire-r", "1e-9",
                "--driver-r", "100", "--epochs", "1", "--out", out.toString()), "is 1e11 times the wire segment's");
        assertFalse(Files.exists(out));
        // at the bound, 1e10, the solves hold (as measured up to 512 x 512 reads and 256 x 256 updates)
        assertEquals(0, run("read", "--rows", "64", "--cols", "64", "--engine", "behavioral", "--wire-r", "1e-8", "--driver-r",
                "100").exitCode());
        assertEquals(0, run("update", "--rows", "64", "--cols", "64", "--engine", "behavioral", "--wire-r", "1e-9", "--driver-r",
                "10").exitCode());
    }

    /** design's --g-range: the same bound, named by the flag. */
    @Test
    void hugeDesignConductancesAreRefused() {
        Path out = tmp.resolve("design");
        assertRefused(run("design", "--size", "4", "--g-range", "1e100:1e200", "--wire-r", "1", "--vectors", "2", "--out",
                out.toString()), "--g-range '1e100:1e200': gMinSiemens = 1e100 S is out of range: a device conductance must be in 1e-15 .. 1 S");
        assertFalse(Files.exists(out.resolve("design.csv")));
    }

    /** Every bundled preset lies within the bound. */
    @Test
    void bundledPresetsStayWithinTheConductanceBound() {
        for (String id : DevicePresets.ids()) {
            assertTrue(DevicePresets.load(id).conductance().gMaxSiemens() <= ConductanceRange.MAX_SIEMENS, id);
        }
    }

    /** --read-noise 1e308 wrote NaN and Infinity into the JSON report with exit 0. */
    @Test
    void hugeReadNoiseIsRefused() {
        Path json = tmp.resolve("rn.json");
        assertRefused(run("read", "--rows", "4", "--cols", "4", "--engine", "behavioral", "--read-noise", "1e308", "--i-max",
                "1e-5", "--vectors", "2", "--json", json.toString()), "--read-noise = 1e308", "allowed [0, 1]");
        assertFalse(Files.exists(json));
    }

    /** A fitted dwMinStd above the models' bound is stored at the bound: said on standard error and in fit.json. */
    @Test
    void aClampedNoiseIsWarnedAboutAndRecorded() throws IOException {
        Path csv = tmp.resolve("noisy.csv");
        assertEquals(0, run("fit-device", "--simulate", "idealized", "--data", csv.toString(), "--dw-min-std", "10", "--cycles",
                "2", "--pulses", "100").exitCode());
        Path out = tmp.resolve("fit");
        FitDeviceCommandTest.Run r = run("fit-device", "--data", csv.toString(), "--law", "constant-step", "--out",
                out.toString());
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.err().contains("warning: the fitted dwMinStd 23.1053 is above the largest the device models accept (10.0)")
                && r.err().contains("the preset stores 10.0 (clamped"), r.err());
        JsonNode noise = ResultFiles.json().readTree(out.resolve("fit.json").toFile()).path("dwMinStd");
        assertTrue(noise.path("clamped").asBoolean(), noise.toString());
        assertEquals(10.0, noise.path("presetValue").asDouble());
        assertTrue(noise.path("value").asDouble() > 16, noise.toString());
    }

    /** Too many piecewise nodes for the data: said so, with the largest count that fits, instead of dwMinStd = NaN. */
    @Test
    void tooManyNodesForTheDataAreNamed() throws IOException {
        Path csv = tmp.resolve("sim.csv");
        assertEquals(0, run("fit-device", "--simulate", "onen-softbounds", "--data", csv.toString(), "--cycles", "1",
                "--pulses", "49").exitCode());
        assertRefused(run("fit-device", "--data", csv.toString(), "--law", "piecewise-step", "--nodes", "100"),
                "data file '" + csv + "' has 95 increments, too few for the 200 parameters of the piecewise-step law with --nodes "
                        + "100", "give --nodes at most 47");
    }

    /** States around 3e302 overflow the fit: the message names the file, not dwMinStd = NaN. */
    @Test
    void overflowingStatesAreRefusedNamingTheFile() throws IOException {
        double w = -1.5e302;
        StringBuilder csv = new StringBuilder("pulse,polarity,weight\n0,," + w + "\n");
        int pulse = 0;
        for (int cycle = 0; cycle < 2; cycle++) {
            for (int k = 0; k < 60; k++) {
                w += (k < 30 ? 1 : -1) * 1e301 * (1 + 0.1 * ((k * 7 + cycle) % 10) / 10);
                csv.append(++pulse).append(k < 30 ? ",up," : ",down,").append(w).append('\n');
            }
        }
        Path file = tmp.resolve("huge.csv");
        Files.writeString(file, csv);
        FitDeviceCommandTest.Run r = run("fit-device", "--data", file.toString());
        // the states' span is refused before any fit now (it overflowed the fits' squares)
        assertRefused(r, "data file '" + file + "': the states span ", "give the states as weights (about -1 to 1)");
        assertFalse(r.err().contains("dwMinStd = NaN (relative) is out of range"), r.err());
    }

    /**
     * Enum flags listed their values as Java constants ({@code [IDEAL, TIA, INTEGRATOR]}, {@code QUASI_STATIC}) where
     * the help and the configs write {@code tia}, {@code quasi-static}; config ids refused another case
     * ({@code --algorithm SHD}) where enum flags took it.
     */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "read --rows 2 --cols 2 --sense amp|--sense': 'amp' is not known: use ideal, tia or integrator",
            "read --rows 2 --cols 2 --direction up|--direction': 'up' is not known: use forward or backward",
            "read --rows 2 --cols 2 --input-encoding spike|'spike' is not known: use amplitude or pwm",
            "update --engine spice|--engine': 'spice' is not known: use transient, quasi-static, behavioral or all",
            "train --ir-drop --ir-drop-mode slow|--ir-drop-mode = 'slow' is not known: use exact, fast or calibrated",
            // read offers the modes it takes (it offered calibrated, then refused it: its reads are fast)
            "read --rows 2 --cols 2 --wire-r 1 --ir-drop-mode quick|--ir-drop-mode = 'quick' is not known: use exact or fast"})
    void unknownNamesAreListedAsTheyAreWritten(String command, String named) {
        assertRefused(run(command.split(" ")), named);
    }

    @Test
    void namesAreTakenWhateverTheirCase() throws IOException {
        assertEquals(0, run("read", "--rows", "2", "--cols", "2", "--engine", "Behavioral", "--sense", "TIA", "--direction",
                "BACKWARD").exitCode());
        assertEquals(0, run("update", "--rows", "2", "--cols", "2", "--engine", "Quasi-Static", "--json",
                tmp.resolve("u.json").toString()).exitCode());
        Path out = tmp.resolve("run");
        FitDeviceCommandTest.Run r = run("train", "--data", "Spiral", "--model", "2-4-2", "--algorithm", "SHD", "--activation",
                "Tanh", "--sense", "TIA", "--ir-drop", "--wire-r", "1", "--ir-drop-mode", "Fast", "--epochs", "1",
                "--train-samples", "8", "--test-samples", "8", "--out", out.toString());
        assertEquals(0, r.exitCode(), r.err());
        JsonNode config = ResultFiles.json().readTree(out.resolve("config.json").toFile());
        assertEquals("shd", config.get("algorithm").asText());
        assertEquals("tanh", config.get("activation").asText());
        // kept as given, they were compared as written: --ir-drop-refresh was refused with --sense IDEAL
        assertEquals("tia", config.get("sense").asText());
        assertEquals("fast", config.get("irDropMode").asText());
        assertEquals(0, run("train", "--data", "spiral", "--model", "2-4-2", "--algorithm", "sgd", "--sense", "IDEAL",
                "--ir-drop", "--ir-drop-mode", "fast", "--ir-drop-refresh", "0.05", "--epochs", "1", "--train-samples", "8",
                "--test-samples", "8", "--out", tmp.resolve("refresh").toString()).exitCode());
        assertEquals("transient", TrainConfig.parse("{\"updateMode\": \"TRANSIENT\"}", "test").updateMode());
        assertEquals("spiral", config.get("dataset").asText());
    }

    /**
     * A shaped law's compact device matches it to first order in one pulse's step: at --tp 1e-6 reram-es's ngspice and
     * behavioral curves parted by 0.66 weight units at exit 0, without a word. The warning concerns the compact device,
     * so a behavioral run alone (the law itself) gets none.
     */
    @Test
    @org.junit.jupiter.api.Tag("ngspice")
    void largeStepsOfAShapedLawAreWarnedAbout() {
        String wide = warned("pulse-response", "--device", "reram-es", "--pulses", "12", "--engine", "ngspice", "--tp",
                "2e-7");
        assertTrue(wide.contains("warning: one pulse moves the device by 0.019 of its range"), wide);
        String nominal = warned("pulse-response", "--device", "reram-es", "--pulses", "12", "--engine", "ngspice");
        assertFalse(nominal.contains("warning"), nominal);
        String lawAlone = warned("pulse-response", "--device", "reram-es", "--pulses", "12", "--engine", "behavioral",
                "--tp", "2e-7");
        assertFalse(lawAlone.contains("warning"), lawAlone);
    }

    /**
     * A read's latency is printed with its parts: an integrator's printed "read window" was its t_read (100 ns), while the
     * latency took its whole window (reset and edges too, 112 ns), so the parts printed did not add up.
     */
    @Test
    void aReadsLatencyIsPrintedWithItsParts() {
        String line = printed("read", "--rows", "4", "--cols", "4", "--sense", "integrator", "--adc-bits", "8", "--dac-bits",
                "6", "--i-max", "1e-5", "--engine", "behavioral");
        assertTrue(line.contains("latency per vector 115.3 ns (periphery isaac-32nm: drive settle 0.000 ns, sense window "
                + "112.0 ns, ADC conversions 3.332 ns)"), line);
    }

    /**
     * An integrator's netlist holds its PWL points, some 90-110 characters an input against a DC table's 29: reckoned at
     * 26 for both, `netlist --rows 512 --cols 1 --vectors 6000 --sense integrator` passed the memory check at -Xmx512m
     * and died of an OutOfMemoryError.
     */
    @Test
    void anIntegratorsNetlistIsReckonedAtItsOwnSize() {
        ReadCaseOptions options = new ReadCaseOptions();
        options.vectors = 6000;
        org.xbarspice.netlist.Sense integrator = org.xbarspice.netlist.Sense.Integrator.defaults(
                org.xbarspice.netlist.InputEncoding.AMPLITUDE, 0.2);
        org.xbarspice.netlist.CrossbarCircuit integrating = new org.xbarspice.netlist.CrossbarCircuit(512, 1, 0, 0, integrator,
                org.xbarspice.netlist.Direction.FORWARD);
        String message = assertThrows(InvalidInputException.class,
                () -> options.requireMemory(integrating, 512_000_000L, true)).getMessage();
        assertTrue(message.contains("need about 1.23 GB, the JVM has 0.51 GB"), message);
        options.requireMemory(new org.xbarspice.netlist.CrossbarCircuit(512, 1, 0, 0, new org.xbarspice.netlist.Sense.Ideal(),
                org.xbarspice.netlist.Direction.FORWARD), 512_000_000L, true); // a DC table's: about 0.49 GB
    }

    /**
     * Three read messages that said less than they should: a --differential file of an odd column count was taken as
     * one pair fewer and refused for its rows' length; a fast read whose first vector is all zeros printed "error 0.00 of
     * full scale (the IR drop itself 0.00)", which reads as a pass; an integrator's fast read was refused as "not linear".
     */
    @Test
    void readMessagesSayWhatHappened() throws IOException {
        Path odd = Files.writeString(tmp.resolve("odd.json"), "{\"conductancesSiemens\": [[1e-5, 2e-6, 1e-6], [5e-6, 1e-5, "
                + "1e-6]], \"inputsVolts\": [[0.1, 0.1]]}");
        assertRefused(run("read", "--array", odd.toString(), "--engine", "behavioral", "--differential"),
                "--differential reads column pairs (G+, G-), and its conductancesSiemens rows have 3 values, an odd number");
        Path zero = Files.writeString(tmp.resolve("zero.json"), "{\"conductancesSiemens\": [[1e-5, 2e-6], [5e-6, 1e-5]], "
                + "\"inputsVolts\": [[0, 0], [0.1, -0.1]]}");
        String line = printed("read", "--array", zero.toString(), "--engine", "behavioral", "--ir-drop-mode", "fast",
                "--wire-r", "1");
        assertTrue(line.contains("the first vector drives no line, so its check against the exact solve shows nothing"),
                line);
        assertRefused(run("read", "--rows", "4", "--cols", "4", "--engine", "behavioral", "--sense", "integrator",
                "--wire-r", "1", "--ir-drop-mode", "fast"), "an integrator's drifting virtual ground is not; use exact");
    }

    /** What a command that exits 0 writes with its errors: its warnings. */
    private String warned(String... args) {
        FitDeviceCommandTest.Run r = run(args);
        assertEquals(0, r.exitCode(), r.err());
        return r.err();
    }

    /** What a command that exits 0 prints on standard output. */
    private String printed(String... args) {
        java.io.PrintStream console = System.out;
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        try {
            System.setOut(new java.io.PrintStream(out, true));
            assertEquals(0, run(args).exitCode());
        } finally {
            System.setOut(console);
        }
        return out.toString();
    }

    /**
     * One device alone has no half-selected neighbours: --vp 1.7 was refused for the V/2 scheme's bound (Vp/2 = 0.85 V
     * on half-selected devices); a Vp at the threshold still moves nothing and is refused.
     */
    @Test
    void aSingleDeviceTakesPulsesAboveTheVHalfBound() {
        assertEquals(0, run("pulse-response", "--vp", "1.7", "--pulses", "20", "--engine", "behavioral").exitCode());
        assertRefused(run("pulse-response", "--vp", "0.8", "--engine", "behavioral"),
                "Vp = 0.8 V is not above the device threshold 0.8 V");
    }

    /**
     * A pulse so large that one moves the device by a tenth of its range or more is warned of (--vp 1e6 went from bound
     * to bound in one pulse without a word), and one past 1e154 V still has a step (--vp 1e300: "dwMin = NaN").
     */
    @Test
    void aSaturatingPulseIsWarnedOf() {
        String huge = warned("pulse-response", "--vp", "1e300", "--pulses", "5", "--engine", "behavioral");
        assertTrue(huge.contains("warning: one pulse moves the device by 0.50 of its range at w = 0, so the response saturates "
                + "within a few pulses: lower --vp (onen-softbounds's own is 1.2 V) or --tp"), huge);
        assertTrue(printed("pulse-response", "--vp", "1e300", "--pulses", "5", "--engine", "behavioral")
                .contains("dw_up(0) = 1.000"));
        assertFalse(warned("pulse-response", "--pulses", "5", "--engine", "behavioral").contains("warning"));
        // toy's warnings, like the others', go with the errors (they went to standard output)
        assertTrue(warned("toy", "--steps", "1000").startsWith("warning: the first half of the run, dropped as burn-in"));
        assertFalse(printed("toy", "--steps", "1000").contains("warning"));
    }

    /**
     * The default model on a data set of another size is named as the default, with the flag and sizes that fit (the
     * message named a key, layers, and a model the user never gave).
     */
    @Test
    void theDefaultModelOnOtherDataIsNamedAsSuch() {
        assertRefused(run("train", "--data", "mnist-8x8", "--train-samples", "0"), "layers = '784-256-128-10' (the default "
                + "model): the input size 784 does not match the 64 features per sample of dataset 'mnist-8x8/train': start "
                + "layers with 64 (--model 64-256-128-10 on the command line)");
        assertRefused(run("train", "--data", "mnist-8x8", "--model", "64-16-3", "--train-samples", "0"), "--model = '64-16-3': "
                + "the output size 3 does not match the 10 classes of dataset 'mnist-8x8/train' (labels 0..9; the first label 9 "
                + "is that of training sample 0): end layers with 10 (--model 64-16-10 on the command line)");
    }

    /** An option a command no longer takes says why and what to use (picocli's "Unknown options" alone). */
    @Test
    void aRemovedOptionSaysWhyAndWhatToUse() {
        FitDeviceCommandTest.Run r = run("calibrate", "--wire-r", "5", "--driver-r", "10");
        assertEquals(2, r.exitCode(), r.err());
        assertTrue(r.err().contains("error: Unknown options: '--driver-r', '10'\ncalibrate no longer takes --driver-r: its "
                + "position model has no term for the drivers' drop"), r.err());
        assertTrue(run("calibrate", "--wire-r", "5", "--driver-r=10").err().contains("calibrate no longer takes --driver-r"));
        assertFalse(run("calibrate", "--wire-r", "5", "--drivers", "10").err().contains("no longer takes"));
    }

    /** Messages that named a derived value, a missing key as 0, the wrong key, a doubled prefix or Java's own text. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "read --rows 4 --cols 4 --wire-r 1 --solver-threads 0|--solver-threads = 0 is out of range: allowed 1..2",
            "read --rows 1 --cols 512 --differential --engine behavioral|--cols = 512 is out of range with --differential: "
                    + "each weight takes two physical columns, so --cols must be <= 256",
            "design --size 4 --max-error 0|--max-error = 0 % of full scale is out of range: allowed > 0 and <= 100 %",
            "design --size 4 --g-range abc:def|--g-range 'abc:def': 'abc' is not a number",
            "read --rows 2 --cols 2 --engine behavioral --v-read 1e400|'1e400' is out of the range of a double",
            // picocli's "'0.5' is not a long"
            "design --size 4 --spice-check 1 --timeout 0.5|--timeout': '0.5' is not a whole number",
            "read --rows 99999999999 --cols 2|'99999999999' is not a whole number of at most 2147483647 in magnitude"})
    void messagesSayWhatIsWrong(String command, String named) {
        FitDeviceCommandTest.Run r = run(command.split(" "));
        assertEquals(2, r.exitCode(), r.err());
        assertTrue(r.err().contains(named), r.err());
        assertFalse(r.err().contains("For input string") || r.err().contains("= 1024") || r.err().contains("4.9E-324")
                || r.err().contains("Infinity V"), r.err());
    }

    /** Periphery presets: a missing key is called missing, a bad ADC resolution key is named with what is expected. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "\"readWindowSecond\": [^,]*,||\"readWindowSecond\" is missing",
            "\"adcEnergyJoule\": \\{[^}]*}|\"adcEnergyJoule\": {\"x\": 1e-12}|the key \"x\" in \"adcEnergyJoule\" is not accepted: "
                    + "the keys are resolutions in bits",
            // accepted before: the latency printed as Infinity ns
            "\"readWindowSecond\": [^,]*,|\"readWindowSecond\": 1e300,|readWindowSecond = 1e300 s is out of range: allowed > 0 and <= 1000 s"})
    void peripheryPresetMessagesNameTheKey(String find, String replacement, String named) throws IOException {
        String preset = Files.readString(Path.of("device-models/periphery/isaac-32nm.json"));
        Path bad = tmp.resolve("periphery.json");
        Files.writeString(bad, preset.replaceFirst(find, replacement == null ? "" : replacement));
        FitDeviceCommandTest.Run r = run("read", "--rows", "2", "--cols", "2", "--engine", "behavioral", "--periphery",
                bad.toString());
        assertRefused(r, named);
        assertFalse(r.err().contains("0.0 s is not allowed"), r.err());
    }

    /**
     * A value or an option picocli cannot take is its message and where the usage is (the whole usage followed it, some
     * 90 lines, over which the message scrolled away).
     */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "read --engine bothh|Invalid value for option '--engine'|see: xbarspice read --help",
            "read --enginee both|Unknown options: '--enginee'|Did you mean: --engine?",
            // the names within an edit or two, a swap of neighbours one (picocli offered "train or calibrate" for
            // "raed", nothing for "--rwos")
            "raed --rows 2|Unmatched arguments from index 0: 'raed'|Did you mean: xbarspice read?",
            "read --rwos 2|Unknown options: '--rwos'|Did you mean: --rows?",
            "desing|Unmatched argument at index 0: 'desing'|Did you mean: xbarspice design?",
            "netlist --rows 2 --cols 2|Missing required option: '--out=FILE'|see: xbarspice netlist --help"})
    void aBadOptionIsItsMessageAndWhereTheUsageIs(String command, String message, String also) {
        FitDeviceCommandTest.Run r = run(command.split(" "));
        assertEquals(2, r.exitCode(), r.err());
        assertTrue(r.err().startsWith("error: " + message) && r.err().contains(also)
                && r.err().contains("see: xbarspice "), r.err());
        assertTrue(r.err().lines().count() <= 3, r.err()); // measured 2 or 3 (message, suggestions, see); the usage was ~90
    }

    /**
     * TIA values beyond those the engines agree on are refused: a 1e-15 ohm feedback read 1000x apart from ngspice, 1e30
     * ohm with the sign reversed (exit 0 both), 1e20 ohm an internal solver failure; a 1e-300 V rail was accepted.
     */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "--tia-rf|1e-15|TIA feedback resistance (--tia-rf) = 1e-15 ohm is out of range",
            "--tia-rf|1e20|TIA feedback resistance (--tia-rf) = 1e20 ohm is out of range",
            "--tia-limit|1e-300|TIA output limit (--tia-limit) = 1e-300 V is out of range"})
    void tiaValuesTheEnginesDoNotAgreeOnAreRefused(String flag, String value, String message) {
        assertRefused(run("read", "--rows", "2", "--cols", "2", "--engine", "behavioral", "--sense", "tia", flag, value),
                message);
    }

    /** An empty periphery file, or one that holds null, is refused as bad input (it was an internal error, exit 1). */
    @ParameterizedTest
    @ValueSource(strings = {"", "   ", "null", "[1, 2]"})
    void aPeripheryFileThatIsNoPresetIsRefused(String text) throws IOException {
        Path bad = tmp.resolve("periphery.json");
        Files.writeString(bad, text);
        FitDeviceCommandTest.Run r = run("read", "--rows", "2", "--cols", "2", "--engine", "behavioral", "--periphery",
                bad.toString());
        assertRefused(r, "is not a preset: give a JSON object");
    }

    /**
     * A read names its periphery preset as given: an edited copy of a bundled preset that keeps its id is named by its
     * file (it was named by the bundled id, whose figures it no longer holds).
     */
    @Test
    void aReadNamesAPeripheryFileByItsPath() throws IOException {
        String preset = Files.readString(Path.of("device-models/periphery/isaac-32nm.json"));
        Path copy = tmp.resolve("edited.json");
        Files.writeString(copy, preset.replaceFirst("\"readWindowSecond\": [^,]*,", "\"readWindowSecond\": 2e-7,"));
        Path json = tmp.resolve("read.json");
        FitDeviceCommandTest.Run r = run("read", "--rows", "2", "--cols", "2", "--engine", "behavioral", "--periphery",
                copy.toString(), "--json", json.toString());
        assertEquals(0, r.exitCode(), r.err());
        assertEquals(copy.toString(), org.xbarspice.report.ResultFiles.json().readTree(json.toFile()).get("periphery")
                .asText());
    }

    /**
     * read and netlist take the size of an --array file where --rows and --cols are not given (they were required, so
     * the README's example failed on them); without a file, the missing flag is named.
     */
    @Test
    void anArrayFileGivesItsSize() throws IOException {
        Path array = tmp.resolve("a.json");
        assertEquals(0, run("read", "--rows", "5", "--cols", "3", "--differential", "--engine", "behavioral", "--json",
                array.toString()).exitCode());
        Path again = tmp.resolve("b.json");
        FitDeviceCommandTest.Run replay = run("read", "--differential", "--engine", "behavioral", "--array", array.toString(),
                "--json", again.toString());
        assertEquals(0, replay.exitCode(), replay.err());
        assertEquals(Files.readString(array).replaceAll("\\s", "").split("\"inputsVolts\"")[0],
                Files.readString(again).replaceAll("\\s", "").split("\"inputsVolts\"")[0], "the same 5 x 6 conductances");
        assertEquals(0, run("netlist", "--array", array.toString(), "--differential", "-o", tmp.resolve("a.cir").toString())
                .exitCode());
        assertRefused(run("read", "--rows", "5", "--engine", "behavioral"), "--cols is missing: give the array's size");
    }

    /**
     * A netlist whose analysis solves no node (a subcircuit alone, an operating point of nothing) makes a plot without
     * vectors: listed as such, written as an empty set of vectors, and the next netlist still runs (reading the raw file
     * divided by its zero values a row: "internal error: java.lang.ArithmeticException", exit 1, and the netlists after
     * it never ran).
     */
    @Test
    void aPlotWithoutVectorsIsListedAndWritten() throws IOException {
        Path empty = Files.writeString(tmp.resolve("sub.cir"), "* subckt only\n.subckt inv a y\nR1 a y 1k\n.ends\n.op\n.end\n");
        FitDeviceCommandTest.Run listed = run("spice", empty.toString());
        assertEquals(0, listed.exitCode(), listed.err());
        assertTrue(listed.out().contains("has 1 point and no vectors"), listed.out());
        Path rc = Files.writeString(tmp.resolve("rc.cir"), "* rc\nV1 a 0 1\nR1 a b 1k\nR2 b 0 1k\n.op\n.end\n");
        FitDeviceCommandTest.Run both = run("spice", empty.toString(), rc.toString(), "--json", tmp.resolve("o-{name}.json").toString());
        assertEquals(0, both.exitCode(), both.err());
        assertTrue(both.err().contains("note: sub.cir: plot op1 has no vectors (its analysis solved no node), so --json "
                + "holds none"), both.err());
        JsonNode none = new com.fasterxml.jackson.databind.ObjectMapper().readTree(tmp.resolve("o-sub.json").toFile());
        assertTrue(none.isObject() && none.isEmpty(), none.toString());
        assertTrue(Files.exists(tmp.resolve("o-rc.json")), "the second netlist ran");
    }

    /** An --array file of another size than --rows and --cols give says how to read it (it named neither flag nor fix). */
    @Test
    void anArrayFileOfAnotherSizeSaysHowToReadIt() throws IOException {
        Path array = tmp.resolve("a.json");
        ResultFiles.writeJson(array, java.util.Map.of("conductancesSiemens", Collections.nCopies(2, List.of(1e-6, 2e-6)),
                "inputsVolts", List.of(List.of(0.1, 0.1))));
        for (List<String> size : List.of(List.of("--rows", "3", "--cols", "2"), List.of("--rows", "2", "--cols", "3"))) {
            List<String> args = new ArrayList<>(List.of("read", "--array", array.toString(), "--engine", "behavioral"));
            args.addAll(size);
            assertRefused(run(args.toArray(String[]::new)), array + ": conductancesSiemens ",
                    ": read the file on a circuit of its own size (the read command takes it from the file when no --rows or "
                            + "--cols is given)");
        }
        assertEquals(0, run("read", "--array", array.toString(), "--engine", "behavioral").exitCode());
    }

    /** The top-level help names the launcher's own commands, test and bench (it listed the Java commands alone). */
    @Test
    void theHelpNamesTheLaunchersCommands() {
        String usage = Main.commandLine().getUsageMessage();
        assertTrue(usage.contains("\n  test ") && usage.contains("\n  bench [ARGS] "), usage);
    }

    /**
     * Every command's help renders without a warning: picocli takes a description as a format string, and train's and
     * sweep's --ir-drop-refresh said "10 % of", which it could not format ("[picocli WARN] Could not format ...", three
     * times on each help, and the description left raw).
     */
    @Test
    void everyCommandsHelpRendersWithoutAWarning() {
        java.io.PrintStream err = System.err;
        ByteArrayOutputStream warnings = new ByteArrayOutputStream();
        List<String> commands = new ArrayList<>();
        try {
            System.setErr(new java.io.PrintStream(warnings, true, java.nio.charset.StandardCharsets.UTF_8));
            picocli.CommandLine cli = Main.commandLine();
            cli.getUsageMessage();
            cli.getSubcommands().forEach((name, command) -> {
                command.getUsageMessage();
                commands.add(name);
            });
        } finally {
            System.setErr(err);
        }
        assertTrue(commands.containsAll(List.of("train", "sweep", "read", "update", "calibrate", "demo")), commands.toString());
        assertEquals("", warnings.toString(java.nio.charset.StandardCharsets.UTF_8));
    }

    /**
     * An --array file whose input vectors have another length than the circuit's driven lines is refused naming the file,
     * the vector and the remedy (it said "input vector 0 has 3 values, the circuit has 2 driven lines", no file, no fix:
     * a backward read's file replayed forward).
     */
    @Test
    void anArrayFilesInputsOfAnotherLengthNameTheFileAndTheDirection() throws IOException {
        Path backward = tmp.resolve("backward.json");
        assertEquals(0, run("read", "--rows", "2", "--cols", "3", "--direction", "backward", "--engine", "behavioral",
                "--vectors", "1", "--json", backward.toString()).exitCode());
        assertRefused(run("netlist", "--array", backward.toString(), "-o", tmp.resolve("f.cir").toString()),
                backward + ": inputsVolts[0] has 3 values, the forward read drives 2 lines (its rows)",
                "--direction backward");
    }

    /**
     * {@code ./xbarspice bench --help} prints the launcher's usage of bench, before any build (it went to JMH, which
     * printed "Error parsing command line: help is not a recognized option" after a Maven build, exit 1).
     */
    @Test
    void benchHelpIsTheLaunchersOwn() throws IOException, InterruptedException {
        Process p = new ProcessBuilder("bash", "xbarspice", "bench", "--help").redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), out);
        assertTrue(out.startsWith("Usage: ./xbarspice bench [JMH ARGS]") && out.contains("bench -l")
                && !out.contains("not a recognized option"), out);
    }

    /** A device preset's bad threshold is named spice.thresholdUpVolt, not spice.spice.thresholdUpVolt. */
    @Test
    void presetThresholdPathIsNotDoubled() throws IOException {
        String preset = Files.readString(Path.of("device-models/onen-softbounds.json"));
        Path bad = tmp.resolve("threshold.json");
        Files.writeString(bad, preset.replaceFirst("\"thresholdUpVolt\": [0-9.e+-]*", "\"thresholdUpVolt\": -5"));
        FitDeviceCommandTest.Run r = run("read", "--rows", "2", "--cols", "2", "--engine", "behavioral", "--device",
                bad.toString());
        assertRefused(r, "spice.thresholdUpVolt = -5 V");
        assertFalse(r.err().contains("spice.spice."), r.err());
    }

    /** A truncated sweep.json: where the JSON ends, without Jackson's source description. */
    @Test
    void truncatedSweepReportIsNamedWithoutJacksonsSource() throws IOException {
        List<String> dirs = new ArrayList<>();
        for (String name : List.of("sw1", "swbad")) {
            Path dir = Files.createDirectories(tmp.resolve(name));
            Files.writeString(dir.resolve("sweep.json"), "{\"combinations\": [ {\"values\": {\"lr\": 0.1}");
            dirs.add(dir.toString());
        }
        FitDeviceCommandTest.Run r = run("sweep", "--compare", dirs.get(0), dirs.get(1), "--out", tmp.resolve("cmp").toString());
        assertRefused(r, "sweep report '" + Path.of(dirs.get(0), "sweep.json") + "' is not valid JSON", "line 1");
        assertFalse(r.err().contains("Source") || r.err().contains("REDACTED"), r.err());
    }

    /** A damaged checkpoint inside a run's checkpoint file: the message names the file. */
    @Test
    void damagedCheckpointNamesTheFile() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(1);
            out.writeInt(40);
            out.write(new byte[40]);
        }
        Path file = tmp.resolve("checkpoint.bin");
        Files.write(file, bytes.toByteArray());
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> TrainingRun.readCheckpoints(file));
        assertTrue(e.getMessage().startsWith(file + ": checkpoint is damaged"), e.getMessage());
    }

    /** Layer sizes are stored as parsed: "2-8-2 " (a trailing space) is the config 2-8-2. */
    @Test
    void layerSizesAreStoredWithoutSpaces() {
        assertEquals("2-8-2", TrainConfig.parse("{\"dataset\": \"spiral\", \"layers\": \"2-8-2 \"}", "test").layers());
        assertEquals("2-8-2", TrainConfig.parse("{\"dataset\": \"spiral\", \"layers\": \" 2 - 8-2\"}", "test").layers());
    }
}
