package org.xbarspice.device;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbarspice.units.InvalidInputException;

class DevicePresetsTest {
    private static final String GOOD = """
            {
              "id": "test-device",
              "description": "a soft-bounds test device",
              "source": "none, test data",
              "model": {
                "type": "soft-bounds",
                "dwMin": 0.001,
                "upScale": 1.0,
                "downScale": 1.0,
                "wMin": -1.0,
                "wMax": 1.0,
                "variability": { "dwMinDtod": 0.3, "upDownDtod": 0.02, "boundsDtod": 0.1, "dwMinStd": 0.3 }
              },
              "conductance": { "gMinSiemens": 1e-6, "gMaxSiemens": 1e-5 },
              "mapping": "reference-column",
              "spice": { "thresholdUpVolt": 0.8, "thresholdDownVolt": 0.8,
                         "pulse": { "amplitudeVolt": 1.2, "widthSecond": 1e-8, "edgeSecond": 1e-9 } }
            }
            """;

    @TempDir
    Path dir;

    @Test
    void everyBundledPresetLoadsUnderItsOwnIdAndCitesItsSource() {
        assertEquals(List.of("idealized", "onen-softbounds", "gokmen-vlasov", "ecram-mo", "li-ecram", "reram-es", "pow-step",
                "piecewise-step"), DevicePresets.ids());
        for (String id : DevicePresets.ids()) {
            DevicePreset preset = DevicePresets.load(id);
            assertEquals(id, preset.id());
            assertTrue(preset.source().contains("doi:10.") || preset.source().contains("arXiv:"), preset.source());
            assertEquals(new ConductanceRange(1e-6, 1e-5), preset.conductance());
            assertEquals("reference-column", preset.mapping());
        }
    }

    @Test
    void bundledIdsMatchTheFilesInDeviceModels() throws IOException {
        try (Stream<Path> files = Files.list(Path.of("device-models"))) {
            Set<String> ids = files.map(p -> p.getFileName().toString())
                    .filter(name -> name.endsWith(".json"))
                    .map(name -> name.substring(0, name.length() - ".json".length()))
                    .collect(Collectors.toSet());
            assertEquals(Set.copyOf(DevicePresets.ids()), ids);
        }
    }

    @Test
    void bundledPresetsHoldThePublishedValues() {
        DevicePreset idealized = DevicePresets.load("idealized");
        assertEquals(new ConstantStepDevice(0.001, 1, 1, -1, 1, Variability.NONE), idealized.model());
        assertEquals("reference-column", idealized.mapping());

        DevicePreset gv = DevicePresets.load("gokmen-vlasov");
        assertEquals(new ConstantStepDevice(0.001, 1, 1, -1, 1, new Variability(0.3, 0.02, 0, 0.3)), gv.model());
        assertEquals("reference-column", gv.mapping()); // as every tile maps it (differential-pair was ignored)
        assertTrue(gv.source().contains("doi:10.3389/fnins.2016.00333"));

        LinearStepDevice mo = assertInstanceOf(LinearStepDevice.class, DevicePresets.load("ecram-mo").model());
        assertEquals(2.82e-4, mo.dwMin(), 0.0);
        assertEquals(1.171, mo.wMax(), 0.0);
        assertEquals(-0.829, mo.wMin(), 0.0);
        assertEquals(0.415, mo.gammaUp(), 0.0);
        assertEquals(0.734, mo.gammaDown(), 0.0);

        DevicePreset li = DevicePresets.load("li-ecram");
        LinearStepDevice liModel = assertInstanceOf(LinearStepDevice.class, li.model());
        assertEquals(0.002, liModel.dwMin(), 0.0);
        assertEquals(0.115, liModel.gammaUp(), 0.0);
        assertEquals(0.509, liModel.gammaDown(), 0.0);
        assertEquals(0.0, liModel.symmetryPoint(), 0.0);
        assertTrue(li.source().contains("doi:10.1109/IEDM.2018.8614551"));
        assertEquals("reference-column", li.mapping());
    }

