package dev.spectral.internal.estimate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spectral.Backends;
import dev.spectral.estimate.TestMatrices;
import dev.spectral.linalg.Factorization;
import dev.spectral.matrix.DenseMatrix;
import dev.spectral.operator.Operators;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Pivoted Cholesky against the matrix it factors, and P^(-1/2), log det P against the dense P. */
class LowRankPreconditionerTest {
    @Test
    void inverseSquareRootAndLogdetMatchTheDenseMatrix() {
        int n = 60;
        int r = 8;
        double delta = 0.3;
        DenseMatrix l = TestMatrices.gaussian(n, r, 4);
        // P = L Lᵀ + δ I, formed
        DenseMatrix p = Backends.cpu().multiply(l, false, l, true);
        for (int i = 0; i < n; i++) {
            p.set(i, i, p.get(i, i) + delta);
        }
        LowRankPreconditioner pre = LowRankPreconditioner.of(l.data(), n, r, delta);
        assertEquals(r, pre.rank());
        double exact = Backends.cpu().logdet(p, Factorization.CHOLESKY).logAbsDet();
        assertEquals(exact, pre.logdet(), 1e-12 * Math.abs(exact));
        // P^(-1/2) P P^(-1/2) = I
        double[] half = new double[n * n];
        pre.applyInverseSqrt(p.data(), half, n);
        DenseMatrix h = DenseMatrix.zeros(n, n);
        System.arraycopy(half, 0, h.data(), 0, n * n);
        DenseMatrix ht = h.transpose();
        double[] id = new double[n * n];
        pre.applyInverseSqrt(ht.data(), id, n);
        for (int j = 0; j < n; j++) {
            for (int i = 0; i < n; i++) {
                assertEquals(i == j ? 1.0 : 0.0, id[i + j * n], 1e-12, "(" + i + ", " + j + ")");
            }
        }
    }

    @Test
    void pivotedCholeskyOfFullRankReproducesTheMatrixAndStopsAtTheRankOfALowRankOne() {
        int n = 40;
        double[] lambda = new double[n];
        for (int i = 0; i < n; i++) {
            lambda[i] = Math.pow(0.7, i) + 1e-3;
        }
        DenseMatrix a = TestMatrices.withSpectrum(lambda, 9);
        var op = Operators.dense(a);
        PivotedCholesky full = PivotedCholesky.of(op, op.diagonal().orElseThrow(), n);
        assertEquals(n, full.rank());
        Set<Integer> seen = new HashSet<>();
        for (int p : full.pivots()) {
            assertTrue(seen.add(p), "pivot " + p + " chosen twice");
        }
        DenseMatrix l = DenseMatrix.zeros(n, n);
        System.arraycopy(full.factor(), 0, l.data(), 0, n * n);
        DenseMatrix llt = Backends.cpu().multiply(l, false, l, true);
        for (int j = 0; j < n; j++) {
            for (int i = 0; i < n; i++) {
                assertEquals(a.get(i, j), llt.get(i, j), 1e-12);
            }
        }
        // the first pivot is the largest diagonal entry, and the residual shrinks with the rank
        int top = 0;
        for (int i = 1; i < n; i++) {
            top = a.get(i, i) > a.get(top, top) ? i : top;
        }
        assertEquals(top, full.pivots()[0]);
        double r5 = sum(PivotedCholesky.of(op, op.diagonal().orElseThrow(), 5).residual());
        double r15 = sum(PivotedCholesky.of(op, op.diagonal().orElseThrow(), 15).residual());
        assertTrue(r15 < r5, r15 + " vs " + r5);

        DenseMatrix g = TestMatrices.gaussian(n, 3, 2);
        var low = Operators.dense(Backends.cpu().multiply(g, false, g, true));
        PivotedCholesky three = PivotedCholesky.of(low, low.diagonal().orElseThrow(), 10);
        assertEquals(3, three.rank(), "a rank-3 matrix leaves nothing on the diagonal after 3 steps");
    }

    private static double sum(double[] x) {
        double s = 0;
        for (double v : x) {
            s += v;
        }
        return s;
    }
}
