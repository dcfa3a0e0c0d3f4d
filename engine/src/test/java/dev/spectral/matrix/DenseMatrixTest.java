package dev.spectral.matrix;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class DenseMatrixTest {
    /** The plain definition, entry by entry, as the independent truth for the tiled sweep. */
    private static double naiveAsymmetry(DenseMatrix a) {
        int n = a.rows();
        double maxAbs = 0;
        double maxDiff = 0;
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                maxAbs = Math.max(maxAbs, Math.abs(a.get(i, j)));
                maxDiff = Math.max(maxDiff, Math.abs(a.get(i, j) - a.get(j, i)));
            }
        }
        return maxAbs == 0 ? 0 : maxDiff / maxAbs;
    }

    @Test
    void relativeAsymmetryFindsOnePerturbedEntryAnywhere() {
        SplittableRandom rng = new SplittableRandom(5);
        for (int n : new int[] {1, 2, 63, 64, 65, 130, 257}) {
            DenseMatrix a = DenseMatrix.zeros(n, n);
            for (int j = 0; j < n; j++) {
                for (int i = 0; i <= j; i++) {
                    double v = rng.nextGaussian();
                    a.set(i, j, v);
                    a.set(j, i, v);
                }
            }
            assertEquals(0.0, a.relativeAsymmetry(), "n = " + n);
            for (int trial = 0; trial < 5 && n > 1; trial++) {
                int i = rng.nextInt(n);
                int j = rng.nextInt(n);
                if (i == j) {
                    continue;
                }
                a.set(i, j, a.get(i, j) + 1e-3 * (trial + 1));
                assertEquals(naiveAsymmetry(a), a.relativeAsymmetry(), 0.0, "n = " + n + ", entry (" + i + ", " + j + ")");
            }
        }
        assertEquals(0.0, DenseMatrix.zeros(3, 3).relativeAsymmetry());
    }
}