    @Test
    void aFileLoadsByPath() throws IOException {
        Path file = write("good.json", GOOD);
        DevicePreset preset = DevicePresets.load(file.toString());
        assertEquals(new SoftBoundsDevice(0.001, 1, 1, -1, 1, new Variability(0.3, 0.02, 0.1, 0.3)), preset.model());
        assertEquals("test-device", preset.id());
    }

    @Test
    void aPresetWrittenByJacksonReadsBackEqual() throws IOException {
        for (String id : DevicePresets.ids()) {
            DevicePreset preset = DevicePresets.load(id);
            Path file = dir.resolve(id + "-copy.json");
            new ObjectMapper().writeValue(file.toFile(), preset);
            assertEquals(preset, DevicePresets.load(file.toString()));
        }
    }

    /**
     * A linear step's {@code slopesAtOwnBounds} may be left out (false: presets from before it hold no such key), is
     * written only when true, and reads back.
     */
    @Test
    void aLinearStepsSlopesAtOwnBoundsIsOptional() throws IOException {
        String linear = GOOD.replace("\"soft-bounds\"", "\"linear-step\"").replace("\"wMax\": 1.0,",
                "\"wMax\": 1.0, \"gammaUp\": 1.002, \"gammaDown\": 0.998,");
        LinearStepDevice model = (LinearStepDevice) DevicePresets.load(write("linear.json", linear).toString()).model();
        assertFalse(model.slopesAtOwnBounds());
        assertFalse(new ObjectMapper().writeValueAsString(model).contains("slopesAtOwnBounds"));
        DevicePreset own = DevicePresets.load(write("own.json", linear.replace("\"gammaUp\"",
                "\"slopesAtOwnBounds\": true, \"gammaUp\"")).toString());
        assertEquals(model.withSlopesAtOwnBounds(true), own.model());
        Path copy = dir.resolve("own-copy.json");
        new ObjectMapper().writeValue(copy.toFile(), own);
        assertEquals(own, DevicePresets.load(copy.toString()));
        assertRejected(write("typo.json", linear.replace("\"gammaUp\"", "\"slopesAtOwnBound\": true, \"gammaUp\"")),
                "slopesAtOwnBound");
        // a type's name is taken in any case, as every value name
        assertEquals(model, DevicePresets.load(write("upper.json", linear.replace("\"linear-step\"", "\"LINEAR-Step\""))
                .toString()).model());
        assertRejected(write("yes.json", linear.replace("\"gammaUp\"", "\"slopesAtOwnBounds\": \"yes\", \"gammaUp\"")),
                "model.slopesAtOwnBounds = \"yes\" is not accepted: expected true or false");
    }

    @Test
    void unknownKeyIsRejected() throws IOException {
        Path file = write("unknown-key.json", GOOD.replace("\"dwMin\": 0.001,", "\"dwMin\": 0.001, \"dwMax\": 0.5,"));
        assertRejected(file, "model.dwMax", "0.5", "dwMin");
    }

    @Test
    void malformedJsonIsRejected() throws IOException {
        Path file = write("malformed.json", GOOD.replace("\"wMin\": -1.0,", "\"wMin\": -1.0"));
        assertRejected(file, "malformed JSON", "line 11, column 5", "expecting comma");
    }

    @Test
    void nonPositiveDwMinIsRejected() throws IOException {
        assertRejected(write("zero.json", GOOD.replace("\"dwMin\": 0.001", "\"dwMin\": 0")), "model.dwMin = 0 ", "> 0");
        assertRejected(write("negative.json", GOOD.replace("\"dwMin\": 0.001", "\"dwMin\": -0.002")),
                "model.dwMin", "-0.002", "> 0");
    }

    @Test
    void nonNegativeWMinIsRejected() throws IOException {
        assertRejected(write("wmin.json", GOOD.replace("\"wMin\": -1.0", "\"wMin\": 0.25")), "model.wMin", "0.25", "< 0");
        assertRejected(write("wmin0.json", GOOD.replace("\"wMin\": -1.0", "\"wMin\": 0")), "model.wMin = 0 ", "< 0");
    }

