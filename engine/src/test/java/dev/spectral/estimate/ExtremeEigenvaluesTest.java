package dev.spectral.estimate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spectral.Backends;
import dev.spectral.InvalidInputException;
import dev.spectral.linalg.EigenSelection;
import dev.spectral.matrix.CsrMatrix;
import dev.spectral.matrix.DenseMatrix;
import dev.spectral.operator.LinearOperator;
import dev.spectral.operator.Operators;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ExtremeEigenvaluesTest {
    private static void checkPairs(LinearOperator a, Eigenpairs e, double scale) {
        int n = a.rows();
        int k = e.values().length;
        double[] v = e.vectors().data();
        for (int i = 0; i < k; i++) {
            double[] vi = Arrays.copyOfRange(v, i * n, (i + 1) * n);
            double[] av = a.times(vi);
            double r = 0;
            for (int j = 0; j < n; j++) {
                double d = av[j] - e.values()[i] * vi[j];
                r += d * d;
            }
            assertTrue(Math.sqrt(r) <= 1e-8 * scale, "true residual " + Math.sqrt(r) + " of pair " + i);
            for (int l = 0; l <= i; l++) {
                double dot = 0;
                for (int j = 0; j < n; j++) {
                    dot += v[l * n + j] * vi[j];
                }
                assertEquals(l == i ? 1 : 0, dot, 1e-10, "orthonormality " + l + "," + i);
            }
        }
    }

    @Test
    void topAndBottomMatchDenseEigh() {
        int n = 300;
        SplittableRandom r = new SplittableRandom(5);
        double[] lambda = new double[n];
        for (int i = 0; i < n; i++) {
            lambda[i] = r.nextGaussian() * 10;
        }
        DenseMatrix m = TestMatrices.withSpectrum(lambda, 6);
        LinearOperator a = Operators.dense(m);
        double[] all = Backends.cpu().eigh(m, EigenSelection.all(), false).values();
        double scale = Math.max(Math.abs(all[0]), Math.abs(all[n - 1]));
        Eigenpairs top = Estimators.extremeEigenvalues(a, 6, Which.LARGEST);
        Eigenpairs bottom = Estimators.extremeEigenvalues(a, 4, Which.SMALLEST);
        assertTrue(top.converged() && bottom.converged());
        for (int i = 0; i < 6; i++) {
            assertEquals(all[n - 1 - i], top.values()[i], 1e-10 * scale, "top " + i);
        }
        for (int i = 0; i < 4; i++) {
            assertEquals(all[i], bottom.values()[i], 1e-10 * scale, "bottom " + i);
        }
        checkPairs(a, top, scale);
        checkPairs(a, bottom, scale);
        assertTrue(top.restarts() > 0, "n = 300 with a 50-vector basis needs restarts");
    }

    @Test
    void matchesArpackOnASparseLaplacian() {
        // 1-D Laplacian with a random diagonal perturbation: clustered extreme eigenvalues, many restarts
        int n = 800;
        SplittableRandom r = new SplittableRandom(8);
        int[] rp = new int[n + 1];
        int[] ci = new int[3 * n - 2];
        double[] vals = new double[3 * n - 2];
        int p = 0;
        for (int i = 0; i < n; i++) {
            if (i > 0) {
                ci[p] = i - 1;
                vals[p++] = -1;
            }
            ci[p] = i;
            vals[p++] = 2 + 0.1 * r.nextDouble();
            if (i + 1 < n) {
                ci[p] = i + 1;
                vals[p++] = -1;
            }
            rp[i + 1] = p;
        }
        LinearOperator a = Operators.sparse(CsrMatrix.of(n, n, rp, ci, vals));
        double[] arpackTop = Arpack.eigenvalues(a, 5, "LA");
        double[] arpackBottom = Arpack.eigenvalues(a, 3, "SA");
        Eigenpairs top = Estimators.extremeEigenvalues(a, 5, Which.LARGEST);
        Eigenpairs bottom = Estimators.extremeEigenvalues(a, 3, Which.SMALLEST);
        assertTrue(top.converged() && bottom.converged());
        for (int i = 0; i < 5; i++) {
            assertEquals(arpackTop[4 - i], top.values()[i], 1e-9, "top " + i);
        }
        for (int i = 0; i < 3; i++) {
            assertEquals(arpackBottom[i], bottom.values()[i], 1e-9, "bottom " + i);
        }
        checkPairs(a, top, 4.2);
    }

    @Test
    void topSingularValuesOfRectangularOperatorsMatchDenseSvd() {
        for (int[] shape : new int[][] {{300, 120}, {90, 260}}) {
            DenseMatrix m = TestMatrices.gaussian(shape[0], shape[1], shape[0]);
            double[] s = Backends.cpu().svd(m, dev.spectral.linalg.SvdSelection.all(), false).singularValues();
            SingularValues sv = Estimators.singularValues(Operators.dense(m), 5);
            assertTrue(sv.converged());
            for (int i = 0; i < 5; i++) {
                assertEquals(s[i], sv.values()[i], 1e-10 * s[0], "sigma " + i);
                double[] v = sv.right().column(i);
                double[] u = sv.left().column(i);
                double[] av = Operators.dense(m).times(v);
                double r = 0;
                double un = 0;
                for (int j = 0; j < av.length; j++) {
                    r += (av[j] - sv.values()[i] * u[j]) * (av[j] - sv.values()[i] * u[j]);
                    un += u[j] * u[j];
                }
                assertEquals(1.0, un, 1e-9);
                assertTrue(Math.sqrt(r) <= 1e-9 * s[0], "A v = σ u");
            }
        }
    }

    @Test
    void smallOperatorsAreSolvedExactly() {
        double[] lambda = {3, -1, 7, 2, 2, 5};
        Eigenpairs e = Estimators.extremeEigenvalues(Operators.dense(TestMatrices.withSpectrum(lambda, 1)), 2, Which.LARGEST);
        assertEquals(7, e.values()[0], 1e-12);
        assertEquals(5, e.values()[1], 1e-12);
        assertTrue(e.converged());
    }

    @Test
    void refusesNonSymmetricOperatorsAndBadK() {
        assertThrows(InvalidInputException.class, () -> Estimators.extremeEigenvalues(
                Operators.dense(TestMatrices.gaussian(5, 5, 1)), 1, Which.LARGEST));
        assertThrows(InvalidInputException.class, () -> Estimators.extremeEigenvalues(
                Operators.dense(TestMatrices.withSpectrum(new double[] {1, 2}, 1)), 3, Which.LARGEST));
    }
}
