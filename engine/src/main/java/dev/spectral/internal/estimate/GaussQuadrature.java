package dev.spectral.internal.estimate;

import dev.spectral.SpectralException;

/**
 * The Gauss quadrature rule of a Lanczos tridiagonal T: nodes are the eigenvalues θ_k of T, weights the squared
 * first components τ_k² of its normalized eigenvectors (Golub-Welsch), so that e₁ᵀ f(T) e₁ = Σ τ_k² f(θ_k).
 *
 * <p>Implicit QL with Wilkinson shifts (the tql/tqli iteration) that applies each rotation only to the first row of
 * the eigenvector matrix: O(m²) work instead of the O(m³) of a full eigen-decomposition, cheap enough to be
 * recomputed after every Lanczos step for the adaptive degree.
 */
public final class GaussQuadrature {
    private static final int MAX_SWEEPS = 60;

    private GaussQuadrature() {}

    /**
     * Computes the rule of the m x m tridiagonal with diagonal {@code diag[0..m)} and off-diagonal
     * {@code off[0..m-1)} into {@code nodes[0..m)} and {@code weights[0..m)} (unordered; weights sum to 1).
     */
    public static void rule(double[] diag, double[] off, int m, double[] nodes, double[] weights) {
        double[] d = nodes;
        System.arraycopy(diag, 0, d, 0, m);
        double[] e = new double[m];
        if (m > 1) {
            System.arraycopy(off, 0, e, 0, m - 1);
        }
        double[] z = weights;
        java.util.Arrays.fill(z, 0, m, 0.0);
        z[0] = 1.0;
        for (int l = 0; l < m; l++) {
            int sweeps = 0;
            int mm;
            do {
                for (mm = l; mm < m - 1; mm++) {
                    double dd = Math.abs(d[mm]) + Math.abs(d[mm + 1]);
                    if (Math.abs(e[mm]) + dd == dd) {
                        break;
                    }
                }
                if (mm != l) {
                    if (sweeps++ == MAX_SWEEPS) {
                        throw new SpectralException("tridiagonal QL did not converge in " + MAX_SWEEPS + " sweeps");
                    }
                    double g = (d[l + 1] - d[l]) / (2.0 * e[l]);
                    double r = Math.hypot(g, 1.0);
                    g = d[mm] - d[l] + e[l] / (g + Math.copySign(r, g));
                    double s = 1;
                    double c = 1;
                    double p = 0;
                    boolean split = false;
                    for (int i = mm - 1; i >= l; i--) {
                        double f = s * e[i];
                        double b = c * e[i];
                        r = Math.hypot(f, g);
                        e[i + 1] = r;
                        if (r == 0.0) {
                            // an exact zero split the matrix: finish this sweep and restart the deflation search
                            d[i + 1] -= p;
                            e[mm] = 0.0;
                            split = true;
                            break;
                        }
                        s = f / r;
                        c = g / r;
                        g = d[i + 1] - p;
                        r = (d[i] - g) * s + 2.0 * c * b;
                        p = s * r;
                        d[i + 1] = g + p;
                        g = c * r - b;
                        double zi1 = z[i + 1];
                        z[i + 1] = s * z[i] + c * zi1;
                        z[i] = c * z[i] - s * zi1;
                    }
                    if (split) {
                        continue;
                    }
                    d[l] -= p;
                    e[l] = g;
                    e[mm] = 0.0;
                }
            } while (mm != l);
        }
        for (int k = 0; k < m; k++) {
            z[k] *= z[k];
        }
    }
}
