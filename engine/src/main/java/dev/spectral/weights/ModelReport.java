package dev.spectral.weights;

import java.time.Duration;
import java.util.List;

/**
 * The result of {@link WeightAnalysis#analyze}: one record per tensor, in source order, and a summary.
 *
 * @param source  the analyzed path
 * @param format  the reader used
 * @param device  the linear-algebra backend
 * @param options the settings used
 * @param layers  every tensor, analyzed or skipped
 * @param summary aggregates
 * @param elapsed wall-clock time of the analysis
 */
public record ModelReport(String source, String format, String device, AnalysisOptions options,
        List<LayerResult> layers, ModelSummary summary, Duration elapsed) {
    public ModelReport {
        layers = List.copyOf(layers);
    }

    public List<LayerResult.Analyzed> analyzed() {
        return layers.stream().filter(l -> l instanceof LayerResult.Analyzed).map(l -> (LayerResult.Analyzed) l).toList();
    }

    public List<LayerResult.Skipped> skipped() {
        return layers.stream().filter(l -> l instanceof LayerResult.Skipped).map(l -> (LayerResult.Skipped) l).toList();
    }
}
