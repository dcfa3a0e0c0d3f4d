package dev.spectral.internal.estimate;

import dev.spectral.InvalidInputException;
import dev.spectral.internal.cpu.CpuBackend;
import dev.spectral.internal.cpu.NetlibRuntime;
import dev.spectral.linalg.EigenSelection;
import dev.spectral.matrix.DenseMatrix;

/**
 * P = L Lᵀ + δ I for an n x r factor L and δ > 0, held as δ I + U Λ Uᵀ with U orthonormal (from the eigenpairs of
 * the r x r Gram matrix LᵀL, so L Lᵀ = U Λ Uᵀ). Then log det P = Σ log(λ_i + δ) + (n - r) log δ exactly, and
 * P^(-1/2) = δ^(-1/2) (I + U diag(c) Uᵀ) with c_i = √(δ / (λ_i + δ)) - 1 costs two n x r GEMMs per block.
 */
final class LowRankPreconditioner {
    private final int n;
    private final int r;
    private final double[] u;
    private final double[] c;
    private final double delta;
    private final double logdet;

    private LowRankPreconditioner(int n, int r, double[] u, double[] c, double delta, double logdet) {
        this.n = n;
        this.r = r;
        this.u = u;
        this.c = c;
        this.delta = delta;
        this.logdet = logdet;
    }

    static LowRankPreconditioner of(double[] l, int n, int rank, double delta) {
        if (!(delta > 0) || Double.isInfinite(delta)) {
            throw new InvalidInputException("the preconditioner's shift must be positive and finite, got " + delta);
        }
        var blas = NetlibRuntime.get().blas();
        double[] gram = new double[rank * rank];
        if (rank > 0) {
            blas.dgemm("T", "N", rank, rank, n, 1.0, l, n, l, n, 0.0, gram, rank);
        }
        DenseMatrix g = DenseMatrix.zeros(rank, rank);
        System.arraycopy(gram, 0, g.data(), 0, gram.length);
        ExactEstimator.symmetrize(g);
        var eig = rank > 0 ? new CpuBackend().eigh(g, EigenSelection.all(), true) : null;
        double top = 0;
        for (int i = 0; i < rank; i++) {
            top = Math.max(top, eig.values()[i]);
        }
        // directions L barely spans (λ at rounding level) are left to δ I: U must stay orthonormal
        int kept = 0;
        double[] v = new double[rank * rank];
        double[] lambda = new double[rank];
        for (int i = 0; i < rank; i++) {
            double li = eig.values()[i];
            if (li > 1e-12 * top) {
                System.arraycopy(eig.vectors().data(), i * rank, v, kept * rank, rank);
                lambda[kept++] = li;
            }
        }
        double[] u = new double[n * kept];
        if (kept > 0) {
            blas.dgemm("N", "N", n, kept, rank, 1.0, l, n, v, rank, 0.0, u, n);
        }
        double[] c = new double[kept];
        double logdet = (double) (n - kept) * Math.log(delta);
        for (int j = 0; j < kept; j++) {
            double s = 1 / Math.sqrt(lambda[j]);
            for (int i = 0; i < n; i++) {
                u[j * n + i] *= s;
            }
            c[j] = Math.sqrt(delta / (lambda[j] + delta)) - 1;
            logdet += Math.log(lambda[j] + delta);
        }
        return new LowRankPreconditioner(n, kept, u, c, delta, logdet);
    }

    /** log det P, exact. */
    double logdet() {
        return logdet;
    }

    int rank() {
        return r;
    }

    double delta() {
        return delta;
    }

    /** y = P^(-1/2) x for k column-major vectors (x and y may not alias). */
    void applyInverseSqrt(double[] x, double[] y, int k) {
        var blas = NetlibRuntime.get().blas();
        double s = 1 / Math.sqrt(delta);
        System.arraycopy(x, 0, y, 0, n * k);
        if (r > 0) {
            double[] h = new double[r * k];
            blas.dgemm("T", "N", r, k, n, 1.0, u, n, x, n, 0.0, h, r);
            for (int q = 0; q < k; q++) {
                for (int j = 0; j < r; j++) {
                    h[q * r + j] *= c[j];
                }
            }
            blas.dgemm("N", "N", n, k, r, 1.0, u, n, h, r, 1.0, y, n);
        }
        for (int i = 0; i < n * k; i++) {
            y[i] *= s;
        }
    }
}
