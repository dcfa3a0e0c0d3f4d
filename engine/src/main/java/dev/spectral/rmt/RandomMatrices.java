package dev.spectral.rmt;

import dev.spectral.InvalidInputException;
import dev.spectral.matrix.DenseMatrix;
import java.util.random.RandomGenerator;

/**
 * Samples of the classical random-matrix ensembles. Every method takes the generator explicitly, so a fixed seed
 * gives a reproducible matrix.
 */
public final class RandomMatrices {
    private RandomMatrices() {}

    /** An n x p matrix of independent N(0, 1) entries. */
    public static DenseMatrix gaussian(int rows, int cols, RandomGenerator rng) {
        DenseMatrix m = DenseMatrix.zeros(rows, cols);
        double[] d = m.data();
        for (int i = 0; i < d.length; i++) {
            d[i] = rng.nextGaussian();
        }
        return m;
    }

    /**
     * A white real Wishart matrix W = XᵀX (p x p) with X an n x p matrix of independent N(0, variance) entries.
     * The ESD of W/n tends to {@link MarchenkoPastur} with ratio p/n and the same variance.
     */
    public static DenseMatrix wishart(int samples, int features, double variance, RandomGenerator rng) {
        requirePositive(samples, features);
        DenseMatrix x = gaussian(samples, features, rng);
        scale(x, Math.sqrt(variance));
        return gram(x);
    }

    /**
     * A real symmetric (GOE-type) matrix of order n whose off-diagonal entries are N(0, variance/n) and diagonal
     * entries N(0, 2·variance/n); its ESD tends to the {@link WignerSemicircle} with that variance.
     */
    public static DenseMatrix wigner(int n, double variance, RandomGenerator rng) {
        requirePositive(n, 1);
        DenseMatrix h = DenseMatrix.zeros(n, n);
        double off = Math.sqrt(variance / n);
        double diag = Math.sqrt(2 * variance / n);
        for (int j = 0; j < n; j++) {
            h.set(j, j, diag * rng.nextGaussian());
            for (int i = j + 1; i < n; i++) {
                double v = off * rng.nextGaussian();
                h.set(i, j, v);
                h.set(j, i, v);
            }
        }
        return h;
    }

    /**
     * An n x p data matrix whose rows are independent N(0, Σ), Σ = diag(spikes[0], ..., spikes[k-1], 1, ..., 1): the
     * spiked covariance model of Johnstone. The sample covariance is XᵀX / n; see {@link Bbp} for where its top
     * eigenvalues go.
     */
    public static DenseMatrix spikedCovarianceSample(int samples, int features, double[] spikes, RandomGenerator rng) {
        requirePositive(samples, features);
        if (spikes.length > features) {
            throw new InvalidInputException(spikes.length + " spikes do not fit in " + features + " features");
        }
        DenseMatrix x = gaussian(samples, features, rng);
        for (int j = 0; j < spikes.length; j++) {
            if (!(spikes[j] > 0)) {
                throw new InvalidInputException("a population spike must be a variance > 0, got " + spikes[j]);
            }
            double s = Math.sqrt(spikes[j]);
            double[] d = x.data();
            for (int i = 0; i < samples; i++) {
                d[i + j * samples] *= s;
            }
        }
        return x;
    }

    /** XᵀX, by columns (the ensembles here are small enough that a plain loop over the upper triangle is fine). */
    static DenseMatrix gram(DenseMatrix x) {
        int n = x.rows();
        int p = x.cols();
        double[] d = x.data();
        DenseMatrix w = DenseMatrix.zeros(p, p);
        for (int j = 0; j < p; j++) {
            for (int i = 0; i <= j; i++) {
                double s = 0;
                int ci = i * n;
                int cj = j * n;
                for (int r = 0; r < n; r++) {
                    s += d[ci + r] * d[cj + r];
                }
                w.set(i, j, s);
                w.set(j, i, s);
            }
        }
        return w;
    }

    private static void scale(DenseMatrix x, double factor) {
        double[] d = x.data();
        for (int i = 0; i < d.length; i++) {
            d[i] *= factor;
        }
    }

    private static void requirePositive(int a, int b) {
        if (a < 1 || b < 1) {
            throw new InvalidInputException("a random matrix needs positive dimensions, got " + a + " x " + b);
        }
    }
}
