package org.xbarspice.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.xbarspice.train.data.DatasetCatalog;
import org.xbarspice.train.data.TrainTest;

/**
 * Training reads whose outputs the ADC clips at its full scale {@code outputBound}: bound management reads a forward
 * output again at smaller inputs, but backward and transfer reads are not managed, and their clipped outputs read short.
 * Before, training said nothing of them (the count of {@code ReadPath} went nowhere); spiral 2-8-6-2 at a bound of 0.5
 * clipped 12.9 % of layer 2's backward outputs without a word.
 */
class AdcClipWarningTest {
    private static final TrainTest SPIRAL = DatasetCatalog.load("spiral", Path.of("unused")).head(600, 200);

    private static TrainConfig config(String algorithm, int epochs, double outputBound) {
        return TrainConfig.parse("{\"algorithm\": \"" + algorithm + "\", \"dataset\": \"spiral\", \"layers\": \"2-8-6-2\", "
                + "\"activation\": \"tanh\", \"epochs\": " + epochs + ", \"seed\": 11, \"outputBound\": " + outputBound + "}",
                "adc");
    }

    private static List<String> warnings(String algorithm, int epochs, double outputBound) {
        Trainer trainer = new Trainer(config(algorithm, epochs, outputBound), SPIRAL);
        trainer.run(e -> { });
        return trainer.warnings();
    }

    @Test
    void clippedAdcOutputsAreWarnedOfNamingTheLayerAndTheShares() {
        assertEquals(List.of("layer 2: 0.00 % of the 9600 outputs of forward reads and 12.86 % of the 9600 of backward "
                + "and transfer reads were beyond the ADC's full scale +-0.500 and read as +-0.500, short of the product "
                + "(bound management repeats forward reads at smaller inputs, down to the DAC's resolution, the others "
                + "not); raise --output-bound (key outputBound), or split the layer over arrays of fewer inputs "
                + "(--max-tile-inputs: shorter forward sums) or outputs (--max-tile-outputs: shorter backward sums)",
                "layer 3: 0.00 % of the 3200 outputs of forward reads and 0.94 % of the 7200 of backward and transfer reads "
                + "were beyond the ADC's full scale +-0.500 and read as +-0.500, short of the product (bound management "
                + "repeats forward reads at smaller inputs, down to the DAC's resolution, the others not); raise "
                + "--output-bound (key outputBound), or split the layer over arrays of fewer inputs (--max-tile-inputs: "
                + "shorter forward sums) or outputs (--max-tile-outputs: shorter backward sums)"), warnings("sgd", 2, 0.5));
    }

    /**
     * SGD reads no backward through its input layer: its warning names the forward reads alone (at a bound of 0.001 the
     * spiral's 2-4-2 input layer said "100.00 % of the 120 outputs of forward reads and 0.00 % of the 0 of backward and
     * transfer reads", of reads that were not there).
     */
    @Test
    void aLayerWithoutBackwardReadsIsWarnedOfItsForwardReadsAlone() {
        TrainConfig config = TrainConfig.parse("{\"algorithm\": \"sgd\", \"dataset\": \"spiral\", \"layers\": \"2-4-2\", "
                + "\"epochs\": 1, \"seed\": 11, \"outputBound\": 0.001}", "adc");
        Trainer trainer = new Trainer(config, SPIRAL.head(20, 10));
        trainer.run(e -> { });
        List<String> warnings = trainer.adcClipWarnings();
        assertEquals("layer 1: 100.00 % of the 120 outputs of forward reads were beyond the ADC's full scale +-0.00100 "
                + "and read as +-0.00100, short of the product", warnings.get(0).substring(0, warnings.get(0).indexOf(" (")));
        assertFalse(String.join("\n", warnings).contains("of the 0 "), warnings.toString());
    }

    @Test
    void noWarningAtTheDefaultBound() { // measured: not one output clipped at +-12
        assertEquals(List.of(), warnings("sgd", 2, 12));
        assertEquals(List.of(), warnings("tiki-taka", 2, 12));
    }

    /** A run resumed after its first epoch warns as the run that went through: the checkpoint keeps the counts. */
    @Test
    void aResumedRunWarnsOfTheClippedOutputsOfTheWholeRun() {
        for (String algorithm : List.of("sgd", "tiki-taka")) {
            Trainer straight = new Trainer(config(algorithm, 2, 0.5), SPIRAL);
            straight.run(e -> { });
            Trainer first = new Trainer(config(algorithm, 1, 0.5), SPIRAL);
            first.run(e -> { });
            Trainer resumed = Trainer.resume(config(algorithm, 2, 0.5), SPIRAL,
                    TrainerCheckpoint.fromBytes(first.checkpoint().toBytes()));
            resumed.run(e -> { });
            assertFalse(straight.adcClipWarnings().isEmpty(), algorithm + ": the run clips");
            assertEquals(straight.adcClipWarnings(), resumed.adcClipWarnings(), algorithm);
        }
    }
}
