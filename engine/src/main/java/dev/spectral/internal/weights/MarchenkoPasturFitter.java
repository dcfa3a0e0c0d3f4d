package dev.spectral.internal.weights;

import dev.spectral.rmt.MarchenkoPastur;

/**
 * Fits the MP variance σ² to a normalized ESD (eigenvalues of WᵀW/N) at a known ratio γ by minimizing the
 * Kolmogorov-Smirnov distance: a log-spaced grid of 161 values spanning a factor 2^±4 around the median-matching
 * estimate, refined by golden-section search between the grid neighbours of the best point. The KS distance of the
 * whole ESD is insensitive to a few spikes (each moves it by 1/M), so the fit follows the bulk.
 */
final class MarchenkoPasturFitter {
    record Result(double variance, double ksDistance) {}

    private MarchenkoPasturFitter() {}

    /** @param sorted normalized eigenvalues, ascending */
    static Result fit(double[] sorted, double ratio) {
        double median = sorted[sorted.length / 2];
        double unitMedian = MarchenkoPastur.of(ratio, 1).quantile(0.5);
        double center = median > 0 && unitMedian > 0 ? median / unitMedian : mean(sorted);
        if (!(center > 0)) {
            center = Double.MIN_NORMAL;
        }
        double logCenter = Math.log(center);
        double step = Math.log(2) / 20;
        double bestU = 0;
        double bestD = Double.POSITIVE_INFINITY;
        for (int g = -80; g <= 80; g++) {
            double d = ks(sorted, ratio, Math.exp(logCenter + g * step));
            if (d < bestD) {
                bestD = d;
                bestU = g * step;
            }
        }
        double lo = bestU - step;
        double hi = bestU + step;
        double phi = (Math.sqrt(5) - 1) / 2;
        double a = hi - phi * (hi - lo);
        double b = lo + phi * (hi - lo);
        double fa = ks(sorted, ratio, Math.exp(logCenter + a));
        double fb = ks(sorted, ratio, Math.exp(logCenter + b));
        for (int it = 0; it < 40; it++) {
            if (fa <= fb) {
                hi = b;
                b = a;
                fb = fa;
                a = hi - phi * (hi - lo);
                fa = ks(sorted, ratio, Math.exp(logCenter + a));
            } else {
                lo = a;
                a = b;
                fa = fb;
                b = lo + phi * (hi - lo);
                fb = ks(sorted, ratio, Math.exp(logCenter + b));
            }
        }
        double u = fa <= fb ? a : b;
        double d = Math.min(fa, fb);
        if (bestD < d) {
            u = bestU;
            d = bestD;
        }
        return new Result(Math.exp(logCenter + u), d);
    }

    static double ks(double[] sorted, double ratio, double variance) {
        MarchenkoPastur law = MarchenkoPastur.of(ratio, variance);
        int m = sorted.length;
        double d = 0;
        for (int i = 0; i < m; i++) {
            double f = law.cdf(sorted[i]);
            d = Math.max(d, Math.max((i + 1.0) / m - f, f - (double) i / m));
        }
        return d;
    }

    private static double mean(double[] a) {
        double s = 0;
        for (double v : a) {
            s += v;
        }
        return s / a.length;
    }
}
