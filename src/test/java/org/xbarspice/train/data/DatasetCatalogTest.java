package org.xbarspice.train.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbarspice.units.InvalidInputException;

class DatasetCatalogTest {
    @TempDir
    Path dir;

    @Test
    void spiralIsDeterministicBalancedAndSeedDependent() {
        Dataset a = Spiral.generate("a", 500, 7);
        Dataset b = Spiral.generate("b", 500, 7);
        Dataset c = Spiral.generate("c", 500, 8);
        assertTrue(Arrays.deepEquals(a.features(), b.features()), "same seed, same points bit for bit");
        assertArrayEquals(a.labels(), b.labels());
        assertFalse(Arrays.deepEquals(a.features(), c.features()), "another seed, other points");
        assertEquals(250, Arrays.stream(a.labels()).sum(), "classes alternate, so the set is balanced");
        Dataset head = Spiral.generate("h", 100, 7);
        assertTrue(Arrays.deepEquals(head.features(), Arrays.copyOf(a.features(), 100)), "a smaller set is a prefix");
        for (float[] p : a.features()) {
            assertTrue(Math.hypot(p[0], p[1]) <= 1 + 2 * Spiral.NOISE);
        }
        TrainTest s = DatasetCatalog.load("spiral", dir);
        assertEquals(DatasetCatalog.SPIRAL_TRAIN, s.train().size());
        assertEquals(DatasetCatalog.SPIRAL_TEST, s.test().size());
        assertFalse(Arrays.deepEquals(s.test().features(), Arrays.copyOf(s.train().features(), DatasetCatalog.SPIRAL_TEST)));
    }

    @Test
    void subsettingKeepsTheFirstSamplesAndNamesTheOption() {
        TrainTest s = DatasetCatalog.load("spiral", dir, 10, 3);
        assertEquals(10, s.train().size());
        assertEquals(3, s.test().size());
        assertArrayEquals(Arrays.copyOf(DatasetCatalog.load("spiral", dir).train().labels(), 10), s.train().labels());
        String msg = assertThrows(InvalidInputException.class, () -> DatasetCatalog.load("spiral", dir, 0, 1001)).getMessage();
        assertTrue(msg.contains("testSamples = 1001") && msg.contains("1..1000"), msg);
        msg = assertThrows(InvalidInputException.class, () -> DatasetCatalog.load("spiral", dir, -1, 0)).getMessage();
        assertTrue(msg.contains("trainSamples = -1"), msg);
    }

    @Test
    void idxDirectoryAcceptsTestPrefixDotNamesAndGzip() {
        int[][] img = {{0, 51, 102, 153}, {255, 0, 0, 0}};
        IdxFiles.writeImages(dir.resolve("train-images-idx3-ubyte.gz"), 2, 2, img);
        IdxFiles.writeLabels(dir.resolve("train-labels.idx1-ubyte"), new int[] {4, 1});
        IdxFiles.writeImages(dir.resolve("test-images.idx3-ubyte.gz"), 2, 2, new int[][] {{1, 2, 3, 4}});
        IdxFiles.writeLabels(dir.resolve("test-labels-idx1-ubyte"), new int[] {2});
        TrainTest d = DatasetCatalog.load(dir.toString(), dir);
        assertEquals(5, d.train().classes(), "largest label + 1");
        assertEquals(0.2f, d.train().features()[0][1], 0f);
        assertArrayEquals(new int[] {4, 1}, d.train().labels());
        assertEquals(dir.getFileName() + "/test", d.test().name());
    }

