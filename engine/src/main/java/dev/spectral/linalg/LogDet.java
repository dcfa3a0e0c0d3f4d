package dev.spectral.linalg;

/**
 * log|det A| and the sign of det A. A singular matrix gives {@code logAbsDet = -Infinity} and {@code sign = 0}.
 *
 * @param logAbsDet     natural log of |det A|
 * @param sign          +1, -1, or 0 when singular
 * @param factorization the factorization actually used (never AUTO)
 * @param n             the matrix order
 */
public record LogDet(double logAbsDet, int sign, Factorization factorization, int n) {
    public static LogDet singular(Factorization f, int n) {
        return new LogDet(Double.NEGATIVE_INFINITY, 0, f, n);
    }

    public boolean isSingular() {
        return sign == 0;
    }
}
