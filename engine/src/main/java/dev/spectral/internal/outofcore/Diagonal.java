package dev.spectral.internal.outofcore;

import dev.spectral.linalg.Factorization;

/**
 * What the factor's diagonal says about each row, kept in memory for the whole run (and in each column's record on
 * disk, so that a resumed run gets it back): the log of each pivot's contribution to |det|, its sign, whether the
 * leading minor ending at that row is exact, the interchange made at that row, and for LDLᵀ the pivot blocks.
 */
final class Diagonal {
    /** log |pivot| for 1x1 pivots and LU; for a 2x2 LDLᵀ pivot, 0 at its first row and log |det| at its second. */
    final double[] logAbs;
    /** +1 or -1: the pivot's sign times (LU) the interchange's sign. */
    final byte[] sign;
    /** 1 when det K_{1:m} (m = row + 1) is the product of the pivots so far. */
    final byte[] exact;
    /** The interchange partner (see OutOfCoreResult.pivots); the row itself when none. */
    final int[] pivot;
    /** LDLᵀ only: D's diagonal. */
    final double[] d;
    /** LDLᵀ only: D's subdiagonal, nonzero at the first row of a 2x2 pivot. */
    final double[] e;

    Diagonal(int n, Factorization kind) {
        logAbs = new double[n];
        sign = new byte[n];
        exact = new byte[n];
        pivot = new int[n];
        for (int i = 0; i < n; i++) {
            pivot[i] = i;
        }
        boolean ldl = kind == Factorization.LDL;
        d = ldl ? new double[n] : null;
        e = ldl ? new double[n] : null;
    }
}
