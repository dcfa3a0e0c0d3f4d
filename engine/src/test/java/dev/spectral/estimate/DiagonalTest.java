package dev.spectral.estimate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spectral.InvalidInputException;
import dev.spectral.matrix.DenseMatrix;
import dev.spectral.operator.LinearOperator;
import dev.spectral.operator.Operators;
import org.junit.jupiter.api.Test;

class DiagonalTest {
    private static double[] diag(DenseMatrix m) {
        double[] d = new double[m.rows()];
        for (int i = 0; i < d.length; i++) {
            d[i] = m.get(i, i);
        }
        return d;
    }

    private static double distance(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += (a[i] - b[i]) * (a[i] - b[i]);
        }
        return Math.sqrt(s);
    }

    @Test
    void exactDiagonalWithAndWithoutAStoredDiagonal() {
        DenseMatrix m = TestMatrices.withSpectrum(TestMatrices.Spectrum.POLY1.values(70), 1);
        LinearOperator blind = Operators.symmetric(70, (x, y, k) -> Operators.dense(m).apply(x, y, k));
        DiagonalEstimate viaProducts = Estimators.diagonal(blind, DiagMethod.exact());
        assertArrayEquals(diag(m), viaProducts.values(), 1e-15);
        assertEquals(70, viaProducts.matvecs());
        DiagonalEstimate stored = Estimators.diagonal(Operators.dense(m), DiagMethod.exact());
        assertEquals(0, stored.matvecs());
        assertArrayEquals(diag(m), stored.values(), 0);
    }

    @Test
    void hutchinsonIsExactOnDiagonalMatricesAndCalibratedOtherwise() {
        double[] d = {3, -1, 4, 1, 5, 9, 2, 6};
        DiagonalEstimate e = Estimators.diagonal(Operators.dense(DenseMatrix.diagonal(d)), DiagMethod.hutchinson(10));
        assertArrayEquals(d, e.values(), 1e-15); // z ⊙ Dz = d for sign vectors
        int n = 400;
        DenseMatrix m = TestMatrices.withSpectrum(TestMatrices.Spectrum.FLAT.values(n), 2);
        DiagonalEstimate h = Estimators.diagonal(Operators.dense(m), DiagMethod.hutchinson(200));
        double[] exact = diag(m);
        int inside = 0;
        for (int i = 0; i < n; i++) {
            if (Math.abs(h.values()[i] - exact[i]) <= 1.96 * h.standardErrors()[i]) {
                inside++;
            }
        }
        // per-entry 95% intervals from 200 probes: the hit count is close to Binomial(400, 0.95)
        assertTrue(inside >= 0.9 * n, inside + " of " + n);
        assertEquals(200, h.matvecs());
    }

    @Test
    void xdiagIsExactForLowRankAndBeatsHutchinsonOnDecayingSpectra() {
        int n = 500;
        double[] lowRank = new double[n];
        for (int i = 0; i < 6; i++) {
            lowRank[i] = 10 - i;
        }
        DenseMatrix r6 = TestMatrices.withSpectrum(lowRank, 3);
        DiagonalEstimate x = Estimators.diagonal(Operators.dense(r6), DiagMethod.xdiag(20));
        assertArrayEquals(diag(r6), x.values(), 1e-10, "the sketch spans the range: the diagonal is exact");

        DenseMatrix m = TestMatrices.withSpectrum(TestMatrices.Spectrum.POLY2.values(n), 4);
        double[] exact = diag(m);
        DiagonalEstimate xd = Estimators.diagonal(Operators.dense(m), DiagMethod.xdiag(100));
        DiagonalEstimate hd = Estimators.diagonal(Operators.dense(m), DiagMethod.hutchinson(100));
        double errX = distance(xd.values(), exact);
        double errH = distance(hd.values(), exact);
        // Hutchinson's ℓ₂ error is about √(Σ_i Σ_{j≠i} a_ij² / m); XDiag removes all but the tail beyond rank ~50
        assertTrue(errX < errH / 10, "XDiag " + errX + " vs Hutchinson " + errH);
        // each reports an error of the right order
        assertTrue(errH <= 3 * hd.errorNorm() && errH >= hd.errorNorm() / 3, errH + " vs " + hd.errorNorm());
        assertTrue(errX <= 3 * xd.errorNorm(), errX + " vs " + xd.errorNorm());
        assertEquals(100, xd.matvecs());
    }

    @Test
    void refusesTooSmallBudgetsAndNonSquareOperators() {
        assertThrows(InvalidInputException.class, () -> DiagMethod.xdiag(3));
        assertThrows(InvalidInputException.class, () -> DiagMethod.hutchinson(1));
        assertThrows(InvalidInputException.class, () -> Estimators.diagonal(
                Operators.dense(TestMatrices.gaussian(3, 4, 1)), DiagMethod.hutchinson(4)));
        assertThrows(InvalidInputException.class, () -> Estimators.diagonal(
                Operators.dense(TestMatrices.withSpectrum(new double[] {1, 2, 3}, 1)), DiagMethod.xdiag(8)));
    }
}
