package dev.spectral.cli;

import dev.spectral.InvalidInputException;
import dev.spectral.kernel.Kernel;
import dev.spectral.kernel.Points;
import java.util.Arrays;
import java.util.SplittableRandom;

/** The median heuristic: a lengthscale equal to the median distance between points, from a seeded subsample. */
final class Lengthscales {
    private Lengthscales() {}

    static double medianDistance(Points x, int maxPoints, long seed) {
        int n = x.size();
        int m = Math.min(n, maxPoints);
        int[] idx = new SplittableRandom(seed).ints(0, n).distinct().limit(m).toArray();
        int d = x.dimension();
        double[] data = x.data();
        double[] norms = x.squaredNorms();
        double[] dist = new double[m * (m - 1) / 2];
        int k = 0;
        for (int a = 0; a < m; a++) {
            for (int b = a + 1; b < m; b++) {
                double dot = 0;
                int ia = idx[a] * d;
                int ib = idx[b] * d;
                for (int t = 0; t < d; t++) {
                    dot += data[ia + t] * data[ib + t];
                }
                dist[k++] = Math.sqrt(Kernel.squaredDistance(dot, norms[idx[a]], norms[idx[b]]));
            }
        }
        if (dist.length == 0) {
            throw new InvalidInputException("the median-distance lengthscale needs at least 2 points; give --lengthscale");
        }
        Arrays.sort(dist);
        double median = dist[dist.length / 2];
        if (!(median > 0)) {
            throw new InvalidInputException("the points coincide (median distance 0); give --lengthscale");
        }
        return median;
    }
}
