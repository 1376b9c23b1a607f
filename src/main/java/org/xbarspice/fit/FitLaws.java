package org.xbarspice.fit;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.xbarspice.device.PiecewiseStepDevice;
import org.xbarspice.units.Ids;
import org.xbarspice.units.InvalidInputException;

/** The laws {@code fit-device} knows, by name. */
public final class FitLaws {
    /** Nodes of the piecewise-step law unless {@code --nodes} says otherwise. */
    public static final int DEFAULT_NODES = PiecewiseStepLaw.DEFAULT_NODES;
    /** Fewest nodes of the piecewise-step law. */
    public static final int MIN_NODES = PiecewiseStepLaw.MIN_NODES;
    /** Most nodes of the piecewise-step law. */
    public static final int MAX_NODES = PiecewiseStepLaw.MAX_NODES;

    /**
     * Every law, in the order {@code --law auto} tries them (piecewise-step with {@value #DEFAULT_NODES} nodes).
     */
    public static final List<FitLaw> ALL = all(DEFAULT_NODES);

    /** The {@code --law} value that fits every law and keeps the smallest AIC. */
    public static final String AUTO = "auto";

    /** The law with nodes, whose node count {@code --nodes} sets. */
    public static final String PIECEWISE = PiecewiseStepDevice.TYPE;

    private FitLaws() {
    }

    /**
     * Every law, piecewise-step with {@code nodes} nodes.
     *
     * @throws InvalidInputException if nodes is outside [{@value #MIN_NODES}, {@value #MAX_NODES}]
     */
    public static List<FitLaw> all(int nodes) {
        return List.of(new SoftBoundsLaw(), new LinearStepLaw(), new ConstantStepLaw(), new ExpStepLaw(), new PowStepLaw(),
                new PiecewiseStepLaw(nodes));
    }

    /** The laws named by {@code name}: one law, or all of them for {@value #AUTO} (piecewise-step with the default nodes). */
    public static List<FitLaw> named(String name) {
        return named(name, DEFAULT_NODES);
    }

    /**
     * The laws named by {@code name}, piecewise-step with {@code nodes} nodes.
     *
     * @throws InvalidInputException if the name is not a law or nodes is out of range
     */
    public static List<FitLaw> named(String name, int nodes) {
        List<FitLaw> all = all(nodes);
        List<String> names = new ArrayList<>(List.of(AUTO));
        all.forEach(law -> names.add(law.name()));
        String id = Ids.find("law", name, names, n -> n);
        return id.equals(AUTO) ? all : List.of(all.get(names.indexOf(id) - 1));
    }

    /** The law names, comma-separated. */
    public static String names() {
        return ALL.stream().map(FitLaw::name).collect(Collectors.joining(", "));
    }
}
