package org.xbarspice.device;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.CRC32;
import org.xbarspice.units.BoundedFiles;
import org.xbarspice.units.InvalidInputException;
import org.xbarspice.units.StrictJson;
import org.xbarspice.units.XbarspiceException;

/** The bundled periphery presets ({@code device-models/periphery/<id>.json}) and preset files. */
public final class PeripheryPresets {
    /** The preset used when none is named. */
    public static final String DEFAULT = "isaac-32nm";
    /** DNN+NeuroSim V2.1's 22 nm low-power periphery (SAR ADC shared by 8 columns, bit-serial row drives). */
    public static final String NEUROSIM = "neurosim-22nm";
    private static final List<String> IDS = List.of(DEFAULT, NEUROSIM);
    private static final String RESOURCE_DIR = "/device-models/periphery/";
    private static final ObjectMapper MAPPER = StrictJson.builder().build();
    /** Keys whose absence or null would read as 0 (numbers of the record): a preset file must give each. */
    private static final List<String> REQUIRED_NUMBERS = List.of("readWindowSecond", "driveSettleSecond",
            "dacEnergyPerBitJoule", "adcConversionSecond", "columnsPerAdc", "senseStaticWatt");

    private PeripheryPresets() {
    }

    /** Ids of the bundled presets. */
    public static List<String> ids() {
        return IDS;
    }

    /**
     * A bundled preset by id, or else a preset file by path.
     *
     * @throws InvalidInputException if it is neither, or the file is not a valid preset
     */
    public static PeripheryPreset load(String idOrPath) {
        return parse(bytes(idOrPath), label(idOrPath));
    }

    /**
     * {@link #load(String)}, requiring the preset to give the energy of a conversion at {@code adcBits} (0: no ADC), so
     * that a preset without it is refused naming the file or id given, before any work.
     */
    public static PeripheryPreset load(String idOrPath, int adcBits) {
        PeripheryPreset preset = load(idOrPath);
        preset.requireAdcBits(adcBits, label(idOrPath));
        return preset;
    }

    private static String label(String idOrPath) {
        return (IDS.contains(idOrPath) ? "bundled periphery preset '" : "periphery preset file '") + idOrPath + "'";
    }

    /**
     * A checksum of the preset's JSON (a bundled preset's resource, or the file), which any edit changes: a resumed run
     * compares it with its checkpoint's.
     */
    public static long contentHash(String idOrPath) {
        CRC32 crc = new CRC32();
        crc.update(bytes(idOrPath));
        return crc.getValue();
    }

    /** The JSON of a bundled preset by id, or else of a preset file by path. */
    private static byte[] bytes(String idOrPath) {
        if (idOrPath.isBlank()) { // Path.of("") is the working folder, which was then called "a folder"
            throw new InvalidInputException("--periphery is empty: give a bundled periphery preset (" + IDS
                    + ") or a preset JSON file");
        }
        if (IDS.contains(idOrPath)) {
            String resource = RESOURCE_DIR + idOrPath + ".json";
            try (InputStream in = PeripheryPresets.class.getResourceAsStream(resource)) {
                if (in == null) {
                    throw new XbarspiceException("bundled periphery preset " + resource + " is missing from the build: rebuild "
                            + "xbarspice so that device-models/ is packaged");
                }
                return in.readAllBytes();
            } catch (IOException e) {
                throw new XbarspiceException("bundled periphery preset " + resource + " cannot be read: " + e.getMessage(), e);
            }
        }
        Path path;
        try {
            path = Path.of(idOrPath);
        } catch (InvalidPathException e) {
            path = null;
        }
        if (path != null && Files.isDirectory(path)) {
            throw new InvalidInputException("--periphery " + idOrPath + " is a folder: give a preset JSON file, or a bundled "
                    + "periphery preset (" + IDS + ")");
        }
        if (path == null || !Files.isRegularFile(path)) {
            throw new InvalidInputException("--periphery " + idOrPath + " is neither a bundled periphery preset (" + IDS
                    + ") nor a preset JSON file");
        }
        return BoundedFiles.readBytes(path, "periphery preset file '" + path + "'", BoundedFiles.JSON_LIMIT);
    }

    private static PeripheryPreset parse(byte[] json, String label) {
        JsonNode tree = null;
        try {
            tree = MAPPER.readTree(json);
            if (!tree.isObject()) { // an empty file, null or a list read as no preset at all
                throw new InvalidInputException(label + " is not a preset: give a JSON object with the keys of "
                        + "device-models/periphery/" + DEFAULT + ".json");
            }
            for (String key : REQUIRED_NUMBERS) {
                if (!tree.has(key) || tree.get(key).isNull()) {
                    throw new InvalidInputException(label + ": \"" + key + "\" is " + (tree.has(key) ? "null" : "missing")
                            + ": every preset gives it (a number; see device-models/periphery/" + DEFAULT + ".json)");
                }
            }
            return MAPPER.treeToValue(tree, PeripheryPreset.class);
        } catch (JsonProcessingException e) {
            String message;
            if (e.getCause() instanceof InvalidInputException invalid) {
                message = invalid.getMessage();
            } else if (e instanceof UnrecognizedPropertyException unknown) {
                message = "unknown key \"" + unknown.getPropertyName() + "\": remove or rename it";
            } else if (e instanceof InvalidFormatException format && format.getTargetType() == Integer.class) {
                message = "the key \"" + format.getValue() + "\" in \"" + DevicePresets.pathText(format.getPath())
                        + "\" is not accepted: the keys are resolutions in bits, whole numbers such as \"8\"";
            } else if (e instanceof JsonMappingException mapping && !mapping.getPath().isEmpty() && tree != null) {
                message = "the value of \"" + DevicePresets.pathText(mapping.getPath()) + "\", "
                        + DevicePresets.valueAt(tree, mapping.getPath()) + ", is not accepted"
                        + (e instanceof MismatchedInputException mismatch && mismatch.getTargetType() != null
                        ? ": expected " + DevicePresets.expected(mismatch.getTargetType()) : "");
            } else {
                message = StrictJson.message(e);
            }
            throw new InvalidInputException(label + ": " + message + ": the keys and values are those of "
                    + "device-models/periphery/" + DEFAULT + ".json", e);
        } catch (IOException e) {
            throw new InvalidInputException(label + ": cannot be read: " + e.getMessage(), e);
        }
    }
}
