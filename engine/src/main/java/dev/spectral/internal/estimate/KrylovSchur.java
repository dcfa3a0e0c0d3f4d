package dev.spectral.internal.estimate;

import dev.spectral.InvalidInputException;
import dev.spectral.estimate.EigenOptions;
import dev.spectral.estimate.Eigenpairs;
import dev.spectral.estimate.Probe;
import dev.spectral.estimate.Which;
import dev.spectral.internal.cpu.CpuBackend;
import dev.spectral.internal.cpu.NetlibRuntime;
import dev.spectral.linalg.EigenSelection;
import dev.spectral.linalg.SymmetricEigen;
import dev.spectral.matrix.DenseMatrix;
import dev.spectral.operator.LinearOperator;

/**
 * Extreme eigenpairs of a symmetric operator by thick-restart Lanczos (Wu and Simon 2000; the symmetric case of
 * Stewart's Krylov-Schur). The basis is kept orthogonal by full reorthogonalization (classical Gram-Schmidt, repeated when the DGKS test asks),
 * the projected matrix H = VᵀAV is formed from those projections, and when the basis is full the Ritz pairs nearest
 * the wanted end are kept (about half the basis) together with the last Lanczos vector, which continues the
 * expansion. A Ritz pair (θ, Vs) has residual ‖A Vs - θ Vs‖ = β·|s_m| without any extra product.
 */
public final class KrylovSchur {
    /** Reorthogonalize again when a Gram-Schmidt pass leaves less than this fraction of the vector's norm. */
    private static final double DGKS = 0.7071067811865476;

    private KrylovSchur() {}

