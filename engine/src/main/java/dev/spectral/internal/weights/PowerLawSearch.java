package dev.spectral.internal.weights;

import dev.spectral.weights.PowerLawFit;
import java.util.Arrays;

/**
 * The xmin search of a Clauset-Shalizi-Newman power-law fit, exact, with branch-and-bound KS distances.
 *
 * <p>For a candidate tail x_i ≤ ... ≤ x_{n-1} (k points) with fitted CDF F, the KS distance is
 * max_j max((j-i+1)/k - F(x_j), F(x_j) - (j-i)/k). On an index range [l, r] both the empirical CDF and F are
 * nondecreasing, so every deviation there is at most max((r-i+1)/k - F(x_l), F(x_r) - (l-i)/k). Ranges are split
 * in halves until that bound falls below the largest deviation already seen (then the range cannot hold the max)
 * and the candidate is dropped once a deviation exceeds the best distance of the candidates done before. Candidates
 * on a coarse grid go first so that the best distance is small early. Worst case O(n²) like the plain scan; on a
 * smooth tail a candidate whose distance is D needs only about (1/D)·log k evaluations, i.e. O(√k log k) at the
 * typical D ~ 1/√k, and most candidates stop much earlier.
 */
public final class PowerLawSearch {
    private PowerLawSearch() {}

    /** A fit and the number of fitted-CDF evaluations it took (for the tests and benchmarks). */
    record Outcome(PowerLawFit fit, long evaluations) {}

    public static PowerLawFit fit(double[] values, int minTail) {
        return search(values, minTail).fit();
    }

    static Outcome search(double[] values, int minTail) {
        int n = values.length;
        if (n < minTail) {
            return new Outcome(new PowerLawFit.Failed("only " + n + " values; a tail needs at least " + minTail), 0);
        }
        double[] x = values.clone();
        Arrays.sort(x);
        double[] t = new double[n];
        double shift = Math.log(x[0]);
        for (int j = 0; j < n; j++) {
            t[j] = Math.log(x[j]) - shift;
        }
        // suffix[i] = Σ_{j ≥ i} t_j, with Kahan compensation (n can be large and the terms similar).
        double[] suffix = new double[n + 1];
        double s = 0;
        double c = 0;
        for (int j = n - 1; j >= 0; j--) {
            double y = t[j] - c;
            double u = s + y;
            c = (u - s) - y;
            s = u;
            suffix[j] = s;
        }
        int[] candidates = candidates(x, minTail);
        if (candidates.length == 0) {
            return new Outcome(
                    new PowerLawFit.Failed("no tail of at least " + minTail + " points has two distinct values"), 0);
        }
        Search search = new Search(x, t, suffix);
        // A coarse pass first: a good best distance early lets most candidates stop after a few evaluations.
        int stride = Math.max(1, (int) Math.sqrt(candidates.length));
        boolean[] done = new boolean[candidates.length];
        for (int c0 = 0; c0 < candidates.length; c0 += stride) {
            search.consider(candidates[c0]);
            done[c0] = true;
        }
        for (int c0 = 0; c0 < candidates.length; c0++) {
            if (!done[c0]) {
                search.consider(candidates[c0]);
            }
        }
        if (search.bestIndex < 0) {
            return new Outcome(new PowerLawFit.Failed("no candidate tail gave a finite exponent"), search.evaluations);
        }
        int i = search.bestIndex;
        int k = n - i;
        double alpha = search.alpha(i);
        return new Outcome(new PowerLawFit.Fitted(alpha, x[i], x[n - 1], search.bestDistance,
                (alpha - 1) / Math.sqrt(k), k, candidates.length), search.evaluations);
    }

    /** First index of each distinct value with at least minTail points from it to the end, whose tail is not flat. */
    static int[] candidates(double[] sorted, int minTail) {
        int n = sorted.length;
        int[] out = new int[n];
        int m = 0;
        for (int i = 0; i <= n - minTail; i++) {
            if ((i == 0 || sorted[i] != sorted[i - 1]) && sorted[n - 1] > sorted[i]) {
                out[m++] = i;
            }
        }
        return Arrays.copyOf(out, m);
    }

