package org.xbarspice.units;

import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Values looked up by the names configs and command lines give them (algorithm {@code shd}, engine {@code ngspice},
 * ...): a name matches whatever its case, as picocli's enum flags do, and a name that matches none is bad input that
 * names the field, the value and the names allowed.
 */
public final class Ids {
    private Ids() {
    }

    /**
     * The value of {@code values} whose name ({@code idOf}) is {@code given}, ignoring case.
     *
     * @throws InvalidInputException naming {@code field}, {@code given} and every name, if none matches
     */
    public static <T> T find(String field, String given, List<T> values, Function<T, String> idOf) {
        return match(given, values, idOf).orElseThrow(() -> new InvalidInputException(field + " = " + unknown(given,
                values, idOf)));
    }

    /** The value of {@code values} whose name ({@code idOf}) is {@code given}, ignoring case; empty if none is. */
    public static <T> Optional<T> match(String given, List<T> values, Function<T, String> idOf) {
        return values.stream().filter(value -> idOf.apply(value).equalsIgnoreCase(given)).findFirst();
    }

    /** {@code 'given' is not known: use a, b or c}, the names of {@code values}. */
    public static <T> String unknown(String given, List<T> values, Function<T, String> idOf) {
        return "'" + given + "' is not known: use " + alternatives(values.stream().map(idOf).toList());
    }

    /** {@code a}, {@code a or b}, {@code a, b or c}: the names as a reader lists alternatives. */
    public static String alternatives(List<String> names) {
        int last = names.size() - 1;
        return last <= 0 ? String.join("", names) : String.join(", ", names.subList(0, last)) + " or " + names.get(last);
    }
}