    public static Eigenpairs solve(LinearOperator a, int k, Which which, EigenOptions o) {
        long start = System.nanoTime();
        Checks.symmetric(a, "extreme eigenvalues");
        int n = a.rows();
        if (k < 1 || k > n) {
            throw new InvalidInputException("asked for " + k + " eigenvalues of an operator of order " + n);
        }
        Counting op = Counting.wrap(a);
        int m = o.basisSize() > 0 ? o.basisSize() : Math.max(2 * k + 10, 20);
        m = Math.min(m, n);
        if (m <= k && m < n) {
            throw new InvalidInputException("the basis size " + m + " must exceed the number of eigenvalues " + k);
        }
        var blas = NetlibRuntime.get().blas();
        double[] v = new double[n * (m + 1)];
        double[] h = new double[m * m];
        ProbeVectors.fill(Probe.GAUSSIAN, o.seed(), 0, v, 0, n);
        normalize(v, 0, n);
        int startCol = 0;
        int restarts = 0;
        int fresh = 1;
        double normEst = 0;
        double[] w = new double[n];
        double[] proj = new double[m + 1];
        while (true) {
            double beta = 0;
            int size = m;
            for (int j = startCol; j < m; j++) {
                op.apply(java.util.Arrays.copyOfRange(v, j * n, (j + 1) * n), w, 1);
                int cols = j + 1;
                java.util.Arrays.fill(proj, 0.0);
                double[] pass = new double[cols];
                // Gram-Schmidt against the whole basis; a second pass only when the first cancelled most of w
                // (the DGKS test, η = 1/√2, as in ARPACK): reading the basis is the cost here, not the product.
                double before = Math.sqrt(Dense.dot(w, w, n));
                for (int rep = 0; rep < 2; rep++) {
                    blas.dgemv("T", n, cols, 1.0, v, n, w, 1, 0.0, pass, 1);
                    blas.dgemv("N", n, cols, -1.0, v, n, pass, 1, 1.0, w, 1);
                    for (int i = 0; i < cols; i++) {
                        proj[i] += pass[i];
                    }
                    beta = Math.sqrt(Dense.dot(w, w, n));
                    if (beta > DGKS * before) {
                        break;
                    }
                    before = beta;
                }
                for (int i = 0; i < cols; i++) {
                    h[i + j * m] = proj[i];
                    h[j + i * m] = proj[i];
                }
                normEst = Math.max(normEst, Math.abs(proj[j]));
                if (beta <= 1e-12 * Math.max(normEst, Double.MIN_NORMAL)) {
                    if (cols == n) {
                        size = n;
                        beta = 0;
                        break;
                    }
                    // invariant subspace: continue with a fresh random vector orthogonal to the basis (β = 0 coupling)
                    ProbeVectors.fill(Probe.GAUSSIAN, o.seed(), fresh++, w, 0, n);
                    for (int rep = 0; rep < 2; rep++) {
                        blas.dgemv("T", n, cols, 1.0, v, n, w, 1, 0.0, pass, 1);
                        blas.dgemv("N", n, cols, -1.0, v, n, pass, 1, 1.0, w, 1);
                    }
                    double nw = Math.sqrt(Dense.dot(w, w, n));
                    for (int i = 0; i < n; i++) {
                        v[(j + 1) * n + i] = w[i] / nw;
                    }
                    beta = 0;
                    continue;
                }
                for (int i = 0; i < n; i++) {
                    v[(j + 1) * n + i] = w[i] / beta;
                }
            }
            // Rayleigh-Ritz on the projected matrix
            double[] hs = new double[size * size];
            for (int j = 0; j < size; j++) {
                System.arraycopy(h, j * m, hs, j * size, size);
            }
            SymmetricEigen eig = new CpuBackend().eigh(DenseMatrix.of(size, size, hs), EigenSelection.all(), true);
            double[] theta = eig.values();
            double[] s = eig.vectors().data();
            for (double t : theta) {
                normEst = Math.max(normEst, Math.abs(t));
            }
            int[] order = new int[size];
            for (int i = 0; i < size; i++) {
                order[i] = which == Which.LARGEST ? size - 1 - i : i;
            }
            double[] res = new double[size];
            boolean allConverged = true;
            for (int i = 0; i < size; i++) {
                res[i] = Math.abs(beta * s[(size - 1) + order[i] * size]);
                if (i < k && res[i] > o.tolerance() * normEst) {
                    allConverged = false;
                }
            }
            if (allConverged || restarts >= o.maxRestarts() || size == n) {
                return result(v, n, size, theta, s, order, res, k, allConverged || size == n, restarts,
                        op.products(), start);
            }
            // thick restart: keep p Ritz vectors from the wanted end plus the residual direction
            int p = Math.min(size - 1, k + (size - k) / 2);
            double[] sel = new double[size * p];
            for (int c = 0; c < p; c++) {
                System.arraycopy(s, order[c] * size, sel, c * size, size);
            }
            double[] kept = Dense.multiply(false, false, n, p, size, java.util.Arrays.copyOf(v, n * size), sel);
            double[] last = java.util.Arrays.copyOfRange(v, size * n, (size + 1) * n);
            java.util.Arrays.fill(v, 0.0);
            System.arraycopy(kept, 0, v, 0, n * p);
            System.arraycopy(last, 0, v, p * n, n);
            java.util.Arrays.fill(h, 0.0);
            for (int c = 0; c < p; c++) {
                h[c + c * m] = theta[order[c]];
            }
            startCol = p;
            restarts++;
        }
    }

    private static Eigenpairs result(double[] v, int n, int size, double[] theta, double[] s, int[] order, double[] res,
                                     int k, boolean converged, int restarts, long products, long start) {
        double[] values = new double[k];
        double[] sel = new double[size * k];
        double[] residuals = new double[k];
        for (int c = 0; c < k; c++) {
            values[c] = theta[order[c]];
            residuals[c] = res[c];
            System.arraycopy(s, order[c] * size, sel, c * size, size);
        }
        double[] vectors = Dense.multiply(false, false, n, k, size, java.util.Arrays.copyOf(v, n * size), sel);
        return new Eigenpairs(values, DenseMatrix.of(n, k, vectors), residuals, converged, restarts, products,
                Results.seconds(start));
    }

    private static void normalize(double[] v, int offset, int n) {
        double s = Math.sqrt(Dense.dot(v, offset, v, offset, n));
        for (int i = 0; i < n; i++) {
            v[offset + i] /= s;
        }
    }
}