    /** The plain O(n²) scan, kept as the reference the tests compare against. */
    static PowerLawFit naive(double[] values, int minTail) {
        int n = values.length;
        double[] x = values.clone();
        Arrays.sort(x);
        int[] candidates = candidates(x, minTail);
        if (n < minTail || candidates.length == 0) {
            return new PowerLawFit.Failed("no candidate");
        }
        double best = Double.POSITIVE_INFINITY;
        int bestI = -1;
        double bestAlpha = 0;
        for (int i : candidates) {
            int k = n - i;
            double sum = 0;
            for (int j = i; j < n; j++) {
                sum += Math.log(x[j] / x[i]);
            }
            double alpha = 1 + k / sum;
            double d = 0;
            for (int j = i; j < n; j++) {
                double f = 1 - Math.pow(x[j] / x[i], 1 - alpha);
                d = Math.max(d, Math.max((j - i + 1.0) / k - f, f - (double) (j - i) / k));
            }
            if (d < best) {
                best = d;
                bestI = i;
                bestAlpha = alpha;
            }
        }
        int k = n - bestI;
        return new PowerLawFit.Fitted(bestAlpha, x[bestI], x[n - 1], best, (bestAlpha - 1) / Math.sqrt(k), k,
                candidates.length);
    }

    private static final class Search {
        private final double[] x;
        private final double[] t;
        private final double[] suffix;
        private final int n;
        private final int[] stackL;
        private final int[] stackR;
        private final double[] stackFl;
        private final double[] stackFr;
        double bestDistance = Double.POSITIVE_INFINITY;
        int bestIndex = -1;
        long evaluations;

        // State of the candidate under consideration.
        private int i;
        private double k;
        private double beta;

        Search(double[] x, double[] t, double[] suffix) {
            this.x = x;
            this.t = t;
            this.suffix = suffix;
            this.n = x.length;
            // Depth of the halving is at most log2(n) + 1; two children per level live on the stack at once.
            int cap = 2 * (64 - Long.numberOfLeadingZeros(n) + 2);
            this.stackL = new int[cap];
            this.stackR = new int[cap];
            this.stackFl = new double[cap];
            this.stackFr = new double[cap];
        }

        double alpha(int i0) {
            int kk = n - i0;
            double logSum = suffix[i0] - kk * t[i0];
            return 1 + kk / logSum;
        }

        private double cdf(int j) {
            evaluations++;
            return -Math.expm1(-beta * (t[j] - t[i]));
        }

        /** max deviation at index j given F(x_j). */
        private double deviation(int j, double f) {
            return Math.max((j - i + 1) / k - f, f - (j - i) / k);
        }

        private boolean worse(double lower) {
            return lower > bestDistance || (lower == bestDistance && i > bestIndex);
        }

        private int push(int top, int l, int r, double fl, double fr) {
            stackL[top] = l;
            stackR[top] = r;
            stackFl[top] = fl;
            stackFr[top] = fr;
            return top + 1;
        }

        void consider(int candidate) {
            i = candidate;
            k = n - i;
            double a = alpha(i);
            if (!(a > 1) || !Double.isFinite(a)) {
                return;
            }
            beta = a - 1;
            int l0 = i;
            int r0 = n - 1;
            double f0 = cdf(l0);
            double f1 = cdf(r0);
            double lower = Math.max(deviation(l0, f0), deviation(r0, f1));
            if (worse(lower)) {
                return;
            }
            int top = push(0, l0, r0, f0, f1);
            while (top > 0) {
                top--;
                int l = stackL[top];
                int r = stackR[top];
                double fl = stackFl[top];
                double fr = stackFr[top];
                if (r - l < 2) {
                    continue;
                }
                double bound = Math.max((r - i + 1) / k - fl, fr - (l - i) / k);
                if (bound <= lower) {
                    continue;
                }
                int m = (l + r) >>> 1;
                double fm = cdf(m);
                lower = Math.max(lower, deviation(m, fm));
                if (worse(lower)) {
                    return;
                }
                // The half with the larger bound goes on top, so the running maximum grows fast.
                double boundLeft = Math.max((m - i + 1) / k - fl, fm - (l - i) / k);
                double boundRight = Math.max((r - i + 1) / k - fm, fr - (m - i) / k);
                if (boundLeft > boundRight) {
                    top = push(top, m, r, fm, fr);
                    top = push(top, l, m, fl, fm);
                } else {
                    top = push(top, l, m, fl, fm);
                    top = push(top, m, r, fm, fr);
                }
            }
            if (lower < bestDistance || (lower == bestDistance && i < bestIndex)) {
                bestDistance = lower;
                bestIndex = i;
            }
        }
    }
}
