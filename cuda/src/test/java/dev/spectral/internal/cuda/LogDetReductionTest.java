package dev.spectral.internal.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ludovic.netlib.lapack.LAPACK;
import dev.spectral.contract.KnownMatrices;
import dev.spectral.contract.RandomOrthogonal;
import dev.spectral.internal.cpu.NetlibRuntime;
import dev.spectral.linalg.Factorization;
import dev.spectral.linalg.LogDet;
import dev.spectral.matrix.DenseMatrix;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.netlib.util.intW;

/**
 * The host-side reduction the GPU path applies to cuSOLVER's factors (diagonal, subdiagonal, 1-based pivots), fed here
 * with LAPACK's factors of the same matrices, whose LAPACK conventions cuSOLVER shares, and checked against
 * determinants known by construction: Π λ for Q diag(λ) Qᵀ, ±Π s for the zero-diagonal matrix that forces 2x2 pivots.
 */
class LogDetReductionTest {
    private static final LAPACK LAPACK = NetlibRuntime.get().lapack();
    private static final int N = 60;

    private static double sumLogAbs(double[] v) {
        double s = 0;
        for (double x : v) {
            s += Math.log(Math.abs(x));
        }
        return s;
    }

    private static int signOf(double[] v) {
        int s = 1;
        for (double x : v) {
            s *= x < 0 ? -1 : 1;
        }
        return s;
    }

    private static double[] diagonal(double[] f, int n, int offset) {
        double[] d = new double[n - offset];
        for (int i = 0; i < d.length; i++) {
            d[i] = f[(i + offset) + i * n];
        }
        return d;
    }

    /** The contract's bound 2nκ(cn + 4pn)ε + nεΣ|log|λ|| with c = 20 and p = n Householder reflectors (Haar Q). */
    private static double tolerance(double[] lambda) {
        double kappa = 0;
        double max = 0;
        double min = Double.MAX_VALUE;
        for (double l : lambda) {
            max = Math.max(max, Math.abs(l));
            min = Math.min(min, Math.abs(l));
        }
        kappa = max / min;
        return 2.0 * N * kappa * (20.0 * N + 4.0 * N * N) * Math.ulp(1.0) + N * Math.ulp(1.0) * sumAbsLog(lambda);
    }

    private static double sumAbsLog(double[] v) {
        double s = 0;
        for (double x : v) {
            s += Math.abs(Math.log(Math.abs(x)));
        }
        return s;
    }

    @Test
    void choleskyAndLuOfAKnownSpectrum() {
        Random rng = new Random(7);
        double[] lambda = KnownMatrices.logUniform(N, 0.1, 10, 0.0, rng);
        DenseMatrix a = KnownMatrices.symmetric(lambda, RandomOrthogonal.haar(N, rng));
        double truth = sumLogAbs(lambda);

        double[] l = a.data().clone();
        intW info = new intW(0);
        LAPACK.dpotrf("L", N, l, N, info);
        assertEquals(0, info.val);
        LogDet c = LogDetReduction.cholesky(diagonal(l, N, 0));
        assertEquals(truth, c.logAbsDet(), tolerance(lambda));
        assertEquals(1, c.sign());
        assertEquals(Factorization.CHOLESKY, c.factorization());

        double[] lu = a.data().clone();
        int[] ipiv = new int[N];
        LAPACK.dgetrf(N, N, lu, N, ipiv, info);
        assertEquals(0, info.val);
        LogDet u = LogDetReduction.lu(diagonal(lu, N, 0), ipiv);
        assertEquals(truth, u.logAbsDet(), tolerance(lambda));
        assertEquals(1, u.sign());
    }

    @Test
    void luSignOfAnIndefiniteMatrix() {
        Random rng = new Random(8);
        double[] lambda = KnownMatrices.logUniform(N, 0.1, 10, 0.5, rng);
        DenseMatrix a = KnownMatrices.symmetric(lambda, RandomOrthogonal.haar(N, rng));
        double[] lu = a.data().clone();
        int[] ipiv = new int[N];
        intW info = new intW(0);
        LAPACK.dgetrf(N, N, lu, N, ipiv, info);
        LogDet u = LogDetReduction.lu(diagonal(lu, N, 0), ipiv);
        assertEquals(sumLogAbs(lambda), u.logAbsDet(), tolerance(lambda));
        assertEquals(signOf(lambda), u.sign());
    }

    @Test
    void ldlWithTwoByTwoPivotsOfAZeroDiagonalMatrix() {
        Random rng = new Random(9);
        int k = N / 2;
        double[] s = KnownMatrices.logUniform(k, 0.5, 4, 0.0, rng);
        DenseMatrix a = KnownMatrices.zeroDiagonal(s, rng);
        double[] f = a.data().clone();
        int[] ipiv = new int[N];
        intW info = new intW(0);
        double[] wq = new double[1];
        LAPACK.dsytrf("L", N, f, N, ipiv, wq, -1, info);
        double[] work = new double[(int) wq[0]];
        LAPACK.dsytrf("L", N, f, N, ipiv, work, work.length, info);
        assertEquals(0, info.val);
        boolean twoByTwo = false;
        for (int p : ipiv) {
            twoByTwo |= p < 0;
        }
        assertEquals(true, twoByTwo, "the zero diagonal must force 2x2 pivots");
        LogDet d = LogDetReduction.ldl(diagonal(f, N, 0), diagonal(f, N, 1), ipiv);
        double[] lambda = new double[N];
        for (int i = 0; i < k; i++) {
            lambda[i] = s[i];
            lambda[k + i] = -s[i];
        }
        assertEquals(2 * sumLogAbs(s), d.logAbsDet(), tolerance(lambda));
        assertEquals(k % 2 == 0 ? 1 : -1, d.sign());
    }

    @Test
    void zeroPivotsAreSingular() {
        assertEquals(LogDet.singular(Factorization.LU, 2), LogDetReduction.lu(new double[] {1, 0}, new int[] {1, 2}));
        assertEquals(LogDet.singular(Factorization.LDL, 2),
                LogDetReduction.ldl(new double[] {0, 1}, new double[] {0}, new int[] {1, 2}));
    }
}
