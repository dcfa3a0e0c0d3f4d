package dev.spectral.weights;

import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * Everything measured on one layer.
 *
 * <p>Normalization: {@code eigenvalues} is the ESD of WᵀW unnormalized, λ_i = s_i² (WeightWatcher's convention); the
 * power-law fit and all norms use it. The Marchenko-Pastur fit uses WᵀW/N instead (see {@link MarchenkoPasturFit}).
 * For a 4-D kernel the ESDs of its kh·kw matrices are pooled.
 *
 * @param rows                 N, the larger dimension of each matrix
 * @param cols                 M, the smaller dimension (eigenvalues per matrix)
 * @param matrices             1 for a matrix, kh·kw for a convolution kernel
 * @param eigenvalues          λ_i = s_i², ascending, all of them
 * @param eigenvaluesAboveFloor how many exceed the floor and enter the power-law fit
 * @param powerLaw             the fit of the tail
 * @param lambdaMax            the largest eigenvalue
 * @param logFrobeniusNorm     log10 Σλ = log10 ‖W‖_F²
 * @param logSpectralNorm      log10 λmax = log10 ‖W‖₂² (squared, as WeightWatcher's log_spectral_norm)
 * @param stableRank           Σλ / λmax
 * @param matrixRank           singular values above s_max·max(N, M)·ε, summed over the matrices
 * @param entropy              -Σ p ln p / ln(rank) with p = λ/Σλ: 1 for a flat spectrum, 0 for rank one
 * @param marchenkoPastur      the random-matrix fit of the bulk
 * @param randomized           the shuffled comparison, when enabled
 * @param warnings             flags
 */
public record LayerDiagnostics(int rows, int cols, int matrices, double[] eigenvalues, int eigenvaluesAboveFloor,
        PowerLawFit powerLaw, double lambdaMax, double logFrobeniusNorm, double logSpectralNorm, double stableRank,
        int matrixRank, double entropy, MarchenkoPasturFit marchenkoPastur, Optional<RandomizedEsd> randomized,
        List<LayerWarning> warnings) {
    public LayerDiagnostics {
        warnings = List.copyOf(warnings);
    }

    /** The power-law exponent, when the fit succeeded. */
    public OptionalDouble alpha() {
        return powerLaw instanceof PowerLawFit.Fitted f ? OptionalDouble.of(f.alpha()) : OptionalDouble.empty();
    }

    /** α·log10 λmax, when the fit succeeded. */
    public OptionalDouble alphaWeighted() {
        return powerLaw instanceof PowerLawFit.Fitted f ? OptionalDouble.of(f.alpha() * logSpectralNorm)
                : OptionalDouble.empty();
    }

    /** log10 Σ λ^α over the eigenvalues above the floor, when the fit succeeded. */
    public OptionalDouble logAlphaNorm() {
        if (!(powerLaw instanceof PowerLawFit.Fitted f)) {
            return OptionalDouble.empty();
        }
        // Σ λ^α = λmax^α Σ (λ/λmax)^α, summed in that form so that large α cannot overflow.
        double s = 0;
        int n = eigenvalues.length;
        for (int i = n - eigenvaluesAboveFloor; i < n; i++) {
            s += Math.pow(eigenvalues[i] / lambdaMax, f.alpha());
        }
        return OptionalDouble.of(f.alpha() * Math.log10(lambdaMax) + Math.log10(s));
    }

    /** Power-law tail size (WeightWatcher's num_pl_spikes), 0 without a fit. */
    public int tailSize() {
        return powerLaw instanceof PowerLawFit.Fitted f ? f.tailSize() : 0;
    }
}
