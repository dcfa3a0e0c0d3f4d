package dev.spectral.internal.estimate;

import dev.spectral.estimate.Probe;
import java.util.SplittableRandom;

/**
 * Random probe vectors that depend only on (seed, probe index): each probe gets its own generator, so a run is
 * reproducible whatever the thread count, block size or order in which probes are computed.
 */
public final class ProbeVectors {
    private ProbeVectors() {}

    /** The generator of probe {@code index} under {@code seed}. */
    public static SplittableRandom random(long seed, long index) {
        return new SplittableRandom(mix(seed * 0x9E3779B97F4A7C15L + mix(index ^ 0x632BE59BD9B4E019L)));
    }

    /** Fills out[offset .. offset + n) with probe {@code index}. */
    public static void fill(Probe kind, long seed, long index, double[] out, int offset, int n) {
        SplittableRandom r = random(seed, index);
        switch (kind) {
            case RADEMACHER -> {
                for (int i = 0; i < n; i += 64) {
                    long bits = r.nextLong();
                    int end = Math.min(n, i + 64);
                    for (int j = i; j < end; j++, bits >>>= 1) {
                        out[offset + j] = (bits & 1L) == 0 ? 1.0 : -1.0;
                    }
                }
            }
            case GAUSSIAN -> {
                for (int j = 0; j < n; j++) {
                    out[offset + j] = r.nextGaussian();
                }
            }
            case SPHERE -> {
                double s = 0;
                for (int j = 0; j < n; j++) {
                    double g = r.nextGaussian();
                    out[offset + j] = g;
                    s += g * g;
                }
                double scale = Math.sqrt(n / s);
                for (int j = 0; j < n; j++) {
                    out[offset + j] *= scale;
                }
            }
        }
    }

    /** A block of probes first, first+1, ... as an n x k column-major array. */
    public static double[] block(Probe kind, long seed, long first, int n, int k) {
        double[] out = new double[n * k];
        for (int c = 0; c < k; c++) {
            fill(kind, seed, first + c, out, c * n, n);
        }
        return out;
    }

    /** SplitMix64's finalizer: a bijective mix with good avalanche. */
    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
