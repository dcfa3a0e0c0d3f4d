package dev.spectral.rmt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spectral.Backends;
import dev.spectral.linalg.SvdSelection;
import dev.spectral.spi.DenseBackend;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The BBP transition as an example: a population spike ℓ in the covariance of n = 2000 samples of p = 200 features
 * (γ = 0.1, threshold 1 + √γ ≈ 1.316). Above the threshold the top sample eigenvalue separates from the bulk and lands
 * near ℓ(1 + γ/(ℓ-1)), not at ℓ; below it, it stays at the bulk edge (1 + √γ)² with Tracy-Widom fluctuations.
 */
class BbpTransitionTest {
    private static final int N = 2000;
    private static final int P = 200;
    private static final int REPS = 8;
    private static final double GAMMA = (double) P / N;

    private static double[] topEigenvalues(double spike, long seed) {
        double[] top = new double[REPS];
        SplittableRandom rng = new SplittableRandom(seed);
        try (DenseBackend cpu = Backends.cpu()) {
            for (int r = 0; r < REPS; r++) {
                var x = RandomMatrices.spikedCovarianceSample(N, P, new double[] {spike}, rng);
                double s = cpu.svd(x, SvdSelection.top(1), false).singularValues()[0];
                top[r] = s * s / N;
            }
        }
        return top;
    }

    @Test
    void aboveTheThresholdTheTopEigenvalueSeparatesAsPredicted() {
        for (double spike : new double[] {2, 4}) {
            double[] top = topEigenvalues(spike, 7 + (long) spike);
            double mean = java.util.Arrays.stream(top).average().orElseThrow();
            double predicted = Bbp.topEigenvalueLimit(spike, GAMMA);
            double sdOfMean = Bbp.supercriticalStandardDeviation(spike, GAMMA, N) / Math.sqrt(REPS);
            System.out.printf("spike %.2f: mean top eigenvalue %.4f, BBP prediction %.4f (sd of mean %.4f)%n",
                    spike, mean, predicted, sdOfMean);
            assertEquals(predicted, mean, 4 * sdOfMean);
            if (spike == 2) {
                // Here the shift γℓ/(ℓ-1) = 0.2 is about ten standard deviations: the naive guess ℓ is excluded.
                assertTrue(Math.abs(mean - spike) > 4 * sdOfMean);
            }
        }
    }

    @Test
    void belowTheThresholdTheTopEigenvalueStaysAtTheBulkEdge() {
        double spike = 1.1;
        assertTrue(spike < Bbp.threshold(GAMMA));
        double edge = Math.pow(1 + Math.sqrt(GAMMA), 2);
        assertEquals(edge, Bbp.topEigenvalueLimit(spike, GAMMA), 1e-15);
        WishartEdge tw = WishartEdge.of(N, P);
        double lo = TracyWidom.quantile(0.0005);
        double hi = TracyWidom.quantile(0.9995);
        for (double top : topEigenvalues(spike, 99)) {
            double s = tw.statisticNormalized(top, 1.0);
            System.out.printf("spike %.2f: top eigenvalue %.4f, edge %.4f, TW statistic %.2f%n", spike, top, edge, s);
            assertTrue(s > lo && s < hi, "TW statistic " + s + " outside [" + lo + ", " + hi + "]");
        }
    }
}
