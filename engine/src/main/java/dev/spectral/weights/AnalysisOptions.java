package dev.spectral.weights;

import dev.spectral.InvalidInputException;
import java.util.Objects;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Settings of a weight analysis. {@link #defaults()} follows WeightWatcher where it has a convention.
 *
 * @param eigenvalueFloor   eigenvalues of WᵀW below this are left out of the power-law fit and the alpha-norm
 *                          (WeightWatcher: 1e-5)
 * @param minEigenvalues    layers whose smaller dimension is below this are skipped (WeightWatcher: 10)
 * @param maxDimension      layers whose larger dimension exceeds this are skipped (WeightWatcher's max_N: 50,000)
 * @param minTail           the smallest power-law tail considered (see {@link PowerLaw#DEFAULT_MIN_TAIL})
 * @param randomize         also analyze an elementwise shuffle of each layer, to detect correlation traps
 * @param seed              seed of the shuffles (each layer derives its own stream from it)
 * @param spikeSignificance Tracy-Widom significance level for spikes beyond the Marchenko-Pastur edge and for
 *                          correlation traps (default 0.001: trained weights have heavier-than-Gaussian entries,
 *                          whose finite-size correction moves the largest shuffled eigenvalue by about one
 *                          Tracy-Widom unit, enough to make a 1% test fire on a quarter of MiniLM's layers with no
 *                          outlying entry)
 * @param convLayout        axis order of 4-D kernels
 * @param include           a regular expression; only tensors whose name contains a match are analyzed ("" = all)
 */
public record AnalysisOptions(double eigenvalueFloor, int minEigenvalues, int maxDimension, int minTail,
        boolean randomize, long seed, double spikeSignificance, ConvLayout convLayout, String include) {
    public AnalysisOptions {
        Objects.requireNonNull(convLayout, "convLayout");
        Objects.requireNonNull(include, "include");
        if (!(eigenvalueFloor >= 0) || !Double.isFinite(eigenvalueFloor)) {
            throw new InvalidInputException("the eigenvalue floor must be finite and >= 0, got " + eigenvalueFloor);
        }
        if (minEigenvalues < 2) {
            throw new InvalidInputException("the minimum eigenvalue count must be >= 2, got " + minEigenvalues);
        }
        if (maxDimension < minEigenvalues) {
            throw new InvalidInputException("the maximum dimension must be >= the minimum eigenvalue count, got "
                    + maxDimension);
        }
        if (minTail < 2) {
            throw new InvalidInputException("the minimum power-law tail must be >= 2, got " + minTail);
        }
        if (!(spikeSignificance > 0 && spikeSignificance < 1)) {
            throw new InvalidInputException("the spike significance must lie in (0, 1), got " + spikeSignificance);
        }
        try {
            Pattern.compile(include);
        } catch (PatternSyntaxException e) {
            throw new InvalidInputException("bad include pattern '" + include + "': " + e.getDescription());
        }
    }

    public static AnalysisOptions defaults() {
        return new AnalysisOptions(1e-5, 10, 50_000, PowerLaw.DEFAULT_MIN_TAIL, true, 42L, 0.001,
                ConvLayout.OUT_IN_KH_KW, "");
    }

    public AnalysisOptions withRandomize(boolean value) {
        return new AnalysisOptions(eigenvalueFloor, minEigenvalues, maxDimension, minTail, value, seed,
                spikeSignificance, convLayout, include);
    }

    public AnalysisOptions withSeed(long value) {
        return new AnalysisOptions(eigenvalueFloor, minEigenvalues, maxDimension, minTail, randomize, value,
                spikeSignificance, convLayout, include);
    }

    public AnalysisOptions withInclude(String regex) {
        return new AnalysisOptions(eigenvalueFloor, minEigenvalues, maxDimension, minTail, randomize, seed,
                spikeSignificance, convLayout, regex);
    }

    public AnalysisOptions withConvLayout(ConvLayout value) {
        return new AnalysisOptions(eigenvalueFloor, minEigenvalues, maxDimension, minTail, randomize, seed,
                spikeSignificance, value, include);
    }

    public AnalysisOptions withMaxDimension(int value) {
        return new AnalysisOptions(eigenvalueFloor, minEigenvalues, value, minTail, randomize, seed,
                spikeSignificance, convLayout, include);
    }

    public AnalysisOptions withMinEigenvalues(int value) {
        return new AnalysisOptions(eigenvalueFloor, value, maxDimension, minTail, randomize, seed, spikeSignificance,
                convLayout, include);
    }

    /** True when the tensor name passes the include pattern. */
    public boolean includes(String tensorName) {
        return include.isEmpty() || Pattern.compile(include).matcher(tensorName).find();
    }
}
