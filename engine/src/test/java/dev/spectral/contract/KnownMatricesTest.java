package dev.spectral.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.spectral.matrix.DenseMatrix;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The contract's test matrices really have the spectra they claim (checked in pure Java, no backend involved). */
class KnownMatricesTest {
    private static final double EPS = Math.ulp(1.0);

    @Test
    void randomOrthogonalIsOrthogonalWithDeterminantMinusOneToTheP() {
        Random rng = new Random(1);
        for (int p : new int[] {0, 1, 4, 5, 6}) {
            int n = 7;
            RandomOrthogonal q = RandomOrthogonal.fromGaussian(n, p, rng);
            DenseMatrix qm = DenseMatrix.of(n, n, q.toArray());
            DenseMatrix gram = KnownMatrices.naiveProduct(qm, true, qm, false);
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    // Each column is the product of p reflections of a unit vector: error <= ~p n eps.
                    assertEquals(i == j ? 1.0 : 0.0, gram.get(i, j), 4.0 * (p + 1) * n * EPS);
                }
            }
            assertEquals(q.determinant(), gaussianEliminationDeterminant(qm), 1e-12, "p = " + p);
        }
    }

    @Test
    void symmetricHasTheColumnsOfQAsEigenvectors() {
        int n = 40;
        Random rng = new Random(2);
        double[] lambda = KnownMatrices.logUniform(n, 0.1, 10, 0.5, rng);
        RandomOrthogonal q = RandomOrthogonal.haar(n, rng);
        DenseMatrix a = KnownMatrices.symmetric(lambda, q);
        assertEquals(0.0, a.relativeAsymmetry());
        DenseMatrix qm = DenseMatrix.of(n, n, q.toArray());
        DenseMatrix aq = KnownMatrices.naiveProduct(a, false, qm, false);
        // Building A applies p = n - 1 reflectors on each side (each an n-term dot product: error <= ~2 n eps per
        // application), Q carries ~p n eps, and the check's product adds n eps: in all <= ~4 n² eps max|λ|.
        double tol = 4.0 * n * n * EPS * 10;
        for (int j = 0; j < n; j++) {
            for (int i = 0; i < n; i++) {
                assertEquals(lambda[j] * qm.get(i, j), aq.get(i, j), tol);
            }
        }
    }

    @Test
    void productHasDiagonalCoreInTheFactorBases() {
        Random rng = new Random(3);
        int m = 9;
        int n = 5;
        double[] d = {5, 4, 4, 1, 0};
        RandomOrthogonal u = RandomOrthogonal.haar(m, rng);
        RandomOrthogonal v = RandomOrthogonal.haar(n, rng);
        DenseMatrix a = KnownMatrices.product(u, d, v);
        DenseMatrix um = DenseMatrix.of(m, m, u.toArray());
        DenseMatrix vm = DenseMatrix.of(n, n, v.toArray());
        DenseMatrix core = KnownMatrices.naiveProduct(KnownMatrices.naiveProduct(um, true, a, false), false, vm, false);
        // Same error budget as above with m - 1 + n - 1 reflectors and two check products of length <= m.
        double tol = 4.0 * (m + n) * m * EPS * 5;
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                assertEquals(i == j ? d[i] : 0.0, core.get(i, j), tol);
            }
        }
    }

    @Test
    void zeroDiagonalIsSymmetricWithZeroDiagonalAndTheRightFrobeniusNorm() {
        double[] s = {3, 2, 2, 0.5, 0.25};
        DenseMatrix a = KnownMatrices.zeroDiagonal(s, new Random(4));
        int n = a.rows();
        assertEquals(10, n);
        assertEquals(0.0, a.relativeAsymmetry());
        double expected = 0;
        for (double si : s) {
            expected += 2 * si * si;
        }
        for (int i = 0; i < n; i++) {
            assertEquals(0.0, a.get(i, i));
        }
        // ‖M‖_F² = Σ λ² = 2 Σ s²: the eigenvalues are ±s.
        assertEquals(expected, a.frobeniusNorm() * a.frobeniusNorm(), 4.0 * n * n * EPS * expected);
    }

    /** det by Gaussian elimination with partial pivoting, for tiny matrices only. */
    private static double gaussianEliminationDeterminant(DenseMatrix m) {
        int n = m.rows();
        double[][] a = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                a[i][j] = m.get(i, j);
            }
        }
        double det = 1;
        for (int k = 0; k < n; k++) {
            int p = k;
            for (int i = k + 1; i < n; i++) {
                if (Math.abs(a[i][k]) > Math.abs(a[p][k])) {
                    p = i;
                }
            }
            if (p != k) {
                double[] t = a[p];
                a[p] = a[k];
                a[k] = t;
                det = -det;
            }
            det *= a[k][k];
            for (int i = k + 1; i < n; i++) {
                double f = a[i][k] / a[k][k];
                for (int j = k; j < n; j++) {
                    a[i][j] -= f * a[k][j];
                }
            }
        }
        return det;
    }
}
