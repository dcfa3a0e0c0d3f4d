package dev.spectral.internal.estimate;

import dev.spectral.internal.cpu.NetlibRuntime;
import dev.spectral.operator.ColumnSource;

/**
 * Greedy pivoted Cholesky of a positive semidefinite operator: A ≈ L Lᵀ with L n x r, each step taking the column of
 * the largest remaining diagonal (Harbrecht, Peters, Schneider 2012; the preconditioner of GPyTorch's SLQ). It needs
 * r columns of A and O(n r²) arithmetic, never a product with A.
 *
 * @param factor   L, n x rank, column-major
 * @param rank     columns computed (below the requested rank when the residual diagonal vanished first)
 * @param pivots   the row chosen at each step
 * @param residual diag(A - L Lᵀ), clamped at 0 (0 at the pivots)
 */
record PivotedCholesky(double[] factor, int n, int rank, int[] pivots, double[] residual) {
    /** Residual diagonals at or below this fraction of the largest diagonal of A end the factorization. */
    static final double STOP = 1e-14;

    static PivotedCholesky of(ColumnSource a, double[] diagonal, int maxRank) {
        int n = a.rows();
        var blas = NetlibRuntime.get().blas();
        double[] d = diagonal.clone();
        double top = 0;
        for (double v : d) {
            top = Math.max(top, v);
        }
        double[] l = new double[n * maxRank];
        int[] pivots = new int[maxRank];
        double[] col = new double[n];
        double[] row = new double[maxRank];
        int m = 0;
        for (; m < maxRank; m++) {
            int p = 0;
            for (int i = 1; i < n; i++) {
                if (d[i] > d[p]) {
                    p = i;
                }
            }
            if (!(d[p] > STOP * top)) {
                break;
            }
            a.column(p, col);
            if (m > 0) {
                for (int k = 0; k < m; k++) {
                    row[k] = l[p + k * n];
                }
                blas.dgemv("N", n, m, -1.0, l, n, row, 1, 1.0, col, 1);
            }
            double inv = 1 / Math.sqrt(d[p]);
            int o = m * n;
            for (int i = 0; i < n; i++) {
                double v = col[i] * inv;
                l[o + i] = v;
                d[i] = Math.max(0.0, d[i] - v * v);
            }
            d[p] = 0;
            pivots[m] = p;
        }
        return new PivotedCholesky(m == maxRank ? l : java.util.Arrays.copyOf(l, n * m), n, m,
                java.util.Arrays.copyOf(pivots, m), d);
    }

    /** Mean of the residual diagonal over the rows that were not pivots: the level of what L Lᵀ leaves out. */
    double meanResidual() {
        double sum = 0;
        for (double v : residual) {
            sum += v;
        }
        return n > rank ? sum / (n - rank) : 0;
    }
}
