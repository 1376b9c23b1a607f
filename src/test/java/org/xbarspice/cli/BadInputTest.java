package org.xbarspice.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.xbarspice.device.DevicePresets;
import picocli.CommandLine;

/** Bad input: exit code 2, a message naming the bad value, and no output file. */
class BadInputTest {
    @TempDir
    Path tmp;

    record Run(int exitCode, String err) {
    }

    static Run run(List<String> args) {
        StringWriter err = new StringWriter();
        CommandLine cli = Main.commandLine();
        cli.setErr(new PrintWriter(err, true));
        int code = cli.execute(args.toArray(String[]::new));
        return new Run(code, err.toString());
    }

    static Stream<Arguments> badReads() {
        return Stream.of(
                Arguments.of(List.of("--rows", "0", "--cols", "4"), "rows = 0"),
                Arguments.of(List.of("--rows", "4", "--cols", "513"), "cols = 513"),
                Arguments.of(List.of("--rows", "4", "--cols", "4", "--wire-r", "-1"), "wire resistance = -1 ohm"),
                Arguments.of(List.of("--rows", "4", "--cols", "4", "--wire-r", "NaN"), "wire resistance = NaN"),
                Arguments.of(List.of("--rows", "4", "--cols", "4", "--driver-r", "-5"), "driver resistance = -5 ohm"),
                Arguments.of(List.of("--rows", "4", "--cols", "4", "--device", "no-such-device"), "no-such-device"),
                Arguments.of(List.of("--rows", "4", "--cols", "4", "--vectors", "0"), "vectors = 0"),
                Arguments.of(List.of("--rows", "4", "--cols", "4", "--sense", "magic"), "magic"));
    }

    @ParameterizedTest
    @MethodSource("badReads")
    void badReadFlagsExitTwoNamingTheValueAndWriteNothing(List<String> flags, String named) {
        Path json = tmp.resolve("out.json");
        List<String> args = new ArrayList<>(List.of("read", "--engine", "behavioral", "--json", json.toString()));
        args.addAll(flags);
        Run r = run(args);
        assertEquals(2, r.exitCode(), r.err());
        assertTrue(r.err().contains(named), "message should name '" + named + "': " + r.err());
        assertFalse(Files.exists(json), "no output file may be written");
    }

    static Stream<Arguments> badUpdates() {
        return Stream.of(
                Arguments.of(List.of("--vp", "0.7"), "Vp = 0.7"),
                Arguments.of(List.of("--vp", "1.7"), "Vp = 1.7"),
                Arguments.of(List.of("--bl", "0"), "--bl = 0"), // each names its flag (they said "BL (pulse slots)" and
                Arguments.of(List.of("--bl", "65"), "--bl = 65"), // "learning rate")
                Arguments.of(List.of("--tp", "0"), "pulse width tp (--tp, preset spice.pulse.widthSecond) = 0 s"),
                Arguments.of(List.of("--tp", "-1e-9"), "pulse width tp (--tp, preset spice.pulse.widthSecond) = -1e-9 s"),
                Arguments.of(List.of("--rise", "-1e-9"), "rise/fall time (--rise, preset spice.pulse.edgeSecond) = -1e-9 s"),
                Arguments.of(List.of("--lr", "0"), "--lr = 0 is not allowed"),
                Arguments.of(List.of("--lr", "-0.1"), "--lr = -0.1"),
                Arguments.of(List.of("--slot", "1e-9"), "slot period (--slot) 1e-9"),
                // the transient stepped through a slot as finely as through its pulse: 1e6 s ran for ever, exit 0
                Arguments.of(List.of("--slot", "1e6"), "slot period (--slot) 1e6 s is longer than 100 pulses"),
                Arguments.of(List.of("--slot", "1.21e-6"), "use --slot <= 1.2e-6 s"),
                // 1 + 1 + 1 ns summed to 3.0000000000000004e-9 s, quoted so
                Arguments.of(List.of("--tp", "1e-9", "--rise", "1e-9", "--slot", "1"), "use --slot <= 3e-7 s"));
    }

