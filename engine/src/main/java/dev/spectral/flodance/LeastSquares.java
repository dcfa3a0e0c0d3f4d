package dev.spectral.flodance;

import dev.spectral.InvalidInputException;

/**
 * Least squares min |X β - z| by Householder QR with columns scaled to unit norm first (the basis functions of a
 * scaling law differ by many orders of magnitude). Small problems only: p columns, p at most about 10.
 */
final class LeastSquares {
    private final double[] beta;
    private final double[][] inverseNormal;

    private LeastSquares(double[] beta, double[][] inverseNormal) {
        this.beta = beta;
        this.inverseNormal = inverseNormal;
    }

    /** x is rows x p column-major (not modified). */
    static LeastSquares solve(double[] x, int rows, int p, double[] z) {
        double[] a = x.clone();
        double[] rhs = z.clone();
        double[] scale = new double[p];
        for (int j = 0; j < p; j++) {
            double s = 0;
            for (int i = 0; i < rows; i++) {
                s = Math.hypot(s, a[i + j * rows]);
            }
            if (s == 0) {
                throw new InvalidInputException("a term of the scaling law is zero over the fitted sizes");
            }
            scale[j] = s;
            for (int i = 0; i < rows; i++) {
                a[i + j * rows] /= s;
            }
        }
        double[] diag = new double[p];
        for (int k = 0; k < p; k++) {
            double norm = 0;
            for (int i = k; i < rows; i++) {
                norm = Math.hypot(norm, a[i + k * rows]);
            }
            double alpha = a[k + k * rows] > 0 ? -norm : norm;
            // v = a_k - alpha e_k stored in place; R_kk = alpha.
            a[k + k * rows] -= alpha;
            double vnorm2 = 0;
            for (int i = k; i < rows; i++) {
                vnorm2 += a[i + k * rows] * a[i + k * rows];
            }
            diag[k] = alpha;
            if (vnorm2 > 0) {
                for (int j = k + 1; j < p; j++) {
                    double dot = 0;
                    for (int i = k; i < rows; i++) {
                        dot += a[i + k * rows] * a[i + j * rows];
                    }
                    double f = 2 * dot / vnorm2;
                    for (int i = k; i < rows; i++) {
                        a[i + j * rows] -= f * a[i + k * rows];
                    }
                }
                double dot = 0;
                for (int i = k; i < rows; i++) {
                    dot += a[i + k * rows] * rhs[i];
                }
                double f = 2 * dot / vnorm2;
                for (int i = k; i < rows; i++) {
                    rhs[i] -= f * a[i + k * rows];
                }
            }
        }
        // R: diag on the diagonal, a[k + j*rows] above it.
        double maxDiag = 0;
        for (double d : diag) {
            maxDiag = Math.max(maxDiag, Math.abs(d));
        }
        for (int k = 0; k < p; k++) {
            if (Math.abs(diag[k]) <= 1e-13 * maxDiag) {
                throw new InvalidInputException("the scaling law's terms cannot be told apart over the fitted sizes "
                        + "(use fewer correction terms or a wider range of sizes)");
            }
        }
        double[][] r = new double[p][p];
        for (int k = 0; k < p; k++) {
            r[k][k] = diag[k];
            for (int j = k + 1; j < p; j++) {
                r[k][j] = a[k + j * rows];
            }
        }
        double[] b = new double[p];
        for (int k = p - 1; k >= 0; k--) {
            double s = rhs[k];
            for (int j = k + 1; j < p; j++) {
                s -= r[k][j] * b[j];
            }
            b[k] = s / r[k][k];
        }
        // R⁻¹ (upper triangular), then (XᵀX)⁻¹ = S⁻¹ R⁻¹ R⁻ᵀ S⁻¹ for the column scaling S.
        double[][] rinv = new double[p][p];
        for (int col = 0; col < p; col++) {
            for (int k = col; k >= 0; k--) {
                double s = k == col ? 1 : 0;
                for (int j = k + 1; j <= col; j++) {
                    s -= r[k][j] * rinv[j][col];
                }
                rinv[k][col] = s / r[k][k];
            }
        }
        double[][] inv = new double[p][p];
        for (int i = 0; i < p; i++) {
            for (int j = 0; j < p; j++) {
                double s = 0;
                for (int k = Math.max(i, j); k < p; k++) {
                    s += rinv[i][k] * rinv[j][k];
                }
                inv[i][j] = s / (scale[i] * scale[j]);
            }
        }
        for (int j = 0; j < p; j++) {
            b[j] /= scale[j];
        }
        return new LeastSquares(b, inv);
    }

    double[] coefficients() {
        return beta;
    }

    /** (XᵀX)⁻¹ of the (weighted) design. */
    double[][] inverseNormal() {
        double[][] copy = new double[inverseNormal.length][];
        for (int i = 0; i < copy.length; i++) {
            copy[i] = inverseNormal[i].clone();
        }
        return copy;
    }
}
