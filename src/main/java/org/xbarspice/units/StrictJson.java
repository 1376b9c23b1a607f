package org.xbarspice.units;

import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.type.LogicalType;
import java.util.Collection;
import java.util.Comparator;
import java.util.Locale;

/**
 * The strictness every user-written JSON input (device presets, run configs) is read with: unknown keys,
 * duplicate keys, text after the document and values of the wrong kind (a number where text goes, text or a
 * boolean where a number goes, a fraction where a whole number goes) are errors, never silently converted.
 */
public final class StrictJson {
    private StrictJson() {
    }

    /** A mapper builder with those checks on; callers add their own features and build it. */
    public static JsonMapper.Builder builder() {
        return JsonMapper.builder()
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
                .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
                .withCoercionConfig(LogicalType.Textual, config -> config
                        .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                        .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                        .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail));
    }

    /**
     * A JSON syntax error in one line: where and what, without the source description Jackson puts in its message
     * ({@code [Source: REDACTED ...; line: 1, column: 26]} becomes {@code line 1, column 26}).
     */
    public static String syntaxError(JsonProcessingException e) {
        String what = message(e);
        return e.getLocation() == null ? what
                : "line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ": " + what;
    }

    /**
     * What Jackson says went wrong, in one line, without its source description ({@link #syntaxError}, less the place),
     * and without advice to switch on one of its own features, which a user cannot ({@code Non-standard token 'NaN':
     * enable `JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS` to allow} becomes {@code 'NaN' is not a number JSON allows: give
     * a finite number}; {@code Trailing token (of type START_OBJECT) found after value (bound as ...): not allowed as per
     * `DeserializationFeature.FAIL_ON_TRAILING_TOKENS`} becomes {@code a second JSON value after the end of the first}; {@code
     * Duplicate field 'x'} becomes {@code the key 'x' is given twice in one object: keep one}).
     */
    public static String message(JsonProcessingException e) {
        String first = String.valueOf(e.getOriginalMessage()).lines().findFirst().orElse("")
                .replaceAll("\\[Source: [^;]*; line: (\\d+), column: (\\d+)]", "line $1, column $2");
        return first.replaceAll("Non-standard token '([^']*)': enable [`'][^`']*[`'] to allow",
                        "'$1' is not a number JSON allows: give a finite number")
                .replaceAll("Trailing token \\(of type \\w+\\) found after value.*",
                        "a second JSON value after the end of the first")
                .replaceAll("Duplicate field '([^']*)'", "the key '$1' is given twice in one object: keep one");
    }

    /**
     * {@code ": " + fix} after {@link #message}, or nothing where the message says the fix itself (a key given twice:
     * "keep one"), so that a syntax advice does not follow it.
     */
    public static String syntaxFix(JsonProcessingException e, String fix) {
        return String.valueOf(e.getOriginalMessage()).startsWith("Duplicate field") ? "" : ": " + fix;
    }

    /**
     * Whether the JSON key {@code key} looks like {@code name} misspelt: the same but for letter case, or, for names of
     * five letters or more, at most two letters changed, added or left out. A key equal to the name is not misspelt.
     */
    public static boolean looksMisspelt(String key, String name) {
        return !key.equals(name) && (key.equalsIgnoreCase(name) || name.length() >= 5 && editDistance(key, name) <= 2);
    }

    /**
     * The name of {@code names} that {@code key} looks like misspelt ({@link #looksMisspelt}), the nearest by letters
     * changed (then alphabetically), or null for none.
     */
    public static String meant(String key, Collection<String> names) {
        return names.stream().filter(name -> looksMisspelt(key, name))
                .min(Comparator.<String>comparingInt(name -> editDistance(key.toLowerCase(Locale.ROOT),
                        name.toLowerCase(Locale.ROOT))).thenComparing(name -> name))
                .orElse(null);
    }

    /** The least number of letters to change, add or leave out to turn {@code a} into {@code b} (Levenshtein). */
    private static int editDistance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int change = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(change, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