    @Test
    void badNamesAndIncompleteDirectoriesAreExplained() {
        String msg = assertThrows(InvalidInputException.class, () -> DatasetCatalog.load("mnsit", dir)).getMessage();
        assertTrue(msg.contains("'mnsit'") && msg.contains("fashion-mnist") && msg.contains("spiral"), msg);
        msg = assertThrows(InvalidInputException.class, () -> DatasetCatalog.load("mnist", dir)).getMessage();
        assertTrue(msg.contains("MNIST is not set up") && msg.contains("setup-data.sh"), msg);
        IdxFiles.writeImages(dir.resolve("train-images-idx3-ubyte"), 1, 1, new int[][] {{1}, {2}});
        IdxFiles.writeLabels(dir.resolve("train-labels-idx1-ubyte"), new int[] {1, 0});
        msg = assertThrows(InvalidInputException.class, () -> DatasetCatalog.load(dir.toString(), dir)).getMessage();
        assertTrue(msg.contains("no test images") && msg.contains("t10k-images-idx3-ubyte") && msg.contains("test-images.idx3-ubyte.gz"), msg);
        IdxFiles.writeImages(dir.resolve("t10k-images-idx3-ubyte"), 1, 1, new int[][] {{1}});
        IdxFiles.writeLabels(dir.resolve("t10k-labels-idx1-ubyte"), new int[] {1, 1});
        msg = assertThrows(InvalidInputException.class, () -> DatasetCatalog.load(dir.toString(), dir)).getMessage();
        assertTrue(msg.contains("holds 1 images but") && msg.contains("holds 2 labels"), msg);
    }

    /**
     * Images of another size in the test set, or an MNIST folder of 8 x 8 images, are refused naming the files (they
     * trained, on scrambled test images, or failed later as not square); a gzip'd MNIST folder is taken (it was refused
     * as not set up).
     */
    @Test
    void imageSizesAreCheckedAndGzippedMnistIsTaken() {
        Path mixed = dir.resolve("mixed");
        IdxFiles.writeImages(mixed.resolve("train-images-idx3-ubyte"), 2, 2, new int[][] {{1, 2, 3, 4}});
        IdxFiles.writeLabels(mixed.resolve("train-labels-idx1-ubyte"), new int[] {1});
        IdxFiles.writeImages(mixed.resolve("t10k-images-idx3-ubyte"), 1, 4, new int[][] {{1, 2, 3, 4}});
        IdxFiles.writeLabels(mixed.resolve("t10k-labels-idx1-ubyte"), new int[] {0});
        String msg = assertThrows(InvalidInputException.class, () -> DatasetCatalog.load(mixed.toString(), dir)).getMessage();
        assertTrue(msg.contains("images of 2 x 2 pixels but") && msg.contains("t10k-images-idx3-ubyte' of 1 x 4"), msg);
        Path mnist = DatasetCatalog.mnistDir(dir);
        int[][] small = {new int[64]};
        IdxFiles.writeImages(mnist.resolve("train-images-idx3-ubyte.gz"), 8, 8, small);
        IdxFiles.writeLabels(mnist.resolve("train-labels-idx1-ubyte.gz"), new int[] {3});
        IdxFiles.writeImages(mnist.resolve("t10k-images-idx3-ubyte.gz"), 8, 8, small);
        IdxFiles.writeLabels(mnist.resolve("t10k-labels-idx1-ubyte.gz"), new int[] {7});
        msg = assertThrows(InvalidInputException.class, () -> DatasetCatalog.load("mnist", dir)).getMessage();
        assertTrue(msg.contains("holds images of 8 x 8 pixels, where mnist has 28 x 28"), msg);
        int[][] full = {new int[28 * 28]};
        IdxFiles.writeImages(mnist.resolve("train-images-idx3-ubyte.gz"), 28, 28, full);
        IdxFiles.writeImages(mnist.resolve("t10k-images-idx3-ubyte.gz"), 28, 28, full);
        TrainTest gzipped = DatasetCatalog.load("mnist", dir);
        assertEquals(10, gzipped.train().classes());
        assertEquals(7, gzipped.test().labels()[0]);
    }

