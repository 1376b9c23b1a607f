package org.xbarspice.tile;

import org.junit.jupiter.api.Tag;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.xbarspice.device.SoftBoundsDevice;
import org.xbarspice.device.Variability;
import org.xbarspice.spice.SharedEngine;

/**
 * The contract every composition of a {@link PulsedTile} keeps (DESIGN.md: one contract, run against every engine):
 * reads agree with the weights the tile holds, an update moves exactly the devices whose row and column both pulse and
 * in the direction of {@code x_i d_j}, a copy of the device weights restores the tile's reads, and the same seed gives
 * the same tile. Run on ideal circuits (exact reads) for the behavioral tile, the SPICE tile (ngspice reads and
 * quasi-static updates) and a mixed composition (ngspice reads, behavioral updates).
 */
@Tag("ngspice")
class PulsedTileContractTest {
    /** Soft bounds +-1, device-to-device spread, no cycle-to-cycle noise (so no pulse can step the wrong way). */
    private static final SoftBoundsDevice DEVICE = new SoftBoundsDevice(0.01, 1, 1, -1, 1, new Variability(0.3, 0.05, 0.3, 0));
    private static final TileSpec SPEC = TileSpec.ideal(DEVICE);
    private static final int N = 6;
    private static final int M = 4;

    /** A tile of the composition named {@code kind}. */
    private static PulsedTile tile(String kind, long seed) {
        return switch (kind) {
            case "behavioral" -> new BehavioralTile(N, M, SPEC, seed);
            case "spice" -> new SpiceTile(N, M, SPEC, seed, SpiceTile.Setup.of(SharedEngine.get()));
            case "spice reads, behavioral updates" -> new PulsedTile(N, M, SPEC, seed,
                    new SpiceReader(SharedEngine.get(), PulsedTile.circuit(N, M, SPEC, "a SPICE read")),
                    BehavioralUpdater.of(SPEC, N + 1, M, 0));
            default -> throw new IllegalArgumentException(kind);
        };
    }

    /**
     * Tolerance of a read against the exact product (weight units). Measured: 0 for the behavioral product, at most
     * 1.1e-15 through ngspice (ideal wires: the circuit read is linear and exact up to rounding). Bounds 1e-15 and 1e-14.
     */
    static Stream<Arguments> compositions() {
        return Stream.of(Arguments.of("behavioral", 1e-15), Arguments.of("spice", 1e-14),
                Arguments.of("spice reads, behavioral updates", 1e-14));
    }

    private static double[] uniform(SplittableRandom rng, int n, double lo, double hi) {
        double[] v = new double[n];
        for (int k = 0; k < n; k++) {
            v[k] = lo + (hi - lo) * rng.nextDouble();
        }
        return v;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("compositions")
    void readsAgreeWithTheWeightsTheTileHolds(String kind, double tolerance) {
        PulsedTile tile = tile(kind, 3);
        SplittableRandom rng = new SplittableRandom(4);
        tile.program(uniform(rng, (N + 1) * M, -0.8, 0.8));
        double[] w = tile.readWeights();
        double[] x = uniform(rng, N, -1, 1);
        double[] y = new double[M];
        tile.forward(x, y);
        double[] d = uniform(rng, M, -1, 1);
        double[] delta = new double[N];
        tile.backward(d, delta);
        for (int j = 0; j < M; j++) {
            double expected = w[N * M + j];
            for (int i = 0; i < N; i++) {
                expected += w[i * M + j] * x[i];
            }
            assertEquals(expected, y[j], tolerance, "forward output " + j);
        }
        for (int i = 0; i < N; i++) {
            double expected = 0;
            for (int j = 0; j < M; j++) {
                expected += w[i * M + j] * d[j];
            }
            assertEquals(expected, delta[i], tolerance, "backward output " + i);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("compositions")
    void anUpdateMovesExactlyTheCoincidentDevicesTheRightWay(String kind, double tolerance) {
        PulsedTile tile = tile(kind, 5);
        double[] x = {0.9, 0, -0.7, 0.5, 0, 1};
        double[] d = {0.8, -0.6, 0, 0.4};
        double[] before = tile.deviceWeights();
        tile.update(x, d, 0.05);
        double[] after = tile.deviceWeights();
        int moved = 0;
        double[] rows = {x[0], x[1], x[2], x[3], x[4], x[5], 1};
        for (int i = 0; i <= N; i++) {
            for (int j = 0; j < M; j++) {
                double change = after[i * M + j] - before[i * M + j];
                double sign = Math.signum(rows[i] * d[j]);
                if (sign == 0) {
                    assertEquals(0.0, change, 0.0, "device (" + i + ", " + j + ") has a silent row or column and must not move");
                } else if (change != 0) {
                    assertEquals(sign, Math.signum(change), "device (" + i + ", " + j + ") moved against x_i d_j");
                    moved++;
                }
            }
        }
        assertTrue(moved >= 10, "the update moved " + moved + " of the 15 coincident devices");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("compositions")
    void aCopyOfTheDeviceWeightsRestoresTheReads(String kind, double tolerance) {
        PulsedTile trained = tile(kind, 7);
        SplittableRandom rng = new SplittableRandom(8);
        for (int k = 0; k < 5; k++) {
            trained.update(uniform(rng, N, -1, 1), uniform(rng, M, -1, 1), 0.05);
        }
        PulsedTile restored = tile(kind, 7);
        restored.setDeviceWeights(trained.deviceWeights());
        assertArrayEquals(trained.readWeights(), restored.readWeights(), 0.0);
        double[] x = uniform(rng, N, -1, 1);
        double[] a = new double[M];
        double[] b = new double[M];
        trained.forward(x, a);
        restored.forward(x, b);
        assertArrayEquals(a, b, 0.0, "same devices, same read");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("compositions")
    void theSameSeedGivesTheSameTile(String kind, double tolerance) {
        PulsedTile a = tile(kind, 11);
        PulsedTile b = tile(kind, 11);
        SplittableRandom rng = new SplittableRandom(12);
        for (int k = 0; k < 3; k++) {
            double[] x = uniform(rng, N, -1, 1);
            double[] d = uniform(rng, M, -1, 1);
            a.update(x, d, 0.05);
            b.update(x, d, 0.05);
        }
        assertArrayEquals(a.deviceWeights(), b.deviceWeights(), 0.0);
    }
}
