package org.xbarspice;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The package rule of docs/DESIGN.md: every import between the project's packages points down their order, and JNA is
 * imported in {@code spice.ngspice} only.
 */
class PackageOrderTest {
    /** Top to bottom (docs/DESIGN.md, with its "As built" section for design and fit). */
    private static final List<String> ORDER = List.of("cli", "design", "sweep", "fit", "report", "calibrate", "train",
            "tile", "behavioral", "spice", "netlist", "device", "units");
    private static final Pattern IMPORT = Pattern.compile("^import (?:static )?org\\.xbarspice\\.([a-z]+)\\.", Pattern.MULTILINE);
    private static final Path SOURCES = Path.of("src/main/java/org/xbarspice");

    @Test
    void importsPointDownThePackageOrder() throws IOException {
        Set<String> upward = new TreeSet<>();
        Set<String> packages = new TreeSet<>();
        try (Stream<Path> files = Files.walk(SOURCES)) {
            files.filter(f -> f.toString().endsWith(".java")).forEach(f -> {
                String own = SOURCES.relativize(f).getName(0).toString();
                packages.add(own);
                Matcher m = IMPORT.matcher(read(f));
                while (m.find()) {
                    String used = m.group(1);
                    if (!used.equals(own) && ORDER.indexOf(used) < ORDER.indexOf(own)) {
                        upward.add(SOURCES.relativize(f) + " imports " + used);
                    }
                }
            });
        }
        packages.removeIf(p -> p.endsWith(".java")); // none at the root, but the walk sees files there too
        assertEquals(new TreeSet<>(ORDER), packages, "a package missing from ORDER (and from docs/DESIGN.md), or one gone");
        assertEquals(Set.of(), upward, "imports up the package order");
    }

    @Test
    void jnaIsImportedInTheNgspiceBindingOnly() throws IOException {
        try (Stream<Path> files = Files.walk(SOURCES)) {
            List<String> outside = files.filter(f -> f.toString().endsWith(".java"))
                    .filter(f -> read(f).contains("import com.sun.jna"))
                    .map(f -> SOURCES.relativize(f).toString())
                    .filter(f -> !f.startsWith("spice/ngspice/")).toList();
            assertTrue(outside.isEmpty(), "JNA outside spice.ngspice: " + outside);
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
