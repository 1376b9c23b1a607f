package org.xbarspice.device;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.regex.Pattern;
import org.xbarspice.units.Ids;
import org.xbarspice.units.InvalidInputException;

/**
 * A named device specification as stored in {@code device-models/<id>.json}: the pulse model, its conductance
 * range and how weights map onto conductances. Load one with {@link DevicePresets#load(String)}.
 *
 * @param id          short name: letters, digits, '.', '_' and '-'
 * @param description what the preset models and why this model type
 * @param source      full citation of the publication the values come from, with its DOI or arXiv id
 * @param model       the pulse response (weight units)
 * @param conductance the conductance range of one device (S)
 * @param mapping     {@value WeightMapping#REFERENCE_COLUMN}, the mapping of every tile ({@code read --differential}
 *                    reads pairs of an array it draws)
 * @param spice       thresholds and nominal pulse of the compact SPICE device ({@link CompactDevice})
 * @param position    the calibrated position model of the IR drop (key {@code position}, written by
 *                    {@code xbarspice calibrate}), or null
 */
public record DevicePreset(String id, String description, String source, DeviceModel model,
                           ConductanceRange conductance, String mapping, CompactSpec spice,
                           @JsonInclude(JsonInclude.Include.NON_NULL) PositionModel position) {
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");

    public DevicePreset {
        requireId("id", id);
        requireText("description", description);
        requireText("source", source);
        if (model == null) {
            throw new InvalidInputException("model is missing: give an object with \"type\": " + DeviceModel.TYPES);
        }
        if (conductance == null) {
            throw new InvalidInputException("conductance is missing: give {\"gMinSiemens\": ..., \"gMaxSiemens\": ...}");
        }
        if (spice == null) {
            throw new InvalidInputException("spice is missing: give {\"thresholdUpVolt\", \"thresholdDownVolt\", \"pulse\"}");
        }
        if (position != null && model instanceof ShapedLaw) {
            throw new InvalidInputException("position (a calibrated IR-drop position model) is not allowed with the device law "
                    + model.type() + ": calibration fits linear laws only; remove the position key and use --ir-drop-mode exact "
                    + "or fast");
        }
        if (WeightMapping.DIFFERENTIAL_PAIR.equalsIgnoreCase(mapping)) {
            // it was accepted and ignored: every tile read and updated such a preset's weights as a reference column's
            throw new InvalidInputException("mapping = '" + mapping + "' is not modelled for a preset: the tiles of train, "
                    + "update, calibrate and design map each weight onto one device read against a reference column (the "
                    + "update physics of a pair is not modelled); read and netlist read pairs with --differential. Give "
                    + "\"mapping\": \"" + WeightMapping.REFERENCE_COLUMN + "\"");
        }
        mapping = Ids.find("mapping", mapping, List.of(WeightMapping.REFERENCE_COLUMN), name -> name); // as written
    }

    /** A preset without a position model (the JSON creator: {@code position} is read apart, see DevicePresets). */
    @JsonCreator
    public DevicePreset(@JsonProperty("id") String id, @JsonProperty("description") String description,
                        @JsonProperty("source") String source, @JsonProperty("model") DeviceModel model,
                        @JsonProperty("conductance") ConductanceRange conductance, @JsonProperty("mapping") String mapping,
                        @JsonProperty("spice") CompactSpec spice) {
        this(id, description, source, model, conductance, mapping, spice, null);
    }

    /** The same preset with another position model (null for none). */
    public DevicePreset withPosition(PositionModel other) {
        return new DevicePreset(id, description, source, model, conductance, mapping, spice, other);
    }

    /**
     * Requires a preset id that is also a safe file name: letters, digits, '.', '_' and '-', starting with a letter or
     * digit; {@code name} says where it was given (the key, a flag).
     */
    public static String requireId(String name, String id) {
        requireText(name, id);
        if (!ID.matcher(id).matches()) {
            throw new InvalidInputException(name + " = \"" + id + "\" is not allowed: use letters, digits, '.', '_' and '-' "
                    + "only, starting with a letter or digit");
        }
        return id;
    }

    private static void requireText(String name, String value) {
        if (value == null || value.isBlank()) {
            throw new InvalidInputException(name + " is missing or blank: give a non-empty string");
        }
    }
}