    @ParameterizedTest
    @MethodSource("badUpdates")
    void badUpdateFlagsExitTwoNamingTheValueAndWriteNothing(List<String> flags, String named) {
        Path json = tmp.resolve("update.json");
        List<String> args = new ArrayList<>(List.of("update", "--rows", "2", "--cols", "2", "--engine", "behavioral",
                "--json", json.toString()));
        args.addAll(flags);
        Run r = run(args);
        assertEquals(2, r.exitCode(), r.err());
        assertTrue(r.err().contains(named), "message should name '" + named + "': " + r.err());
        assertFalse(Files.exists(json), "no output file may be written");
    }

    @Test
    void malformedPresetExitsTwoNamingTheFile() throws IOException {
        Path preset = tmp.resolve("broken.json");
        Files.writeString(preset, "{ \"id\": \"x\", \"model\": { \"type\": ");
        Path json = tmp.resolve("out.json");
        Run r = run(List.of("read", "--rows", "2", "--cols", "2", "--engine", "behavioral", "--device", preset.toString(),
                "--json", json.toString()));
        assertEquals(2, r.exitCode(), r.err());
        assertTrue(r.err().contains("broken.json"), r.err());
        assertFalse(Files.exists(json));
    }

    @Test
    @Tag("ngspice")
    void netlistNgspiceRejectsExitsTwoQuotingNgspice() throws IOException {
        Path netlist = tmp.resolve("bad.cir");
        Files.writeString(netlist, "* bad\nR1 a 0 1k\nQnpn a b\n.op\n.end\n");
        Path json = tmp.resolve("out.json");
        Run r = run(List.of("spice", netlist.toString(), "--vectors", "a", "--json", json.toString()));
        assertEquals(2, r.exitCode(), r.err());
        assertTrue(r.err().contains("ngspice rejected the netlist"), r.err());
        assertTrue(r.err().toLowerCase().contains("qnpn"), "the message should quote the bad line: " + r.err());
        assertFalse(Files.exists(json));
    }

    /** An empty path would write into the working folder: refused before any work, whatever the command. */
    @Test
    void emptyPathsAreRefused() {
        Run train = run(List.of("train", "--data", "spiral", "--model", "2-4-2", "--epochs", "1", "--train-samples", "16",
                "--test-samples", "8", "--algorithm", "sgd", "--out", ""));
        assertEquals(2, train.exitCode(), train.err());
        assertTrue(train.err().contains("an empty path is not allowed"), train.err());
        Run netlist = run(List.of("netlist", "--rows", "2", "--cols", "2", "-o", ""));
        assertEquals(2, netlist.exitCode(), netlist.err());
        assertTrue(netlist.err().contains("an empty path is not allowed"), netlist.err());
    }

    /**
     * Flags that would change nothing in the run they are given to are refused, naming the flag, its value and why: the
     * IR-drop mode's without --ir-drop (as --wire-r without it), the ngspice engine's with the behavioral engine.
     */
    @ParameterizedTest
    @CsvSource({"--ir-drop-mode, fast, without --ir-drop", "--ir-drop-refresh, 0.01, without --ir-drop",
            "--ir-drop-check-every, 100, without --ir-drop", "--ir-drop-in, reads, without --ir-drop",
            "--update-mode, transient, behavioral engine", "--checkpoint-every, 5, behavioral engine"})
    void flagsWithoutEffectAreRefused(String flag, String value, String why) {
        Path out = tmp.resolve("never");
        Run r = run(List.of("train", "--data", "spiral", "--model", "2-4-2", "--epochs", "1", "--out", out.toString(), flag,
                value));
        assertEquals(2, r.exitCode(), r.err());
        assertTrue(r.err().contains(flag + " " + value) && r.err().contains(why), r.err());
        assertFalse(Files.exists(out));
    }

