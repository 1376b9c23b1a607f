package org.xbarspice.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbarspice.units.InvalidInputException;

class TrainConfigTest {
    @TempDir
    Path dir;

    @Test
    void missingKeysTakeTheDocumentedDefaults() {
        TrainConfig c = TrainConfig.parse("{\"dataset\": \"spiral\", \"layers\": \"2-16-2\"}", "test");
        assertEquals(new TrainConfig(Algorithm.FP, "spiral", "2-16-2", Activation.SIGMOID, 5, 1, 0.1, 1, 0, 0), c);
        assertEquals(new TrainConfig(Algorithm.FP, "mnist", "784-256-128-10", Activation.SIGMOID, 5, 1, 0.1, 1, 0, 0),
                TrainConfig.defaults());
    }

    @Test
    void jsonRoundTrip() throws Exception {
        TrainConfig c = new TrainConfig(Algorithm.FP, "fashion-mnist", "784-100-10", Activation.RELU, 3, 10, 0.05, -7, 600, 100);
        String json = c.toJson();
        assertTrue(json.contains("\"activation\" : \"relu\"") && json.contains("\"algorithm\" : \"fp\""), json);
        Path file = Files.writeString(dir.resolve("c.json"), json);
        assertEquals(c, TrainConfig.load(file));
    }

    @Test
    void badValuesAreRejectedNamingTheField() {
        assertRejected("{\"learningRate\": 0}", "learningRate = 0.0");
        assertRejected("{\"learningRate\": -0.1}", "learningRate = -0.1");
        assertRejected("{\"epochs\": 0}", "epochs = 0");
        assertRejected("{\"batchSize\": -2}", "batchSize = -2");
        assertRejected("{\"trainSamples\": -1}", "trainSamples = -1");
        assertRejected("{\"layers\": \"784-0-10\"}", "layers = '784-0-10'");
        assertRejected("{\"layers\": \"784\"}", "layers = '784'");
        assertRejected("{\"layers\": \"784-x-10\"}", "'x' is not a whole number");
        assertRejected("{\"activation\": \"softplus\"}", "activation = 'softplus'");
        assertRejected("{\"algorithm\": \"shd\"}", "algorithm = 'shd'");
        assertRejected("{\"epochs\": \"5\"}", "epochs");
        assertRejected("{\"batchSize\": 1.5}", "batchSize");
        assertRejected("{\"learningRate\": 0.1, \"learningRate\": 0.2}", "learningRate");
        String msg = assertRejected("{\"lr\": 0.1}", "unknown key 'lr'");
        assertTrue(msg.contains("learningRate"), "lists the allowed keys: " + msg);
        msg = assertThrows(InvalidInputException.class,
                () -> new TrainConfig(Algorithm.FP, "spiral", "2-2", Activation.RELU, 1, 1, Double.NaN, 1, 0, 0)).getMessage();
        assertTrue(msg.startsWith("learningRate = NaN"), msg);
    }

    private static String assertRejected(String json, String expected) {
        String msg = assertThrows(InvalidInputException.class, () -> TrainConfig.parse(json, "config 'x.json'")).getMessage();
        assertTrue(msg.startsWith("config 'x.json'") && msg.contains(expected), msg);
        return msg;
    }
}
