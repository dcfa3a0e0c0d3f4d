package dev.spectral.weights;

import dev.spectral.Backends;
import dev.spectral.internal.weights.LayerAnalyzer;
import dev.spectral.spi.DenseBackend;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.OptionalDouble;
import java.util.function.ToDoubleFunction;

/**
 * Weight diagnostics of a trained model in the manner of WeightWatcher (Martin and Mahoney): for each 2-D weight
 * matrix (and each 4-D convolution kernel, as one matrix per kernel position) the empirical spectral density of WᵀW,
 * a power-law fit of its tail, norms and ranks, a Marchenko-Pastur fit of its bulk with Tracy-Widom significance of
 * the spikes, and an elementwise-shuffle comparison that exposes correlation traps.
 *
 * <p>Tensors are read one at a time from memory-mapped files; peak heap is about one layer's matrix in float64
 * (see {@link LayerAnalyzer}). Singular values come from the CPU backend's SVD.
 */
public final class WeightAnalysis {
    private WeightAnalysis() {}

    /** Opens the model at {@code path} (see {@link ModelSource#open}) and analyzes it. */
    public static ModelReport analyze(Path path, AnalysisOptions options, ProgressListener progress) {
        try (ModelSource source = ModelSource.open(path)) {
            return analyze(source, options, progress);
        }
    }

    public static ModelReport analyze(ModelSource source, AnalysisOptions options, ProgressListener progress) {
        Objects.requireNonNull(options, "options");
        Objects.requireNonNull(progress, "progress");
        long start = System.nanoTime();
        List<TensorInfo> tensors = source.tensors();
        List<LayerResult> results = new ArrayList<>(tensors.size());
        String device;
        try (DenseBackend backend = Backends.cpu()) {
            device = backend.device();
            LayerAnalyzer analyzer = new LayerAnalyzer(options, backend);
            for (int i = 0; i < tensors.size(); i++) {
                LayerResult r = analyzer.analyze(source, i, tensors.get(i));
                results.add(r);
                progress.onProgress(new ProgressListener.Progress(i + 1, tensors.size(), r.name(),
                        r instanceof LayerResult.Analyzed, Duration.ofNanos(System.nanoTime() - start)));
            }
        }
        return new ModelReport(source.path().toString(), source.format(), device, options, results,
                summarize(results), Duration.ofNanos(System.nanoTime() - start));
    }

    static ModelSummary summarize(List<LayerResult> results) {
        List<LayerDiagnostics> analyzed = results.stream().filter(r -> r instanceof LayerResult.Analyzed)
                .map(r -> ((LayerResult.Analyzed) r).diagnostics()).toList();
        List<LayerDiagnostics> fitted = analyzed.stream().filter(d -> d.powerLaw().fitted()).toList();
        int over = 0;
        int under = 0;
        int failed = 0;
        int traps = 0;
        long params = 0;
        for (LayerDiagnostics d : analyzed) {
            over += d.warnings().contains(LayerWarning.OVER_TRAINED) ? 1 : 0;
            under += d.warnings().contains(LayerWarning.UNDER_TRAINED) ? 1 : 0;
            failed += d.warnings().contains(LayerWarning.FIT_FAILED) ? 1 : 0;
            traps += d.warnings().contains(LayerWarning.CORRELATION_TRAP) ? 1 : 0;
            params += (long) d.rows() * d.cols() * d.matrices();
        }
        return new ModelSummary(results.size(), analyzed.size(), results.size() - analyzed.size(), fitted.size(), over,
                under, failed, traps, params, mean(fitted, d -> d.alpha().getAsDouble()),
                mean(fitted, d -> d.alphaWeighted().getAsDouble()), mean(fitted, d -> d.logAlphaNorm().getAsDouble()),
                mean(analyzed, LayerDiagnostics::logSpectralNorm), mean(analyzed, LayerDiagnostics::logFrobeniusNorm),
                mean(analyzed, LayerDiagnostics::stableRank));
    }

    private static OptionalDouble mean(List<LayerDiagnostics> list, ToDoubleFunction<LayerDiagnostics> f) {
        return list.stream().mapToDouble(f).average();
    }
}