    /** A stray label sets the class count of an IDX folder: the count's message names the sample that carries it. */
    @Test
    void theSampleOfTheLastClassIsNamed() {
        IdxFiles.writeImages(dir.resolve("train-images-idx3-ubyte"), 1, 1, new int[][] {{1}, {2}, {3}});
        IdxFiles.writeLabels(dir.resolve("train-labels-idx1-ubyte"), new int[] {1, 255, 0});
        IdxFiles.writeImages(dir.resolve("t10k-images-idx3-ubyte"), 1, 1, new int[][] {{1}});
        IdxFiles.writeLabels(dir.resolve("t10k-labels-idx1-ubyte"), new int[] {1});
        TrainTest data = DatasetCatalog.load(dir.toString(), dir);
        assertEquals(256, data.train().classes());
        assertEquals("training sample 1", data.lastClassSample());
        String msg = assertThrows(InvalidInputException.class, () -> org.xbarspice.train.TrainConfig.parse(
                "{\"layers\": \"1-4-10\"}", "test").checkFits(data)).getMessage();
        assertTrue(msg.endsWith("does not match the 256 classes of dataset '" + dir.getFileName() + "/train' (labels 0..255; "
                + "the first label 255 is that of training sample 1): end layers with 256 (--model 1-4-256 on the command line), "
                + "or correct that label if it is a mistake"), msg);
        // beyond the samples a run keeps (--train-samples 1): still named, from the whole files (it went unnamed)
        TrainTest first = DatasetCatalog.load(dir.toString(), dir, 1, 1);
        assertEquals(1, first.train().size());
        assertEquals("training sample 1", first.lastClassSample());
    }

    /** A damaged label of a set whose classes are known names its file and the repair (it named "mnist/test" alone). */
    @Test
    void aLabelBeyondTheKnownClassesNamesItsFile() {
        IdxFiles.writeImages(dir.resolve("train-images-idx3-ubyte"), 1, 1, new int[][] {{1}, {2}});
        IdxFiles.writeLabels(dir.resolve("train-labels-idx1-ubyte"), new int[] {1, 2});
        IdxFiles.writeImages(dir.resolve("t10k-images-idx3-ubyte"), 1, 1, new int[][] {{1}, {2}});
        IdxFiles.writeLabels(dir.resolve("t10k-labels-idx1-ubyte"), new int[] {3, 12});
        String msg = assertThrows(InvalidInputException.class, () -> DatasetCatalog.loadIdxDirectory(dir, 10)).getMessage();
        assertTrue(msg.startsWith("IDX file '" + dir.resolve("t10k-labels-idx1-ubyte") + "': the label of sample 1 is 12, "
                + "outside the 0..9") && msg.contains("scripts/setup-data.sh"), msg);
    }

    @Test
    void areaDownsamplingKeepsMeansAndLocality() {
        float[] uniform = new float[784];
        Arrays.fill(uniform, 0.4f);
        float[] corner = new float[784];
        for (int y = 0; y < 7; y++) {
            for (int x = 0; x < 7; x++) {
                corner[y * 28 + x] = 1; // exactly the area of output pixels (0,0), (0,1), (1,0), (1,1)
            }
        }
        Dataset d = new Dataset("t", new float[][] {uniform, corner}, new int[] {0, 1}, 2);
        Dataset small = Downsample.area(d, 28, 8, "t-8x8");
        assertEquals(64, small.featureCount());
        for (float v : small.features()[0]) {
            assertEquals(0.4f, v, 1e-6f);
        }
        float[] c = small.features()[1];
        for (int v = 0; v < 8; v++) {
            for (int u = 0; u < 8; u++) {
                assertEquals(v < 2 && u < 2 ? 1f : 0f, c[v * 8 + u], 1e-6f, "pixel " + v + "," + u);
            }
        }
        assertArrayEquals(d.labels(), small.labels());
        String msg = assertThrows(InvalidInputException.class, () -> Downsample.area(small, 28, 8, "x")).getMessage();
        assertTrue(msg.contains("64 features") && msg.contains("28 x 28"), msg);
    }
}
