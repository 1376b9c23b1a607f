package org.xbarspice.fit;

import java.util.List;
import java.util.stream.Collectors;
import org.xbarspice.units.InvalidInputException;

/** The laws {@code fit-device} knows, by name. */
public final class FitLaws {
    /** Every law, in the order {@code --law auto} tries them. */
    public static final List<FitLaw> ALL = List.of(new SoftBoundsLaw(), new LinearStepLaw(), new ConstantStepLaw());

    /** The {@code --law} value that fits every law and keeps the smallest AIC. */
    public static final String AUTO = "auto";

    private FitLaws() {
    }

    /** The laws named by {@code name}: one law, or all of them for {@value #AUTO}. */
    public static List<FitLaw> named(String name) {
        if (AUTO.equals(name)) {
            return ALL;
        }
        for (FitLaw law : ALL) {
            if (law.name().equals(name)) {
                return List.of(law);
            }
        }
        throw new InvalidInputException("law = '" + name + "' is not known: use " + AUTO + " or one of " + names());
    }

    /** The law names, comma-separated. */
    public static String names() {
        return ALL.stream().map(FitLaw::name).collect(Collectors.joining(", "));
    }
}
