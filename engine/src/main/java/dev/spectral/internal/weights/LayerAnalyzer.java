package dev.spectral.internal.weights;

import dev.spectral.SpectralException;
import dev.spectral.matrix.DenseMatrix;
import dev.spectral.rmt.TracyWidom;
import dev.spectral.rmt.WishartEdge;
import dev.spectral.spi.DenseBackend;
import dev.spectral.weights.AnalysisOptions;
import dev.spectral.weights.LayerDiagnostics;
import dev.spectral.weights.LayerResult;
import dev.spectral.weights.LayerWarning;
import dev.spectral.weights.MarchenkoPasturFit;
import dev.spectral.weights.ModelSource;
import dev.spectral.weights.PowerLawFit;
import dev.spectral.weights.RandomizedEsd;
import dev.spectral.weights.TensorData;
import dev.spectral.weights.TensorInfo;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * Analyzes one tensor at a time. Holds at most one layer's matrix (plus the small R factor and the spectra): the
 * tensor is read slice by slice from its mapping, and read a second time for the shuffled comparison instead of
 * being kept.
 */
public final class LayerAnalyzer {
    private static final double EPS = Math.ulp(1.0);

    private final AnalysisOptions options;
    private final DenseBackend backend;
    /** Tracy-Widom quantiles by upper-tail probability, computed once per analysis (each costs ~50 ms). */
    private final Map<Double, Double> twQuantiles = new HashMap<>();

    public LayerAnalyzer(AnalysisOptions options, DenseBackend backend) {
        this.options = options;
        this.backend = backend;
    }

    public LayerResult analyze(ModelSource source, int index, TensorInfo t) {
        String reason = skipReason(t);
        if (reason != null) {
            return new LayerResult.Skipped(index, t, reason);
        }
        MatrixSlices m = MatrixSlices.of(t, options.convLayout());
        int small = Math.min(m.rows(), m.cols());
        int large = Math.max(m.rows(), m.cols());
        if (small < options.minEigenvalues()) {
            return new LayerResult.Skipped(index, t, "smaller matrix dimension " + small + " is below "
                    + options.minEigenvalues() + ": too few eigenvalues");
        }
        if (large > options.maxDimension()) {
            return new LayerResult.Skipped(index, t, "larger matrix dimension " + large + " exceeds the maximum "
                    + options.maxDimension());
        }
        if ((long) small * large > DenseMatrix.MAX_ELEMENTS) {
            return new LayerResult.Skipped(index, t, "a " + m.rows() + " x " + m.cols()
                    + " matrix does not fit in one Java array");
        }
        try (TensorData data = source.open(t)) {
            return analyze(index, t, m, data);
        } catch (SpectralException e) {
            return new LayerResult.Skipped(index, t, e.getMessage());
        }
    }

    private String skipReason(TensorInfo t) {
        if (!options.includes(t.name())) {
            return "excluded by the include pattern";
        }
        if (!t.dtype().isReadable()) {
            return "dtype " + t.dtypeName() + " is not a floating-point type";
        }
        if (t.rank() != 2 && t.rank() != 4) {
            return t.rank() == 1 ? "1-D tensor (bias or normalization scale)"
                    : t.rank() + "-D tensor: only 2-D matrices and 4-D convolution kernels are analyzed";
        }
        for (long d : t.shape()) {
            if (d > Integer.MAX_VALUE) {
                return "dimension " + d + " too large";
            }
        }
        return null;
    }

