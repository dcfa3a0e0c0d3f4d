package dev.spectral.internal.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spectral.contract.KnownMatrices;
import dev.spectral.matrix.DenseMatrix;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.netlib.util.intW;

/**
 * The contract's LDL cases exercise what they claim on this backend: dsytrf really takes 2x2 pivots on them, so the
 * 2x2-block determinant code in {@link CpuBackend} is what the contract checks.
 */
class CpuLdlPivotTest {
    /** Number of 2x2 blocks in the Bunch-Kaufman factorization of {@code a} (lower storage, negative ipiv pairs). */
    private static int twoByTwoBlocks(DenseMatrix a) {
        int n = a.rows();
        return NativeThreads.call(() -> {
            var lapack = NetlibRuntime.get().lapack();
            double[] f = a.data().clone();
            int[] ipiv = new int[n];
            double[] wq = new double[1];
            intW info = new intW(0);
            lapack.dsytrf("L", n, f, n, ipiv, wq, -1, info);
            double[] work = new double[Math.max(1, (int) wq[0])];
            lapack.dsytrf("L", n, f, n, ipiv, work, work.length, info);
            assertEquals(0, info.val, "dsytrf info");
            int blocks = 0;
            for (int k = 0; k < n; k++) {
                if (ipiv[k] < 0) {
                    assertEquals(ipiv[k], ipiv[k + 1], "a 2x2 block has equal negative ipiv entries");
                    blocks++;
                    k++;
                }
            }
            return blocks;
        });
    }

    @Test
    void zeroDiagonalMatricesOfTheContractFactorWithTwoByTwoPivots() {
        for (int k : new int[] {60, 61}) {
            // The same construction and seeds as DenseBackendContract.ldlLogDetWithZeroDiagonalTwoByTwoPivots.
            Random rng = new Random(30 + k);
            double[] s = KnownMatrices.logUniform(k, 0.5, 20, 0, rng);
            DenseMatrix a = KnownMatrices.zeroDiagonal(s, rng);
            int blocks = twoByTwoBlocks(a);
            // The first pivot column has a zero diagonal, so one 2x2 block is certain; here every pivot is one (k blocks).
            assertTrue(blocks >= k / 4, "only " + blocks + " 2x2 blocks for n = " + 2 * k);
        }
    }

    @Test
    void smallHandCasesAreSingleTwoByTwoBlocks() {
        assertEquals(1, twoByTwoBlocks(DenseMatrix.fromRows(new double[][] {{0, 1}, {1, 0}})));
        assertEquals(1, twoByTwoBlocks(DenseMatrix.fromRows(new double[][] {{1, 3}, {3, 1}})));
        assertEquals(1, twoByTwoBlocks(DenseMatrix.fromRows(new double[][] {{0, 1e200}, {1e200, 0}})));
    }
}
