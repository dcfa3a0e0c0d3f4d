package dev.spectral.flodance;

/**
 * Sums over consecutive integers m = a+1..b of m^{-s} and of log m, exact enough (about 1e-15 relative) for any range:
 * short ranges are summed term by term, long ones by Euler-Maclaurin with four Bernoulli corrections (whose remainder
 * is below 1e-20 relative once a >= 32).
 */
final class PowerSums {
    private static final int DIRECT_LIMIT = 4096;
    private static final int MIN_START = 32;
    /** B_2/2!, B_4/4!, B_6/6!, B_8/8!. */
    private static final double[] BERNOULLI = {1.0 / 12, -1.0 / 720, 1.0 / 30240, -1.0 / 1209600};

    private PowerSums() {}

    /** Σ_{m=a+1}^{b} m^{-s} (a <= b, a >= 0). */
    static double power(double s, long a, long b) {
        if (b <= a) {
            return 0;
        }
        if (s == 0) {
            return b - a;
        }
        if (b - a <= DIRECT_LIMIT || a < MIN_START) {
            double direct = 0;
            double comp = 0;
            long stop = b - a <= DIRECT_LIMIT ? b : Math.max(a, MIN_START);
            for (long m = a + 1; m <= stop; m++) {
                double v = Math.pow(m, -s);
                double t = direct + v;
                comp += Math.abs(direct) >= Math.abs(v) ? (direct - t) + v : (v - t) + direct;
                direct = t;
            }
            return stop == b ? direct + comp : direct + comp + power(s, stop, b);
        }
        double fa = Math.pow(a, -s);
        double fb = Math.pow(b, -s);
        // ∫_a^b x^{-s} dx, written so that it does not cancel when b is close to a.
        double ratio = Math.log1p((double) (b - a) / a);
        double integral = s == 1 ? ratio : Math.pow(a, 1 - s) * Math.expm1((1 - s) * ratio) / (1 - s);
        double sum = integral + (fb - fa) / 2;
        // f^{(k)}(x) = (-s)(-s-1)...(-s-k+1) x^{-s-k}
        double coef = -s; // k = 1
        int k = 1;
        for (double bern : BERNOULLI) {
            sum += bern * coef * (Math.pow(b, -s - k) - Math.pow(a, -s - k));
            coef *= (-s - k) * (-s - k - 1);
            k += 2;
        }
        return sum;
    }

    /** Σ_{m=a+1}^{b} log m (a <= b, a >= 0). */
    static double log(long a, long b) {
        if (b <= a) {
            return 0;
        }
        if (b - a <= DIRECT_LIMIT || a < MIN_START) {
            long stop = b - a <= DIRECT_LIMIT ? b : Math.max(a, MIN_START);
            double direct = 0;
            double comp = 0;
            for (long m = a + 1; m <= stop; m++) {
                double v = Math.log(m);
                double t = direct + v;
                comp += Math.abs(direct) >= Math.abs(v) ? (direct - t) + v : (v - t) + direct;
                direct = t;
            }
            return stop == b ? direct + comp : direct + comp + log(stop, b);
        }
        double d = b - a;
        // ∫_a^b log x dx = b log b - a log a - (b - a) = (b - a)(log b - 1) + a log(b / a)
        double integral = d * (Math.log(b) - 1) + a * Math.log1p(d / a);
        double sum = integral + (Math.log(b) - Math.log(a)) / 2;
        // f' = 1/x, f''' = 2/x³, f^(5) = 24/x^5, f^(7) = 720/x^7
        double[] derivCoef = {1, 2, 24, 720};
        for (int j = 0; j < 4; j++) {
            int p = 2 * j + 1;
            sum += BERNOULLI[j] * derivCoef[j] * (Math.pow(b, -p) - Math.pow(a, -p));
        }
        return sum;
    }
}