    /**
     * The wires' scope (--ir-drop-in) and what it leaves idle: the scope without wires (the drivers are in both
     * operations whatever it says), the fast reads' refresh bound when the reads have no wires, the calibrated mode (an
     * update model) when the updates have none.
     */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "--ir-drop-in reads --wire-r 0 --driver-r 100|--ir-drop-in reads|with wire resistance 0",
        "--ir-drop-in updates --ir-drop-mode fast --ir-drop-refresh 0.01|--ir-drop-refresh 0.01|with --ir-drop-in updates",
        "--ir-drop-in reads --ir-drop-mode calibrated --device CALIBRATED|--ir-drop-mode calibrated|with --ir-drop-in reads"})
    void theWiresScopeRefusesWhatItLeavesIdle(String flags, String flag, String why) throws IOException {
        // a preset with a position model, as calibrate writes one (the calibrated mode needs it)
        ObjectMapper json = new ObjectMapper();
        ObjectNode preset = (ObjectNode) json.readTree(DevicePresets.contents("onen-softbounds"));
        preset.set("position", json.readTree("{\"c1\": 0.0185, \"c2\": -0.0081, \"rows\": 16, \"cols\": 16, "
                + "\"wireOhm\": 20, \"upGain\": 1, \"downGain\": 1}"));
        Path calibrated = tmp.resolve("calibrated.json");
        Files.writeString(calibrated, preset.toString());
        Path out = tmp.resolve("never");
        List<String> args = new ArrayList<>(List.of("train", "--data", "spiral", "--model", "2-4-2", "--epochs",
                "1", "--algorithm", "sgd", "--ir-drop", "--out", out.toString()));
        for (String arg : flags.split(" ")) {
            args.add(arg.equals("CALIBRATED") ? calibrated.toString() : arg);
        }
        Run r = run(args);
        assertEquals(2, r.exitCode(), r.err());
        assertTrue(r.err().contains(flag + " has no effect " + why), r.err());
        assertFalse(Files.exists(out));
    }

    /**
     * Reference arrays at weight 0 read what the reference column does unless wires drop a read's voltage along the
     * rows: refused without --ir-drop, with wires of 0 ohm (drivers alone) and with the wires in the updates alone.
     */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"--algorithm sgd", "--algorithm shd --ir-drop --wire-r 0 --driver-r 100",
        "--algorithm sgd --ir-drop --ir-drop-in updates"})
    void referenceArraysWithoutWiresInTheReadsAreRefused(String flags) {
        Path out = tmp.resolve("never");
        List<String> args = new ArrayList<>(List.of("train", "--data", "spiral", "--model", "2-4-2", "--epochs", "1",
                "--reference-arrays", "--out", out.toString()));
        args.addAll(List.of(flags.split(" ")));
        Run r = run(args);
        assertEquals(2, r.exitCode(), r.err());
        assertTrue(r.err().contains("--reference-arrays has no effect without wires in the reads"), r.err());
        assertFalse(Files.exists(out));
    }

    /**
     * update: an IR-drop mode given without wire or driver resistance, or without the behavioral engine; exact too, the
     * default, which was taken in silence where the others were refused.
     */
    @ParameterizedTest
    @CsvSource({"fast, 0, behavioral, without wire or driver resistance", "calibrated, 0, all, without wire or driver resistance",
            "fast, 1, transient, with the transient engine", "exact, 0, behavioral, without wire or driver resistance",
            "exact, 1, quasi-static, with the quasi-static engine"})
    void updateModesWithoutEffectAreRefused(String mode, String wireOhm, String engine, String why) {
        Run r = run(List.of("update", "--rows", "4", "--cols", "4", "--ir-drop-mode", mode, "--wire-r", wireOhm, "--engine",
                engine));
        assertEquals(2, r.exitCode(), r.err());
        assertTrue(r.err().contains("--ir-drop-mode " + mode) && r.err().contains(why), r.err());
    }

    /**
     * A --config file is read as strictly as every run config: text after the object, a second object or a key twice is
     * refused, where in the file and why said without Jackson's own names (a second object was "Trailing token (of type
     * START_OBJECT) found after value (bound as `com.fasterxml.jackson.databind.JsonNode`): not allowed as per
     * `DeserializationFeature.FAIL_ON_TRAILING_TOKENS`", with no line).
     */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"{\"dataset\": \"spiral\"} xx|line 1, column 23: Unrecognized token 'xx'",
            "{\"dataset\": \"spiral\", \"dataset\": \"mnist\"}|line 1, column 32: the key 'dataset' is given twice in one object: keep one",
            "{\"epochs\": 1} {\"epochs\": 2}|line 1, column 15: a second JSON value after the end of the first: fix"})
    void configFilesAreReadStrictly(String text, String why) throws IOException {
        Path config = tmp.resolve("config.json");
        Files.writeString(config, text);
        Run r = run(List.of("train", "--config", config.toString(), "--out", tmp.resolve("never").toString()));
        assertEquals(2, r.exitCode(), r.err());
        assertTrue(r.err().contains("malformed JSON") && r.err().contains(config.toString()) && r.err().contains(why)
                && !r.err().contains("jackson") && !r.err().contains("Jackson"), r.err());
        assertFalse(Files.exists(tmp.resolve("never")));
    }

    /**
     * A --config file's bad value is refused also where a flag overrides it (it trained with exit 0), judged beside the
     * file's algorithm: gamma 0.5 of a tiki-taka file is not what is wrong with it, its batch size is. A value good
     * beside the run's algorithm, where the file names none, passes, and so does a preset path of another machine that
     * the flag replaces. The refusal names the file's key, not the flag that overrides it.
     */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "{\"epochs\": \"five\"}|--epochs 1|: epochs = \"five\" is not accepted",
        "{\"epochs\": -1}|--epochs 1|the file's key epochs, which a command-line flag overrides",
        "{\"learningRate\": -1}|--lr 0.05|: learningRate = -1 is not allowed", // the file's value, named as --lr before
        "{\"transferBuffer\": {\"momentum\": 1.5}}|--momentum 0.5 --algorithm ttv2|momentum = 1.5",
        "{\"algorithm\": \"ttv2\", \"transferBuffer\": 5}|--buffer-granularity 0.5|the file's key transferBuffer,",
        "{\"algorithm\": \"tiki-taka\", \"gamma\": 0.5, \"batchSize\": 0}|--algorithm shd --gamma 0 --batch 10|the file's "
                + "key batchSize,",
        "{\"algorithm\": \"nope\", \"epochs\": 3}|--algorithm sgd --epochs 1|the file's key algorithm,",
        "{\"gamma\": 0.1}|--algorithm tiki-taka --gamma 0.2|",
        "{\"algorithm\": \"sgd\", \"device\": \"/nowhere/device.json\"}|--device onen-softbounds|"})
    void badConfigValuesAreRefusedThoughAFlagOverridesThem(String text, String flags, String named) throws IOException {
        Path config = tmp.resolve("config.json");
        Files.writeString(config, text);
        Path out = tmp.resolve("out");
        List<String> args = new ArrayList<>(List.of("train", "--config", config.toString(), "--data", "spiral", "--model",
                "2-4-2", "--train-samples", "10", "--test-samples", "10", "--out", out.toString()));
        args.addAll(List.of(flags.split(" ")));
        Run r = run(args);
        if (named == null) {
            assertEquals(0, r.exitCode(), r.err());
            return;
        }
        assertEquals(2, r.exitCode(), r.err());
        assertTrue(r.err().contains(named) && r.err().contains(config.toString()), r.err());
        assertFalse(Files.exists(out));
    }

    /** A second run into the folder would overwrite its results: refused, the folder left as it was. */
    @Test
    void aFolderHoldingARunIsRefused() throws IOException {
        Path out = tmp.resolve("run");
        List<String> args = List.of("train", "--data", "spiral", "--model", "2-4-2", "--epochs", "1", "--train-samples", "16",
                "--test-samples", "8", "--algorithm", "sgd", "--out", out.toString());
        assertEquals(0, run(args).exitCode());
        String metrics = Files.readString(out.resolve("metrics.csv"));
        Run again = run(args);
        assertEquals(2, again.exitCode(), again.err());
        assertTrue(again.err().contains("holds a training run already") && again.err().contains("--resume " + out),
                again.err());
        assertEquals(metrics, Files.readString(out.resolve("metrics.csv")));
    }

    /**
     * An fp run whose updates overshoot is warned of as an analog run's saturated updates are, on the console and in
     * summary.json (lr 1e300 froze the network at chance after three steps, without a word).
     */
    @Test
    void anFpRunWithAnOvershootingLearningRateWarns() throws IOException {
        Path out = tmp.resolve("overshoot");
        Run r = run(List.of("train", "--data", "spiral", "--model", "2-8-2", "--epochs", "1", "--train-samples", "200",
                "--test-samples", "32", "--algorithm", "fp", "--lr", "1e300", "--out", out.toString()));
        assertEquals(0, r.exitCode(), r.err());
        String summary = Files.readString(out.resolve("summary.json"));
        assertTrue(summary.contains("layer 2: ") && summary.contains("stepped a weight by more than 10") && summary.contains(
                "lower --lr"), summary);
    }

    /** A loss that turned NaN stops the run with the step and the learning rate, exit 1, instead of NaN results. */
    @Test
    void aDivergingRunStopsNamingTheLearningRate() {
        Path out = tmp.resolve("diverged");
        Run r = run(List.of("train", "--data", "spiral", "--model", "2-8-2", "--epochs", "2", "--train-samples", "64",
                "--test-samples", "32", "--algorithm", "fp", "--lr", "1e308", "--out", out.toString()));
        assertEquals(1, r.exitCode(), r.err());
        assertTrue(r.err().contains("training diverged") && r.err().contains("lower the learning rate (now 1e308)"),
                r.err());
    }

    /**
     * A periphery preset with an unknown key, a value of the wrong kind, a null number or a resolution no ADC has is
     * named by its key, not by Java's classes: the bundled preset with {@code find} replaced by {@code replacement}
     * (before, a null number read as 0 and a null ADC energy failed with Java's NullPointerException text).
     */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"\\{|{\"foo\": 1,|unknown key \"foo\"|org.xbarspice",
            "\"adcEnergyJoule\": \\{|\"adcEnergyJoule\": {\"x\": 1, |\"adcEnergyJoule\"|java.",
            "\"dacEnergyPerBitJoule\": 3.9e-13|\"dacEnergyPerBitJoule\": null|\"dacEnergyPerBitJoule\" is null|java.",
            "\"adcEnergyJoule\": \\{|\"adcEnergyJoule\": {\"3\": null, |adcEnergyJoule.3 is null|java.",
            "\"adcEnergyJoule\": \\{|\"adcEnergyJoule\": {\"0\": 1e-12, |adcEnergyJoule.0: 0 bits is no ADC "
                    + "resolution|java.",
            // the value and what it should be (it said only "is not accepted")
            "\"dacEnergyPerBitJoule\": 3.9e-13|\"dacEnergyPerBitJoule\": \"3.9e-13\"|the value of \"dacEnergyPerBitJoule\", "
                    + "\"3.9e-13\", is not accepted: expected a JSON number|java.",
            "\"columnsPerAdc\": 128|\"columnsPerAdc\": 1.5|the value of \"columnsPerAdc\", 1.5, is not accepted: expected a "
                    + "whole JSON number|java."})
    void badPeripheryPresetsNameTheKey(String find, String replacement, String named, String unnamed) throws IOException {
        String preset = Files.readString(Path.of("device-models/periphery/isaac-32nm.json"));
        Path bad = tmp.resolve("bad.json");
        Files.writeString(bad, preset.replaceFirst(find, replacement));
        Run r = run(List.of("read", "--rows", "4", "--cols", "4", "--engine", "behavioral", "--periphery", bad.toString()));
        assertEquals(2, r.exitCode(), r.err());
        assertTrue(r.err().contains(named) && !r.err().contains(unnamed), r.err());
    }

    /**
     * A path that names nothing usable says what it is: a periphery preset given as a folder, a resumed folder that does
     * not exist, an empty netlist (they said "neither a bundled preset nor a preset JSON file", "no config.json there",
     * "has no .end line").
     */
    @Test
    void pathsSayWhatTheyAre() throws IOException {
        Path folder = Files.createDirectories(tmp.resolve("presets"));
        Run periphery = run(List.of("read", "--rows", "4", "--cols", "4", "--engine", "behavioral", "--periphery",
                folder.toString()));
        assertTrue(periphery.exitCode() == 2 && periphery.err().contains("--periphery " + folder + " is a folder"), periphery.err());
        Run blank = run(List.of("read", "--rows", "4", "--cols", "4", "--engine", "behavioral", "--periphery="));
        assertTrue(blank.exitCode() == 2 && blank.err().contains("--periphery is empty: give a bundled periphery preset"),
                blank.err()); // an empty value was called a folder (the working folder)
        Run resume = run(List.of("train", "--resume", tmp.resolve("nosuchrun").toString()));
        assertTrue(resume.exitCode() == 2 && resume.err().contains("nosuchrun does not exist"), resume.err());
        Path empty = Files.writeString(tmp.resolve("empty.cir"), "");
        Run spice = run(List.of("spice", empty.toString()));
        assertTrue(spice.exitCode() == 2 && spice.err().contains("empty.cir is empty: give a netlist"), spice.err());
    }

    /** read and netlist: an amplifier's flags with a sense without it, --solver-threads without the behavioral engine. */
    @ParameterizedTest
    @CsvSource({"ideal, behavioral, --tia-rf, 1000, with --sense ideal", "ideal, behavioral, --input-encoding, pwm, with --sense ideal",
            "ideal, behavioral, --tia-gain, 1e5, with --sense ideal", "tia, behavioral, --int-c, 1e-12, with --sense tia",
            "tia, behavioral, --t-read, 1e-7, with --sense tia", "integrator, behavioral, --tia-limit, 1, with --sense integrator",
            "ideal, ngspice, --solver-threads, 2, with --engine ngspice"})
    void readFlagsWithoutEffectAreRefused(String sense, String engine, String flag, String value, String why) {
        Path json = tmp.resolve("out.json");
        Run r = run(List.of("read", "--rows", "2", "--cols", "2", "--sense", sense, "--engine", engine, flag, value, "--json",
                json.toString()));
        assertEquals(2, r.exitCode(), r.err());
        assertTrue(r.err().contains(flag + " " + value + " has no effect " + why), r.err());
        assertFalse(Files.exists(json));
    }

    /** --array brings its own conductances and inputs: --vectors would change nothing. */
    @ParameterizedTest
    @CsvSource({"--vectors, 7"})
    void arrayFileRefusesTheDrawFlags(String flag, String value) {
        Path array = tmp.resolve("array.json");
        assertEquals(0, run(List.of("read", "--rows", "2", "--cols", "2", "--engine", "behavioral", "--vectors", "1", "--json",
                array.toString())).exitCode());
        Run r = run(List.of("read", "--rows", "2", "--cols", "2", "--engine", "behavioral", "--array", array.toString(), flag,
                value));
        assertEquals(2, r.exitCode(), r.err());
        assertTrue(r.err().contains(flag + " " + value + " has no effect with --array"), r.err());
    }

    /** Messages name the flag the user gave, not the library's parameter, and stay one line. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "read --rows 2 --cols 2 --engine behavioral --read-noise -0.1 --i-max 1e-5|--read-noise = -0.1",
            "read --rows 2 --cols 2 --engine behavioral --dac-bits 1|--dac-bits = 1",
            "toy --tau Infinity --steps 1000|--tau = Infinity",
            "toy --tau -2 --steps 1000|--tau = -2 (weight units) is not allowed",
            "train --data spiral --model 2-4-2 --epochs 1 --lr -1|--lr = -1 is not allowed",
            "train --data spiral --model 2-4-2 --epochs 1 --algorithm shd --fast-lr 0|--fast-lr = 0 is not allowed",
            "train --data spiral --model 2-4-2 --epochs 1 --bl 0|--bl = 0 is out of range",
            "toy --algorithm tiki-taka --steps 1000|toy runs sgd or shd"})
    void messagesNameTheFlag(String command, String named) {
        Run r = run(List.of(command.split(" ")));
        assertEquals(2, r.exitCode(), r.err());
        assertTrue(r.err().contains(named), r.err());
        assertEquals(1, r.err().strip().lines().count(), r.err());
    }

    /** A bad value from a config file is named by its key: no flag set it. */
    @Test
    void aConfigFilesBadValueKeepsItsKey() throws IOException {
        Path config = tmp.resolve("run.json");
        Files.writeString(config, "{\"learningRate\": -1}");
        Run r = run(List.of("train", "--data", "spiral", "--model", "2-4-2", "--config", config.toString()));
        assertEquals(2, r.exitCode(), r.err());
        assertTrue(r.err().contains("learningRate = -1 is not allowed") && !r.err().contains("--lr"), r.err());
    }

    /** A malformed --array file: where and what, without Jackson's source description. */
    @Test
    void malformedArrayFileNamesLineAndColumn() throws IOException {
        Path array = tmp.resolve("bad.json");
        Files.writeString(array, "{\"conductancesSiemens\": [[1e-6\n");
        Run r = run(List.of("read", "--rows", "2", "--cols", "2", "--engine", "behavioral", "--array", array.toString()));
        assertEquals(2, r.exitCode(), r.err());
        assertTrue(r.err().contains("line 2, column 1") && r.err().contains("start marker at line 1, column 26"), r.err());
        assertFalse(r.err().contains("Source"), r.err());
        assertEquals(1, r.err().strip().lines().count(), r.err());
    }

    /**
     * An --array file with an empty field names the file and the field (it said "rows = 0 is out of range", resp. "no
     * input vectors: a read needs at least one", without the file).
     */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "{\"conductancesSiemens\": [], \"inputsVolts\": [[0.1, 0.1]]}|conductancesSiemens",
        "{\"conductancesSiemens\": [[1e-6, 1e-6], [1e-6, 1e-6]], \"inputsVolts\": []}|inputsVolts"})
    void anEmptyArrayFieldNamesTheFileAndTheField(String text, String field) throws IOException {
        Path array = Files.writeString(tmp.resolve("empty-field.json"), text);
        Run r = run(List.of("read", "--engine", "behavioral", "--array", array.toString()));
        assertEquals(2, r.exitCode(), r.err());
        assertTrue(r.err().contains(array + ": field " + field + " is empty: give at least one row"), r.err());
    }

    /** sweep --resume of a training run's folder points to train --resume (it said only "no sweep-spec.json there"). */
    @Test
    void aSweepResumeOfATrainingRunPointsToTrain() throws IOException {
        Path out = tmp.resolve("a-training-run");
        assertEquals(0, run(List.of("train", "--data", "spiral", "--model", "2-4-2", "--epochs", "1", "--train-samples",
                "20", "--test-samples", "10", "--algorithm", "sgd", "--out", out.toString())).exitCode());
        Run r = run(List.of("sweep", "--resume", out.toString()));
        assertEquals(2, r.exitCode(), r.err());
        assertTrue(r.err().contains("the folder holds a training run: resume it with train --resume " + out), r.err());
    }
}
