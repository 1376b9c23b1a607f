package org.xbarspice.device;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.InvalidTypeIdException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.zip.CRC32;
import org.xbarspice.units.BoundedFiles;
import org.xbarspice.units.InvalidInputException;
import org.xbarspice.units.StrictJson;
import org.xbarspice.units.XbarspiceException;

/**
 * Reads device presets (JSON, one {@link DevicePreset} per file). Strict: unknown keys, missing or null fields,
 * duplicate keys, trailing text, strings for numbers and out-of-range values are all rejected with an
 * {@link InvalidInputException} naming the file, the JSON field path (e.g. {@code model.dwMin}), the bad value and
 * the allowed range or the fix.
 */
public final class DevicePresets {
    /** Ids of the bundled presets as text, for messages and command-line help (a compile-time constant). */
    public static final String BUNDLED = "idealized, onen-softbounds, gokmen-vlasov, ecram-mo, li-ecram, reram-es, pow-step, "
            + "piecewise-step";
    private static final List<String> IDS = List.of(BUNDLED.split(", "));
    private static final String RESOURCE_DIR = "/device-models/";
    private static final ObjectMapper MAPPER = StrictJson.builder()
            .enable(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_CREATOR_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .build();

    private DevicePresets() {
    }

    /** Ids of the presets bundled with xbarspice (classpath {@code /device-models/<id>.json}). */
    public static List<String> ids() {
        return IDS;
    }

    /**
     * Loads a bundled preset by id, or else a preset file by path.
     *
     * @throws InvalidInputException if the argument is neither a bundled id nor an existing file, or the file is not
     *                               a valid preset
     */
    public static DevicePreset load(String idOrPath) {
        if (idOrPath == null || idOrPath.isBlank()) {
            throw new InvalidInputException("device preset is missing: give a bundled id (" + String.join(", ", IDS)
                    + ") or the path of a preset JSON file");
        }
        return parse(idOrPath, contents(idOrPath));
    }

    private static Path existingFile(String idOrPath) {
        Path path;
        try {
            path = Path.of(idOrPath);
        } catch (InvalidPathException e) {
            throw unknown(idOrPath);
        }
        if (!Files.exists(path)) {
            throw unknown(idOrPath);
        }
        if (!Files.isRegularFile(path)) {
            throw new InvalidInputException("device preset file '" + path + "' is not a regular file: give a preset JSON file");
        }
        return path;
    }

    private static InvalidInputException unknown(String idOrPath) {
        String lookedFor;
        try {
            lookedFor = BoundedFiles.lookedFor(Path.of(idOrPath));
        } catch (java.nio.file.InvalidPathException e) {
            lookedFor = "";
        }
        return new InvalidInputException("device preset '" + idOrPath + "' is neither a bundled preset id (known ids: "
                + String.join(", ", IDS) + ") nor an existing file" + lookedFor
                + ": use one of those ids or the path of a preset JSON file");
    }

    private static String bundledLabel(String id) {
        return "bundled device preset '" + id + "' (classpath " + RESOURCE_DIR + id + ".json)";
    }

    private static byte[] bundledBytes(String id) {
        String label = bundledLabel(id);
        try (InputStream in = DevicePresets.class.getResourceAsStream(RESOURCE_DIR + id + ".json")) {
            if (in == null) {
                throw new XbarspiceException(label + " is missing from the build: rebuild xbarspice so that device-models/ is packaged");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new XbarspiceException(label + " cannot be read: " + e.getMessage(), e);
        }
    }

    /**
     * A checksum of the preset's JSON (a bundled preset's resource, or the file), which any edit changes: a resumed run
     * compares it with its checkpoint's.
     */
    public static long contentHash(String idOrPath) {
        CRC32 crc = new CRC32();
        crc.update(contents(idOrPath));
        return crc.getValue();
    }

    /** The JSON of a bundled preset by id, or else of a preset file by path, as {@link #load} reads it. */
    public static byte[] contents(String idOrPath) {
        return IDS.contains(idOrPath) ? bundledBytes(idOrPath) : BoundedFiles.readBytes(existingFile(idOrPath),
                fileLabel(idOrPath), BoundedFiles.JSON_LIMIT);
    }

    private static String fileLabel(String path) {
        return "device preset file '" + path + "'";
    }

    /**
     * The preset of {@link #contents} read earlier from {@code idOrPath} (another JVM's, which need not see the file),
     * as {@link #load} gives it.
     */
    public static DevicePreset parse(String idOrPath, byte[] contents) {
        return parse(contents, IDS.contains(idOrPath) ? bundledLabel(idOrPath) : fileLabel(idOrPath));
    }

    /** Parses one preset; {@code label} names the file in every message. */
    private static DevicePreset parse(byte[] bytes, String label) {
        JsonNode tree;
        try {
            tree = MAPPER.readTree(bytes);
        } catch (JsonProcessingException e) {
            String at = e.getLocation() == null ? ""
                    : " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
            throw new InvalidInputException(label + ": malformed JSON" + at + ": " + StrictJson.message(e)
                    + StrictJson.syntaxFix(e, "fix the JSON syntax (quoted keys, commas, one top-level object, nothing after it)"),
                    e);
        } catch (IOException e) {
            throw new InvalidInputException(label + ": cannot be parsed as JSON: " + firstLine(e.getMessage()), e);
        }
        if (tree.isMissingNode()) {
            throw new InvalidInputException(label + ": the file is empty: expected a JSON object with the keys "
                    + "id, description, source, model, conductance, mapping");
        }
        if (!tree.isObject()) {
            throw new InvalidInputException(label + ": the top level is " + firstLine(tree.toString())
                    + ": expected a JSON object with the keys id, description, source, model, conductance, mapping");
        }
        if (tree.path("preset").isTextual() && tree.has("law") && tree.has("laws")) { // fit-device's fit.json
            throw new InvalidInputException(label + " is the report of fit-device, not a preset: give the preset it wrote, "
                    + tree.get("preset").asText() + " beside it");
        }
        try {
            JsonNode position = ((ObjectNode) tree).remove("position");
            normalizeModel(tree.get("model"));
            DevicePreset preset = MAPPER.treeToValue(tree, DevicePreset.class);
            if (position == null || position.isNull()) {
                return preset;
            }
            return preset.withPosition(position(position, label));
        } catch (JsonMappingException e) {
            throw new InvalidInputException(label + ": " + describe(e, tree, ""), e);
        } catch (JsonProcessingException e) {
            throw new InvalidInputException(label + ": " + StrictJson.message(e), e);
        }
    }

    /**
     * The model as the mapper takes it: its {@code type} in lower case, as every value name is taken in any case ({@code
     * LINEAR-STEP} was refused as no model type), and the keys a preset may leave out at their defaults: a linear-step
     * law's {@code slopesAtOwnBounds} (false; presets from before it, fitted or hand-written, hold no such key).
     */
    private static void normalizeModel(JsonNode model) {
        if (!(model instanceof ObjectNode object) || !object.path("type").isTextual()) {
            return;
        }
        String type = object.get("type").asText();
        for (String known : DeviceModel.TYPE_NAMES) {
            if (known.equalsIgnoreCase(type)) {
                object.put("type", known);
            }
        }
        if (LinearStepDevice.TYPE.equals(object.get("type").asText()) && !object.has("slopesAtOwnBounds")) {
            object.put("slopesAtOwnBounds", false);
        }
    }

    /**
     * The calibrated position model of a preset ({@code position}, as {@code calibrate} writes it); its messages name
     * {@code position.KEY}.
     */
    private static PositionModel position(JsonNode node, String label) {
        if (!node.isObject()) {
            throw new InvalidInputException(label + ": position = " + firstLine(node.toString()) + " is not accepted: "
                    + "expected a JSON object with the keys c1, c2, rows, cols, wireOhm, upGain, downGain, fit, as calibrate "
                    + "writes it");
        }
        List<String> keys = new java.util.ArrayList<>(List.of("fit"));
        for (java.lang.reflect.RecordComponent component : PositionModel.class.getRecordComponents()) {
            keys.add(component.getName());
        }
        for (var names = node.fieldNames(); names.hasNext(); ) {
            String key = names.next();
            if (!keys.contains(key)) {
                throw new InvalidInputException(label + ": unknown key position." + key + " (value " + firstLine(node.get(key)
                        .toString()) + "): remove or rename it; allowed keys here: " + keys.stream().sorted()
                        .collect(Collectors.joining(", ")));
            }
        }
        ObjectNode fields = ((ObjectNode) node).deepCopy();
        JsonNode fit = fields.remove("fit");
        if (fit != null && !PositionModel.FIT.equals(fit.asText(null))) {
            throw new InvalidInputException(label + ": position.fit = " + firstLine(fit.toString()) + " is not accepted: "
                    + "the only form is \"" + PositionModel.FIT + "\", as calibrate writes it");
        }
        PositionModel model;
        try {
            model = MAPPER.treeToValue(fields, PositionModel.class);
        } catch (InvalidInputException e) {
            throw new InvalidInputException(label + ": " + e.getMessage(), e);
        } catch (JsonMappingException e) {
            throw new InvalidInputException(label + ": " + describe(e, node, "position"), e);
        } catch (JsonProcessingException e) {
            throw new InvalidInputException(label + ": position: " + StrictJson.message(e), e);
        }
        if (fit == null && model.rows() != model.cols()) {
            throw new InvalidInputException(label + ": its position model was calibrated on a " + model.rows() + " x "
                    + model.cols() + " array before 2026-12-04 (no key position.fit), by a fit that took rows and columns "
                    + "alike whatever their lengths, which the model now reads differently: calibrate its device again (xbarspice "
                    + "calibrate --device DEVICE --rows " + model.rows() + " --cols " + model.cols() + " --wire-r "
                    + model.wireOhm() + " --out FILE.json)");
        }
        return model;
    }

    /**
     * The user-facing text of a mapping failure of {@code tree}, the object at {@code root} of the file (empty: the
     * whole file): field path, bad value, allowed values or fix.
     */
    private static String describe(JsonMappingException e, JsonNode tree, String root) {
        List<JsonMappingException.Reference> path = e.getPath();
        String relative = pathText(path);
        String where = root.isEmpty() ? relative : relative.isEmpty() ? root : root + "." + relative;
        if (e instanceof UnrecognizedPropertyException unknownKey) {
            String allowed = unknownKey.getKnownPropertyIds() == null ? "" : unknownKey.getKnownPropertyIds().stream()
                    .map(String::valueOf).sorted().collect(Collectors.joining(", "));
            return "unknown key " + where + " (value " + valueAt(tree, path) + "): remove or rename it; allowed keys here: "
                    + allowed;
        }
        if (e instanceof InvalidTypeIdException) {
            JsonNode model = nodeAt(tree, path);
            String types = DeviceModel.TYPES;
            if (!model.isObject()) {
                return where + " = " + valueAt(tree, path) + " is not accepted: expected a JSON object with \"type\": " + types;
            }
            JsonNode type = model.path("type");
            return type.isMissingNode()
                    ? "required field " + prefix(where) + "type is missing: add \"type\": " + types
                    : prefix(where) + "type = " + type + " is not a device model type: use " + types;
        }
        if (e instanceof ValueInstantiationException && e.getCause() instanceof InvalidInputException invalid) {
            String message = invalid.getMessage(); // "key = value ..." of the object at the path, or a sentence about it
            return relative.isEmpty() ? message : message.matches("[A-Za-z][\\w.]* = (?s).*") ? relative + "." + message
                    : relative + ": " + message;
        }
        if (e instanceof MismatchedInputException mismatch && mismatch.getTargetType() != null) {
            Class<?> type = mismatch.getTargetType();
            boolean element = !path.isEmpty() && path.get(path.size() - 1).getFieldName() == null;
            String expected = expected(element && type.isArray() ? type.getComponentType() : type);
            if (!nodeAt(tree, path).isMissingNode()) {
                return where + " = " + valueAt(tree, path) + " is not accepted: expected " + expected;
            }
            String misspelt = path.isEmpty() ? null : misspelling(nodeAt(tree, path.subList(0, path.size() - 1)),
                    path.get(path.size() - 1).getFieldName());
            return "required field " + where + " is missing: " + (misspelt == null ? "add it (" + expected + ")"
                    : "the key " + misspelt + " beside it looks misspelt: rename it " + path.get(path.size() - 1).getFieldName());
        }
        return where + " = " + valueAt(tree, path) + ": " + StrictJson.message(e);
    }

    /**
     * A key of {@code object} that looks like {@code name} misspelt (another case, or at most two letters changed, added
     * or left out, for names of five letters or more), quoted; null for none.
     */
    private static String misspelling(JsonNode object, String name) {
        if (name == null || !object.isObject()) {
            return null;
        }
        for (var keys = object.fieldNames(); keys.hasNext(); ) {
            String key = keys.next();
            if (KNOWN_KEYS.contains(key)) {
                continue; // a key of its own (wMin beside a missing dwMin): renaming it would lose it
            }
            if (StrictJson.looksMisspelt(key, name)) {
                return "'" + key + "'";
            }
        }
        return null;
    }

    /**
     * Every key of a preset's objects (the components of the preset, its parts and every step law, and the law's
     * {@code type}): a key among them is no misspelling of another.
     */
    private static final java.util.Set<String> KNOWN_KEYS = knownKeys();

    private static java.util.Set<String> knownKeys() {
        java.util.Set<String> keys = new java.util.HashSet<>(List.of("type"));
        java.util.Deque<Class<?>> types = new java.util.ArrayDeque<>(List.of(DevicePreset.class, DeviceModel.class,
                Variability.class, ConductanceRange.class, CompactSpec.class, PulseShape.class, PositionModel.class));
        while (!types.isEmpty()) {
            Class<?> type = types.pop();
            if (type.isSealed()) {
                types.addAll(List.of(type.getPermittedSubclasses()));
            } else if (type.isRecord()) {
                for (var component : type.getRecordComponents()) {
                    keys.add(component.getName());
                }
            }
        }
        return java.util.Set.copyOf(keys);
    }

    /** What a value of {@code type} is written as in JSON, for a message: "a JSON number", "a JSON array". */
    static String expected(Class<?> type) {
        if (type == double.class || type == Double.class) {
            return "a JSON number";
        }
        if (type == int.class || type == Integer.class || type == long.class || type == Long.class) {
            return "a whole JSON number";
        }
        if (type.isArray() || java.util.Collection.class.isAssignableFrom(type)) {
            return "a JSON array";
        }
        if (type == String.class) {
            return "a JSON string";
        }
        if (type == boolean.class || type == Boolean.class) {
            return "true or false"; // it said "a JSON object" (slopesAtOwnBounds = "yes", a fuzz helper)
        }
        return "a JSON object";
    }

    /** A JSON location as the user writes it: {@code spice.pulse.widthSecond}, {@code piecewiseUp[2]}. */
    static String pathText(List<JsonMappingException.Reference> path) {
        StringBuilder text = new StringBuilder();
        for (JsonMappingException.Reference reference : path) {
            if (reference.getFieldName() != null) {
                if (text.length() > 0) {
                    text.append('.');
                }
                text.append(reference.getFieldName());
            } else {
                text.append('[').append(reference.getIndex()).append(']');
            }
        }
        return text.toString();
    }

    private static String prefix(String where) {
        return where.isEmpty() ? "" : where + ".";
    }

    private static JsonNode nodeAt(JsonNode tree, List<JsonMappingException.Reference> path) {
        JsonNode node = tree;
        for (JsonMappingException.Reference reference : path) {
            node = reference.getFieldName() != null ? node.path(reference.getFieldName()) : node.path(reference.getIndex());
        }
        return node;
    }

    /** The value at {@code path} of {@code tree} as written (its first line), or "(missing)". */
    static String valueAt(JsonNode tree, List<JsonMappingException.Reference> path) {
        JsonNode node = nodeAt(tree, path);
        return node.isMissingNode() ? "(missing)" : firstLine(node.toString());
    }

    private static String firstLine(String text) {
        if (text == null) {
            return "";
        }
        int end = text.indexOf('\n');
        return end < 0 ? text : text.substring(0, end);
    }
}
