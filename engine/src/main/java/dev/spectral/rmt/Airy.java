package dev.spectral.rmt;

/**
 * The Airy function Ai on the real line, accurate to about 1e-13 absolute (relative where |x| is small), which is
 * what the Tracy-Widom Fredholm determinant needs. Maclaurin series on [-7, 6] (cancellation there loses at most
 * e^{(2/3)|x|^{3/2}} ≈ 2e5 ulps), the asymptotic expansions of DLMF 9.7.5 and 9.7.9 outside, truncated at their
 * smallest term.
 */
final class Airy {
    /** Ai(0) and -Ai'(0) (DLMF 9.2.3-9.2.4). */
    private static final double AI0 = 0.355028053887817239260;
    private static final double MINUS_AIP0 = 0.258819403792806798405;
    private static final double SERIES_LOW = -7;
    private static final double SERIES_HIGH = 6;

    private Airy() {}

    static double ai(double x) {
        if (Double.isNaN(x)) {
            return Double.NaN;
        }
        if (x >= SERIES_LOW && x <= SERIES_HIGH) {
            return series(x);
        }
        return x > 0 ? positiveAsymptotic(x) : negativeAsymptotic(-x);
    }

    private static double series(double x) {
        double x3 = x * x * x;
        double f = 1;
        double g = x;
        double tf = 1;
        double tg = x;
        for (int k = 1; k < 200; k++) {
            tf *= x3 / ((3.0 * k - 1) * (3.0 * k));
            tg *= x3 / ((3.0 * k) * (3.0 * k + 1));
            f += tf;
            g += tg;
            if (Math.abs(tf) < 1e-18 * Math.abs(f) && Math.abs(tg) < 1e-18 * Math.max(Math.abs(g), 1e-300)) {
                break;
            }
        }
        return AI0 * f - MINUS_AIP0 * g;
    }

    /** u_k of DLMF 9.7.2: u_k = (6k-5)(6k-3)(6k-1) / ((2k-1) 216 k) · u_{k-1}. */
    private static double nextU(double u, int k) {
        return u * (6.0 * k - 5) * (6.0 * k - 3) * (6.0 * k - 1) / ((2.0 * k - 1) * 216.0 * k);
    }

    private static double positiveAsymptotic(double x) {
        double zeta = 2.0 / 3.0 * x * Math.sqrt(x);
        double sum = 1;
        double u = 1;
        double term = 1;
        for (int k = 1; k < 60; k++) {
            u = nextU(u, k);
            double next = u / Math.pow(zeta, k);
            if (next >= Math.abs(term)) {
                break;
            }
            term = (k % 2 == 0 ? 1 : -1) * next;
            sum += term;
            if (next < 1e-17) {
                break;
            }
        }
        return Math.exp(-zeta) / (2 * Math.sqrt(Math.PI) * Math.pow(x, 0.25)) * sum;
    }

    private static double negativeAsymptotic(double y) {
        double zeta = 2.0 / 3.0 * y * Math.sqrt(y);
        double even = 1;
        double odd = 0;
        double u = 1;
        double last = 1;
        for (int k = 1; k < 60; k++) {
            u = nextU(u, k);
            double mag = u / Math.pow(zeta, k);
            if (mag >= last) {
                break;
            }
            last = mag;
            // (-1)^j u_{2j} / ζ^{2j} for even k = 2j, (-1)^j u_{2j+1} / ζ^{2j+1} for odd k = 2j+1.
            int j = k / 2;
            double signed = (j % 2 == 0 ? 1 : -1) * mag;
            if (k % 2 == 0) {
                even += signed;
            } else {
                odd += signed;
            }
            if (mag < 1e-17) {
                break;
            }
        }
        double phase = zeta - Math.PI / 4;
        return (Math.cos(phase) * even + Math.sin(phase) * odd) / (Math.sqrt(Math.PI) * Math.pow(y, 0.25));
    }
}
