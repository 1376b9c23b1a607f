package org.xbarspice.train;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.type.LogicalType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Collectors;
import org.xbarspice.train.data.TrainTest;
import org.xbarspice.units.Checks;
import org.xbarspice.units.InvalidInputException;

/**
 * Everything a training run needs, checked on construction (each error names the field). As JSON, keys are the
 * component names; a missing (or null) key takes its default, an unknown key is rejected.
 *
 * @param algorithm     training algorithm, default {@code fp}
 * @param dataset       catalogue name or IDX directory (see {@code DatasetCatalog}), default {@code mnist}
 * @param layers        layer sizes, input first, default {@code 784-256-128-10}
 * @param activation    hidden-layer activation, default {@code sigmoid}
 * @param epochs        passes over the training set, >= 1, default 5
 * @param batchSize     samples per minibatch, >= 1, default 1
 * @param learningRate  SGD step on the batch-mean loss, finite and > 0, default 0.1
 * @param seed          seed of the weight initialisation and the shuffling, default 1
 * @param trainSamples  use the first N training samples, 0 = all (default)
 * @param testSamples   use the first M test samples, 0 = all (default)
 */
public record TrainConfig(Algorithm algorithm, String dataset, String layers, Activation activation, int epochs,
                          int batchSize, double learningRate, long seed, int trainSamples, int testSamples) {
    public static final Algorithm DEFAULT_ALGORITHM = Algorithm.FP;
    public static final String DEFAULT_DATASET = "mnist";
    public static final String DEFAULT_LAYERS = "784-256-128-10";
    public static final Activation DEFAULT_ACTIVATION = Activation.SIGMOID;
    public static final int DEFAULT_EPOCHS = 5;
    public static final int DEFAULT_BATCH_SIZE = 1;
    public static final double DEFAULT_LEARNING_RATE = 0.1;
    public static final long DEFAULT_SEED = 1;

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
            .withCoercionConfig(LogicalType.Textual, config -> config
                    .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
            .withCoercionConfig(LogicalType.Integer, config -> config
                    .setCoercion(CoercionInputShape.Float, CoercionAction.Fail))
            .build();

    public TrainConfig {
        if (algorithm == null) {
            throw new InvalidInputException("algorithm is missing: use fp");
        }
        if (dataset == null || dataset.isBlank()) {
            throw new InvalidInputException("dataset is missing: give a data set name (e.g. mnist, fashion-mnist, spiral) or an IDX directory");
        }
        Mlp.parseLayers(layers);
        if (activation == null) {
            throw new InvalidInputException("activation is missing: use sigmoid, tanh or relu");
        }
        Checks.inRange("epochs", epochs, 1, Integer.MAX_VALUE);
        Checks.inRange("batchSize", batchSize, 1, Integer.MAX_VALUE);
        if (!(learningRate > 0) || Double.isInfinite(learningRate)) {
            throw new InvalidInputException("learningRate = " + learningRate + " is not allowed: it must be a finite number > 0 (e.g. 0.1)");
        }
        Checks.inRange("trainSamples", trainSamples, 0, Integer.MAX_VALUE);
        Checks.inRange("testSamples", testSamples, 0, Integer.MAX_VALUE);
    }

    /** The JSON creator: a null (missing) argument takes its documented default. */
    @JsonCreator
    static TrainConfig fromJson(@JsonProperty("algorithm") Algorithm algorithm, @JsonProperty("dataset") String dataset,
                                @JsonProperty("layers") String layers, @JsonProperty("activation") Activation activation,
                                @JsonProperty("epochs") Integer epochs, @JsonProperty("batchSize") Integer batchSize,
                                @JsonProperty("learningRate") Double learningRate, @JsonProperty("seed") Long seed,
                                @JsonProperty("trainSamples") Integer trainSamples,
                                @JsonProperty("testSamples") Integer testSamples) {
        return new TrainConfig(algorithm == null ? DEFAULT_ALGORITHM : algorithm,
                dataset == null ? DEFAULT_DATASET : dataset,
                layers == null ? DEFAULT_LAYERS : layers,
                activation == null ? DEFAULT_ACTIVATION : activation,
                epochs == null ? DEFAULT_EPOCHS : epochs,
                batchSize == null ? DEFAULT_BATCH_SIZE : batchSize,
                learningRate == null ? DEFAULT_LEARNING_RATE : learningRate,
                seed == null ? DEFAULT_SEED : seed,
                trainSamples == null ? 0 : trainSamples,
                testSamples == null ? 0 : testSamples);
    }

    /** All defaults: fp, mnist, 784-256-128-10 sigmoid, 5 epochs, batch 1, lr 0.1, seed 1, all samples. */
    public static TrainConfig defaults() {
        return fromJson(null, null, null, null, null, null, null, null, null, null);
    }

    /** Layer sizes parsed from {@link #layers()}, input first. */
    public int[] layerSizes() {
        return Mlp.parseLayers(layers);
    }

    /** Requires the first layer to match the data's features and the last its classes; errors name {@code layers}. */
    public void checkFits(TrainTest data) {
        int[] sizes = layerSizes();
        int features = data.train().featureCount();
        int classes = data.train().classes();
        if (sizes[0] != features) {
            throw new InvalidInputException("layers = '" + layers + "': the input size " + sizes[0] + " does not match the "
                    + features + " features per sample of dataset '" + data.train().name() + "': start layers with " + features);
        }
        if (sizes[sizes.length - 1] != classes) {
            throw new InvalidInputException("layers = '" + layers + "': the output size " + sizes[sizes.length - 1]
                    + " does not match the " + classes + " classes of dataset '" + data.train().name() + "': end layers with " + classes);
        }
    }

    /** This config as JSON (all keys, indented). */
    public String toJson() {
        try {
            return MAPPER.writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a TrainConfig is always serialisable", e);
        }
    }

    /** Reads a config file; errors name the file and the key. */
    public static TrainConfig load(Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw new InvalidInputException("training config file '" + file + "' cannot be read (" + e.getMessage()
                    + "): check the path", e);
        }
        return parse(text, "training config file '" + file + "'");
    }

    /** Parses config JSON; {@code label} names its origin in every error. */
    public static TrainConfig parse(String json, String label) {
        JsonNode tree;
        try {
            tree = MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new InvalidInputException(label + ": malformed JSON: " + firstLine(e.getOriginalMessage())
                    + ": fix the JSON syntax (one object, quoted keys, no key twice)", e);
        }
        if (tree == null || !tree.isObject()) {
            throw new InvalidInputException(label + " is not a JSON object: write e.g. {\"dataset\": \"spiral\", "
                    + "\"layers\": \"2-16-2\", \"learningRate\": 0.3}");
        }
        try {
            return MAPPER.treeToValue(tree, TrainConfig.class);
        } catch (UnrecognizedPropertyException e) {
            String allowed = e.getKnownPropertyIds().stream().map(String::valueOf).sorted().collect(Collectors.joining(", "));
            throw new InvalidInputException(label + ": unknown key '" + e.getPropertyName() + "': remove or rename it; allowed keys: "
                    + allowed, e);
        } catch (JsonProcessingException e) {
            for (Throwable c = e.getCause(); c != null; c = c.getCause()) {
                if (c instanceof InvalidInputException) {
                    throw new InvalidInputException(label + ": " + c.getMessage(), e);
                }
            }
            String field = e instanceof JsonMappingException && !((JsonMappingException) e).getPath().isEmpty()
                    ? ((JsonMappingException) e).getPath().get(0).getFieldName() : null;
            if (field != null && e instanceof MismatchedInputException) {
                Class<?> type = ((MismatchedInputException) e).getTargetType();
                String expected = type == Integer.class || type == Long.class ? "a whole number"
                        : type == Double.class ? "a number" : "a string";
                throw new InvalidInputException(label + ": " + field + " = " + tree.get(field) + " is not accepted: expected "
                        + expected, e);
            }
            throw new InvalidInputException(label + ": " + firstLine(e.getOriginalMessage()), e);
        }
    }

    private static String firstLine(String text) {
        int end = text == null ? -1 : text.indexOf('\n');
        return end < 0 ? String.valueOf(text) : text.substring(0, end);
    }
}
