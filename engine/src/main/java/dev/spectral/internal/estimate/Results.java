package dev.spectral.internal.estimate;

import dev.spectral.SpectralException;
import dev.spectral.estimate.ConfidenceInterval;
import dev.spectral.estimate.Convergence;
import dev.spectral.estimate.Estimate;
import dev.spectral.estimate.LanczosStats;
import dev.spectral.estimate.Solver;
import dev.spectral.internal.cpu.NetlibRuntime;
import java.util.Optional;

/** Builds result records, refusing to return a non-finite value silently. */
public final class Results {
    private Results() {}

    public static Estimate estimate(String quantity, double value, double stderr, double confidence, boolean converged,
                                    double tolerance, String stoppedBy, int probes, long matvecs, long startNanos,
                                    String method, String settings, long seed, int threads, LanczosStats lanczos,
                                    double[] samples) {
        if (!Double.isFinite(value) || !Double.isFinite(stderr)) {
            throw new SpectralException(method + " produced a non-finite " + quantity + " (" + value + " ± " + stderr
                    + "); the operator is probably too ill-conditioned for this method");
        }
        double z = stderr == 0 ? 0 : Stats.zForConfidence(confidence);
        double half = z * stderr;
        return new Estimate(quantity, value, stderr, new ConfidenceInterval(value - half, value + half, confidence),
                new Convergence(converged, half, tolerance, stoppedBy), probes, matvecs, seconds(startNanos),
                new Solver(method, settings, seed, threads, Optional.ofNullable(lanczos), device()), samples);
    }

    public static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) * 1e-9;
    }

    public static String device() {
        return NetlibRuntime.get().deviceLine();
    }
}
