package dev.spectral.cli;

import dev.spectral.InvalidInputException;
import dev.spectral.weights.AnalysisOptions;
import dev.spectral.weights.CsvReport;
import dev.spectral.weights.HtmlReport;
import dev.spectral.weights.LayerDiagnostics;
import dev.spectral.weights.LayerResult;
import dev.spectral.weights.LayerWarning;
import dev.spectral.weights.ModelReport;
import dev.spectral.weights.ModelSummary;
import dev.spectral.weights.PowerLawFit;
import dev.spectral.weights.WeightAnalysis;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code spectral weights}: WeightWatcher-style spectral diagnostics of every weight matrix of a model file. */
@Command(name = "weights", description = {"Spectral diagnostics of a model's weight matrices, read one tensor at a time:",
        "the ESD of WᵀW (unnormalized), its power-law tail (alpha, xmin, KS distance, standard error), norms, stable rank,",
        "entropy, a Marchenko-Pastur fit of WᵀW/N with Tracy-Widom spikes, and a shuffled comparison for correlation traps.",
        "MODEL: .safetensors (or a sharded folder with its index), .onnx, .npy or .npz."})
final class WeightsCommand implements Callable<Integer> {
    @Mixin
    CommonOptions common;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "MODEL", description = "The model file or folder.")
    Path model;

    @Option(names = "--layers", paramLabel = "REGEX", description = "Only tensors whose name contains a match.")
    String layers;

    @Option(names = "--csv", paramLabel = "FILE", description = "One row per tensor (full precision).")
    Path csv;

    @Option(names = "--html", paramLabel = "FILE", description = "A self-contained HTML report with plots.")
    Path html;

    @Option(names = "--plots", paramLabel = "DIR", description = "PNG plots of each layer's ESD: log-log with the fitted tail, and linear with the MP density.")
    Path plots;

    @Option(names = "--no-randomize", description = "Skip the shuffled comparison (about twice as fast).")
    boolean noRandomize;

    @Option(names = "--seed", defaultValue = "42", description = "Seed of the shuffles (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--max-dimension", paramLabel = "N", description = "Skip layers whose larger dimension exceeds N (default 50000).")
    Integer maxDimension;

    record Layer(String name, String shape, String status, String reason, Double alpha, Double alphaStderr, Double xmin,
            Double ksDistance, Integer tailSize, Double alphaWeighted, Double logFrobeniusNorm, Double logSpectralNorm,
            Double stableRank, Integer matrixRank, Double entropy, Double mpVariance, Double mpBulkMax,
            Integer mpSignificantSpikes, Integer randomizedTraps, List<String> warnings) {}

    record Summary(int tensors, int analyzed, int skipped, int fitted, int fitFailed, int overTrained, int underTrained,
            int correlationTraps, long parametersAnalyzed, Double meanAlpha, Double meanAlphaWeighted) {}

    record WeightsResult(String model, String format, String device, Summary summary, List<Layer> layers, String csv,
            String html, String plots, double seconds) {}

    @Override
    public Integer call() {
        if (!Files.exists(model)) {
            throw new InvalidInputException(model + ": no such file or folder");
        }
        Timer t = new Timer();
        AnalysisOptions options = AnalysisOptions.defaults().withRandomize(!noRandomize).withSeed(seed);
        if (layers != null) {
            if (layers.isEmpty()) {
                throw new InvalidInputException("--layers needs a non-empty regular expression");
            }
            options = options.withInclude(layers);
        }
        if (maxDimension != null) {
            options = options.withMaxDimension(maxDimension);
        }
        ModelReport report;
        try (Progress progress = Progress.start(common, "layers", 1)) {
            report = WeightAnalysis.analyze(model, options, p -> progress.progress(p.done(), p.total(), p.tensor()));
        }
        if (layers != null && report.summary().tensors() > 0 && report.analyzed().isEmpty()
                && report.skipped().stream().allMatch(s -> s.reason().contains("filter"))) {
            throw new InvalidInputException("--layers '" + layers + "' matches no tensor of " + model);
        }
        if (csv != null) {
            CsvReport.write(report, csv);
        }
        if (html != null) {
            HtmlReport.write(report, html);
        }
        if (plots != null) {
            WeightPlots.write(report, plots);
        }
        List<Layer> rows = new ArrayList<>();
        for (LayerResult l : report.layers()) {
            rows.add(row(l));
        }
        ModelSummary s = report.summary();
        Summary summary = new Summary(s.tensors(), s.analyzed(), s.skipped(), s.fitted(), s.fitFailed(), s.overTrained(),
                s.underTrained(), s.correlationTraps(), s.parametersAnalyzed(),
                s.meanAlpha().isPresent() ? s.meanAlpha().getAsDouble() : null,
                s.meanAlphaWeighted().isPresent() ? s.meanAlphaWeighted().getAsDouble() : null);
        WeightsResult r = new WeightsResult(model.toString(), report.format(), report.device(), summary, rows,
                csv == null ? null : csv.toString(), html == null ? null : html.toString(),
                plots == null ? null : plots.toString(), t.seconds());
        PrintWriter w = spec.commandLine().getOut();
        if (common.json) {
            Output.json(w, r);
            return ExitCodes.OK;
        }
        print(w, r);
        return ExitCodes.OK;
    }

    private static Layer row(LayerResult l) {
        String shape = l.tensor().shapeString();
        return switch (l) {
            case LayerResult.Skipped s -> new Layer(s.name(), shape, "skipped", s.reason(), null, null, null, null, null,
                    null, null, null, null, null, null, null, null, null, null, List.of());
            case LayerResult.Analyzed a -> {
                LayerDiagnostics d = a.diagnostics();
                PowerLawFit.Fitted f = d.powerLaw() instanceof PowerLawFit.Fitted fit ? fit : null;
                String reason = d.powerLaw() instanceof PowerLawFit.Failed failed ? failed.reason() : null;
                yield new Layer(a.name(), shape, f == null ? "fit_failed" : "fitted", reason,
                        f == null ? null : f.alpha(), f == null ? null : f.standardError(), f == null ? null : f.xmin(),
                        f == null ? null : f.ksDistance(), f == null ? null : f.tailSize(),
                        d.alphaWeighted().isPresent() ? d.alphaWeighted().getAsDouble() : null, d.logFrobeniusNorm(),
                        d.logSpectralNorm(), d.stableRank(), d.matrixRank(), d.entropy(), d.marchenkoPastur().variance(),
                        d.marchenkoPastur().bulkMax(), d.marchenkoPastur().significantSpikes(),
                        d.randomized().map(x -> x.traps()).orElse(null),
                        d.warnings().stream().map(LayerWarning::name).map(x -> x.toLowerCase(Locale.ROOT)).toList());
            }
        };
    }

    private static void print(PrintWriter w, WeightsResult r) {
        w.printf(Locale.ROOT, "%-44s %-12s %7s %6s %8s %8s %7s %6s  %s%n", "layer", "shape", "alpha", "±", "alpha_w",
                "stable_r", "mp_spk", "traps", "warnings");
        for (Layer l : r.layers()) {
            if (l.status().equals("skipped")) {
                w.printf(Locale.ROOT, "%-44s %-12s skipped: %s%n", abbreviate(l.name()), l.shape(), l.reason());
                continue;
            }
            w.printf(Locale.ROOT, "%-44s %-12s %7s %6s %8s %8.2f %7d %6s  %s%n", abbreviate(l.name()), l.shape(),
                    l.alpha() == null ? "failed" : String.format(Locale.ROOT, "%.3f", l.alpha()),
                    l.alphaStderr() == null ? "-" : String.format(Locale.ROOT, "%.3f", l.alphaStderr()),
                    l.alphaWeighted() == null ? "-" : String.format(Locale.ROOT, "%.3f", l.alphaWeighted()),
                    l.stableRank(), l.mpSignificantSpikes(), l.randomizedTraps() == null ? "-" : l.randomizedTraps().toString(),
                    String.join(", ", l.warnings()));
        }
        Summary s = r.summary();
        w.println();
        w.printf(Locale.ROOT, "%s (%s): %d tensors, %d analyzed (%,d parameters), %d skipped; %d fitted, %d fit failed%n",
                r.model(), r.format(), s.tensors(), s.analyzed(), s.parametersAnalyzed(), s.skipped(), s.fitted(), s.fitFailed());
        w.printf(Locale.ROOT, "mean alpha %s, mean alpha-weighted %s; alpha < 2: %d, alpha > 6: %d, correlation traps: %d%n",
                s.meanAlpha() == null ? "-" : String.format(Locale.ROOT, "%.3f", s.meanAlpha()),
                s.meanAlphaWeighted() == null ? "-" : String.format(Locale.ROOT, "%.3f", s.meanAlphaWeighted()),
                s.overTrained(), s.underTrained(), s.correlationTraps());
        w.printf(Locale.ROOT, "time %.2f s%s%s%s%n", r.seconds(), r.csv() == null ? "" : ", csv " + r.csv(),
                r.html() == null ? "" : ", html " + r.html(), r.plots() == null ? "" : ", plots in " + r.plots());
    }

    private static String abbreviate(String name) {
        return name.length() <= 44 ? name : "…" + name.substring(name.length() - 43);
    }
}