    @Test
    void gMaxNotAboveGMinIsRejected() throws IOException {
        Path file = write("gmax.json", GOOD.replace("\"gMaxSiemens\": 1e-5", "\"gMaxSiemens\": 5e-7"));
        assertRejected(file, "conductance.gMaxSiemens = 5e-7 S", "gMinSiemens = 1e-6 S");
    }

    @Test
    void missingNullAndMistypedFieldsAreRejected() throws IOException {
        assertRejected(write("missing.json", GOOD.replace("\"upScale\": 1.0,", "")), "model.upScale", "missing", "add it");
        // a required key misspelt is named as such (it said "add it", and the key added then failed as unknown)
        assertRejected(write("misspelt.json", GOOD.replace("\"dwMin\"", "\"dwmin\"")), "required field model.dwMin is "
                + "missing: the key 'dwmin' beside it looks misspelt: rename it dwMin");
        assertRejected(write("misspelt2.json", GOOD.replace("\"conductance\"", "\"conductanse\"")), "required field "
                + "conductance is missing: the key 'conductanse' beside it looks misspelt");
        // a key of its own near the missing one is no misspelling (it said: the key 'wMin' looks misspelt: rename it dwMin)
        assertRejected(write("missing2.json", GOOD.replace("\"dwMin\": 0.001,", "")), "required field model.dwMin is "
                + "missing: add it");
        // NaN is no JSON number: said so, without Jackson's advice to enable ALLOW_NON_NUMERIC_NUMBERS
        assertRejected(write("nan.json", GOOD.replace("\"dwMin\": 0.001", "\"dwMin\": NaN")), "'NaN' is not a number "
                + "JSON allows: give a finite number");
        assertRejected(write("null.json", GOOD.replace("\"wMax\": 1.0", "\"wMax\": null")), "model.wMax", "null");
        assertRejected(write("string.json", GOOD.replace("\"dwMin\": 0.001", "\"dwMin\": \"0.001\"")),
                "model.dwMin", "\"0.001\"", "number");
        assertRejected(write("dtod.json", GOOD.replace("\"dwMinDtod\": 0.3", "\"dwMinDtod\": 3")),
                "model.variability.dwMinDtod = 3 ", "[0, 1]");
    }

    @Test
    void unknownModelTypeAndMappingAreRejected() throws IOException {
        assertRejected(write("type.json", GOOD.replace("\"soft-bounds\"", "\"tanh-step\"")),
                "model.type", "tanh-step", "linear-step", "exp-step", "pow-step", "piecewise-step");
        assertRejected(write("mapping.json", GOOD.replace("\"reference-column\"", "\"single\"")),
                "mapping", "single", "use reference-column");
        // a pair was accepted and read and updated as a reference column in every tile
        assertRejected(write("pair.json", GOOD.replace("\"reference-column\"", "\"differential-pair\"")),
                "mapping = 'differential-pair' is not modelled for a preset", "--differential", "\"mapping\": \"reference-column\"");
    }

    @Test
    void duplicateKeysTrailingTextAndEmptyFilesAreRejected() throws IOException {
        assertRejected(write("dup.json", GOOD.replace("\"wMax\": 1.0", "\"wMax\": 1.0, \"wMax\": 2.0")),
                "the key 'wMax' is given twice in one object: keep one");
        assertRejected(write("trailing.json", GOOD + "}"), "malformed JSON");
        assertRejected(write("empty.json", ""), "empty");
    }

