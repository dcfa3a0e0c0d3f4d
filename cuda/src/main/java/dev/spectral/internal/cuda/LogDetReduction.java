package dev.spectral.internal.cuda;

import dev.spectral.linalg.Factorization;
import dev.spectral.linalg.LogDet;

/**
 * log|det| and sign from the diagonal of a factorization and its pivots, as LAPACK/cuSOLVER return them (1-based
 * pivots; for Bunch-Kaufman a negative pivot marks a 2x2 block). Host code, tested without a GPU against the CPU
 * backend's factorizations.
 */
final class LogDetReduction {
    private LogDetReduction() {}

    /** det A = Π L_ii². */
    static LogDet cholesky(double[] diag) {
        double sum = 0;
        for (double d : diag) {
            sum += Math.log(d);
        }
        return new LogDet(2 * sum, 1, Factorization.CHOLESKY, diag.length);
    }

    /** det A = Π U_ii times the sign of the row permutation (one swap wherever ipiv[i] ≠ i + 1). */
    static LogDet lu(double[] diag, int[] ipiv) {
        int n = diag.length;
        double logAbs = 0;
        int sign = 1;
        for (int i = 0; i < n; i++) {
            double u = diag[i];
            if (u == 0) {
                return LogDet.singular(Factorization.LU, n);
            }
            logAbs += Math.log(Math.abs(u));
            if (u < 0) {
                sign = -sign;
            }
            if (ipiv[i] != i + 1) {
                sign = -sign;
            }
        }
        return new LogDet(logAbs, sign, Factorization.LU, n);
    }

    /**
     * det A = det D for LDLᵀ with symmetric pivoting: 1x1 blocks d, and 2x2 blocks [[p, b], [b, c]] (ipiv[k] < 0)
     * whose determinant p c - b² is taken as b·((p / b) c - b), which stays finite where b² would overflow.
     *
     * @param diag the diagonal of D
     * @param sub  its first subdiagonal (n - 1 entries), read only inside 2x2 blocks
     */
    static LogDet ldl(double[] diag, double[] sub, int[] ipiv) {
        int n = diag.length;
        double logAbs = 0;
        int sign = 1;
        for (int k = 0; k < n; k++) {
            if (ipiv[k] > 0) {
                double d = diag[k];
                if (d == 0) {
                    return LogDet.singular(Factorization.LDL, n);
                }
                logAbs += Math.log(Math.abs(d));
                sign *= d < 0 ? -1 : 1;
            } else {
                double p = diag[k];
                double b = sub[k];
                double c = diag[k + 1];
                double t = (p / b) * c - b;
                if (t == 0) {
                    return LogDet.singular(Factorization.LDL, n);
                }
                logAbs += Math.log(Math.abs(b)) + Math.log(Math.abs(t));
                sign *= (b < 0) != (t < 0) ? -1 : 1;
                k++;
            }
        }
        return new LogDet(logAbs, sign, Factorization.LDL, n);
    }
}