    private LayerResult analyze(int index, TensorInfo t, MatrixSlices m, TensorData data) {
        int rows = m.tallRows();
        int cols = m.tallCols();
        int k = m.slices().size();
        long maxSpan = 0;
        for (MatrixSlices.Slice s : m.slices()) {
            maxSpan = Math.max(maxSpan, (m.cols() - 1) * s.colStride() + 1);
        }
        SliceReader reader = new SliceReader(m.cols(), maxSpan);
        double[] tall = new double[rows * cols];
        double[] eigenvalues = new double[k * cols];
        double[] shuffled = options.randomize() ? new double[k * cols] : null;
        int rank = 0;
        SplittableRandom rng = new SplittableRandom(options.seed() ^ (0x9E3779B97F4A7C15L * (index + 1L)));
        for (int j = 0; j < k; j++) {
            MatrixSlices.Slice s = m.slices().get(j);
            reader.read(data, m, s, tall);
            double[] sv = SingularValues.of(tall, rows, cols, backend);
            double tol = sv.length == 0 ? 0 : sv[0] * rows * EPS;
            for (int i = 0; i < cols; i++) {
                eigenvalues[j * cols + i] = sv[i] * sv[i];
                if (sv[i] > tol) {
                    rank++;
                }
            }
            if (shuffled != null) {
                reader.read(data, m, s, tall);
                double variance = shuffleAndCenter(tall, rng);
                double[] rv = SingularValues.of(tall, rows, cols, backend);
                for (int i = 0; i < cols; i++) {
                    shuffled[j * cols + i] = variance > 0 ? rv[i] * rv[i] / (rows * variance) : 0;
                }
            }
        }
        Arrays.sort(eigenvalues);
        double lambdaMax = eigenvalues[eigenvalues.length - 1];
        if (!(lambdaMax > 0)) {
            return new LayerResult.Skipped(index, t, "all entries are zero");
        }
        double sum = 0;
        for (double v : eigenvalues) {
            sum += v;
        }
        double entropy = entropy(eigenvalues, sum, rank);
        int firstAbove = 0;
        while (firstAbove < eigenvalues.length && !(eigenvalues[firstAbove] > options.eigenvalueFloor())) {
            firstAbove++;
        }
        double[] fitted = Arrays.copyOfRange(eigenvalues, firstAbove, eigenvalues.length);
        PowerLawFit fit = PowerLawSearch.fit(fitted, options.minTail());
        MarchenkoPasturFit mp = marchenkoPastur(eigenvalues, rows, cols, k);
        Optional<RandomizedEsd> randomized = Optional.empty();
        if (shuffled != null) {
            Arrays.sort(shuffled);
            randomized = Optional.of(randomizedEsd(shuffled, rows, cols, k));
        }
        List<LayerWarning> warnings = new ArrayList<>();
        if (fit instanceof PowerLawFit.Fitted f) {
            if (f.alpha() < 2) {
                warnings.add(LayerWarning.OVER_TRAINED);
            } else if (f.alpha() > 6) {
                warnings.add(LayerWarning.UNDER_TRAINED);
            }
        } else {
            warnings.add(LayerWarning.FIT_FAILED);
        }
        if (randomized.isPresent() && randomized.get().traps() > 0) {
            warnings.add(LayerWarning.CORRELATION_TRAP);
        }
        LayerDiagnostics d = new LayerDiagnostics(rows, cols, k, eigenvalues, fitted.length, fit, lambdaMax,
                Math.log10(sum), Math.log10(lambdaMax), sum / lambdaMax, rank, entropy, mp, randomized, warnings);
        return new LayerResult.Analyzed(index, t, d);
    }

    /** -Σ p ln p / ln(rank), p = λ/Σλ over the positive eigenvalues; 0 when the rank is at most one. */
    static double entropy(double[] eigenvalues, double sum, int rank) {
        if (rank <= 1) {
            return 0;
        }
        double h = 0;
        for (double v : eigenvalues) {
            if (v > 0) {
                double p = v / sum;
                h -= p * Math.log(p);
            }
        }
        return h / Math.log(rank);
    }

    /** Shuffles all entries (Fisher-Yates), subtracts their mean, and returns their variance. */
    static double shuffleAndCenter(double[] a, SplittableRandom rng) {
        for (int i = a.length - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            double tmp = a[i];
            a[i] = a[j];
            a[j] = tmp;
        }
        double mean = 0;
        for (double v : a) {
            mean += v;
        }
        mean /= a.length;
        double var = 0;
        for (int i = 0; i < a.length; i++) {
            a[i] -= mean;
            var += a[i] * a[i];
        }
        return var / a.length;
    }

    private MarchenkoPasturFit marchenkoPastur(double[] eigenvalues, int rows, int cols, int matrices) {
        double ratio = (double) cols / rows;
        double[] normalized = new double[eigenvalues.length];
        for (int i = 0; i < normalized.length; i++) {
            normalized[i] = eigenvalues[i] / rows;
        }
        MarchenkoPasturFitter.Result r = MarchenkoPasturFitter.fit(normalized, ratio);
        double sigma2 = r.variance();
        double sq = Math.sqrt(ratio);
        double bulkMin = sigma2 * (1 - sq) * (1 - sq);
        double bulkMax = sigma2 * (1 + sq) * (1 + sq);
        WishartEdge edge = WishartEdge.of(rows, cols);
        double q = twQuantile(options.spikeSignificance() / matrices);
        double threshold = edge.normalizedThreshold(sigma2, q);
        int spikes = 0;
        int significant = 0;
        for (double v : normalized) {
            spikes += v > bulkMax ? 1 : 0;
            significant += v > threshold ? 1 : 0;
        }
        double top = normalized[normalized.length - 1];
        double p = Math.min(1, matrices * TracyWidom.survival(edge.statisticNormalized(top, sigma2)));
        return new MarchenkoPasturFit(sigma2, ratio, bulkMin, bulkMax, r.ksDistance(), spikes, significant, threshold,
                p, bulkMax / top);
    }

    private RandomizedEsd randomizedEsd(double[] scaled, int rows, int cols, int matrices) {
        double ratio = (double) cols / rows;
        double edgeValue = (1 + Math.sqrt(ratio)) * (1 + Math.sqrt(ratio));
        WishartEdge edge = WishartEdge.of(rows, cols);
        double threshold = edge.normalizedThreshold(1.0, twQuantile(options.spikeSignificance() / matrices));
        int traps = 0;
        for (double v : scaled) {
            traps += v > threshold ? 1 : 0;
        }
        double max = scaled[scaled.length - 1];
        double p = Math.min(1, matrices * TracyWidom.survival(edge.statisticNormalized(max, 1.0)));
        return new RandomizedEsd(scaled, edgeValue, threshold, traps, max, p);
    }

    private double twQuantile(double upperTail) {
        return twQuantiles.computeIfAbsent(upperTail, u -> TracyWidom.quantile(1 - u));
    }
}