    /**
     * A calibrated preset's position object is read as strictly as the rest, its messages naming position.KEY: before,
     * they were resolved against the file's top level ("required field c1 is missing" for a c1 given as text, an empty
     * field name and the whole file for an array), 8.5 rows were cut to 8, and an upGain of 1e6 was accepted.
     */
    @Test
    void aPositionModelIsReadStrictlyNamingItsKeys() throws IOException {
        String position = ", \"position\": {\"c1\": 0.002, \"c2\": -0.001, \"rows\": 4, \"cols\": 4, \"wireOhm\": 20.0, "
                + "\"upGain\": 1.005, \"downGain\": 1.005}\n}";
        String calibrated = GOOD.substring(0, GOOD.lastIndexOf('}')) + position;
        assertEquals(4, DevicePresets.load(write("cal.json", calibrated).toString()).position().rows());
        assertRejected(write("rows.json", calibrated.replace("\"rows\": 4", "\"rows\": 8.5")),
                "position.rows = 8.5 is not accepted: expected a whole JSON number");
        // only the sizes calibrate fits on (1 row was accepted)
        assertRejected(write("one.json", calibrated.replace("\"rows\": 4", "\"rows\": 1")),
                "position.rows = 1 is out of range: allowed 2..128");
        assertRejected(write("two.json", calibrated.replace("\"rows\": 4, \"cols\": 4", "\"rows\": 2, \"cols\": 2")),
                "a 2 x 2 array is none calibrate fits on");
        assertRejected(write("text.json", calibrated.replace("\"c1\": 0.002", "\"c1\": \"0.002\"")),
                "position.c1 = \"0.002\" is not accepted: expected a JSON number");
        assertRejected(write("gain.json", calibrated.replace("\"upGain\": 1.005", "\"upGain\": 1e6")),
                "position.upGain = 1e6 (dimensionless) is out of range: allowed > 0 and <= 100");
        assertRejected(write("c3.json", calibrated.replace("\"c1\": 0.002", "\"c3\": 0.1, \"c1\": 0.002")),
                "unknown key position.c3 (value 0.1)");
        assertRejected(write("array.json", GOOD.substring(0, GOOD.lastIndexOf('}')) + ", \"position\": [1, 2]}"),
                "position = [1,2] is not accepted: expected a JSON object with the keys c1, c2");
        assertRejected(write("element.json", GOOD.replace("\"soft-bounds\"", "\"piecewise-step\"").replace(
                "\"wMax\": 1.0,", "\"wMax\": 1.0, \"piecewiseUp\": [1.0, null], \"piecewiseDown\": [1.0, 1.0],")),
                "model.piecewiseUp[1] = null is not accepted: expected a JSON number");
    }

    /** Thresholds more than a factor 2 apart leave no V/2 amplitude; the message said "use Vp < 1.0 V" while Vp > 1.0 V. */
    @Test
    void thresholdsThatLeaveNoAmplitudeAreRejectedAsSuch() throws IOException {
        assertRejected(write("th.json", GOOD.replace("\"thresholdUpVolt\": 0.8, \"thresholdDownVolt\": 0.8",
                "\"thresholdUpVolt\": 1.0, \"thresholdDownVolt\": 0.5")), "spice: the device thresholds 1 V (up) and "
                + "0.5 V (down) leave no pulse amplitude for the V/2 scheme");
    }

    @Test
    void unknownIdListsTheKnownIds() {
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> DevicePresets.load("ecram-w"));
        assertTrue(e.getMessage().contains("'ecram-w'"), e.getMessage());
        for (String id : DevicePresets.ids()) {
            assertTrue(e.getMessage().contains(id), e.getMessage());
        }
        assertThrows(InvalidInputException.class, () -> DevicePresets.load(" "));
        InvalidInputException directory = assertThrows(InvalidInputException.class, () -> DevicePresets.load(dir.toString()));
        assertTrue(directory.getMessage().contains(dir.toString()), directory.getMessage());
    }

    private Path write(String name, String text) throws IOException {
        return Files.writeString(dir.resolve(name), text);
    }

    private static void assertRejected(Path file, String... expected) {
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> DevicePresets.load(file.toString()));
        assertTrue(e.getMessage().contains(file.toString()), () -> "message lacks the file name: " + e.getMessage());
        for (String part : expected) {
            assertTrue(e.getMessage().contains(part), () -> "message lacks '" + part + "': " + e.getMessage());
        }
    }
}
