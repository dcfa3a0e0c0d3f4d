package dev.spectral.internal.weights;

import dev.spectral.rmt.MarchenkoPastur;
import dev.spectral.weights.LayerDiagnostics;
import dev.spectral.weights.LayerResult;
import dev.spectral.weights.LayerWarning;
import dev.spectral.weights.MarchenkoPasturFit;
import dev.spectral.weights.ModelReport;
import dev.spectral.weights.ModelSummary;
import dev.spectral.weights.PowerLawFit;
import dev.spectral.weights.RandomizedEsd;
import java.util.List;
import java.util.Locale;
import java.util.OptionalDouble;
import java.util.stream.Collectors;

/** Renders a {@link ModelReport} as one self-contained HTML page with inline SVG charts. */
public final class HtmlRenderer {
    private static final String CSS = """
            body{font-family:sans-serif;margin:1.5em;color:#222}
            table{border-collapse:collapse;font-size:12px}
            th,td{border:1px solid #ccc;padding:2px 6px;text-align:right}
            th{background:#f0f0f0}
            td.l,th.l{text-align:left}
            tr.warn td{background:#fff4e0}
            tr.fail td{background:#fde8e8}
            details{margin:.4em 0}
            summary{cursor:pointer;font-size:13px}
            .plots svg{margin-right:8px;border:1px solid #eee}
            .note{font-size:12px;color:#555;max-width:70em}
            """;

    private HtmlRenderer() {}

    public static String render(ModelReport r) {
        StringBuilder h = new StringBuilder(1 << 16);
        h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Weight diagnostics: ")
                .append(Html.escape(fileName(r.source()))).append("</title><style>").append(CSS)
                .append("</style></head><body>\n");
        h.append("<h1>Weight diagnostics</h1>\n<p>Model <code>").append(Html.escape(r.source())).append("</code> (")
                .append(r.format()).append("), analyzed in ").append(fmt("%.2f", r.elapsed().toNanos() / 1e9))
                .append(" s on ").append(Html.escape(r.device())).append(".</p>\n");
        summary(h, r.summary());
        overview(h, r.analyzed());
        table(h, r.layers());
        spectra(h, r.analyzed(), r.options().randomize());
        skipped(h, r.skipped());
        method(h, r);
        return h.append("</body></html>\n").toString();
    }

    private static String fileName(String path) {
        int i = Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\'));
        return i >= 0 ? path.substring(i + 1) : path;
    }

    private static void summary(StringBuilder h, ModelSummary s) {
        h.append("<h2>Summary</h2>\n<table>");
        row(h, "Tensors", Integer.toString(s.tensors()));
        row(h, "Layers analyzed", s.analyzed() + " (" + s.parametersAnalyzed() + " parameters)");
        row(h, "Skipped", Integer.toString(s.skipped()));
        row(h, "Power-law fits", s.fitted() + " succeeded, " + s.fitFailed() + " failed");
        row(h, "Mean alpha", opt(s.meanAlpha(), "%.3f"));
        row(h, "Mean alpha-weighted", opt(s.meanAlphaWeighted(), "%.3f"));
        row(h, "Mean log alpha-norm", opt(s.meanLogAlphaNorm(), "%.3f"));
        row(h, "Mean log spectral norm (log10 λmax)", opt(s.meanLogSpectralNorm(), "%.3f"));
        row(h, "Mean log Frobenius norm (log10 Σλ)", opt(s.meanLogFrobeniusNorm(), "%.3f"));
        row(h, "Mean stable rank", opt(s.meanStableRank(), "%.2f"));
        row(h, "alpha &lt; 2 (over-trained?)", Integer.toString(s.overTrained()));
        row(h, "alpha &gt; 6 (under-trained?)", Integer.toString(s.underTrained()));
        row(h, "Correlation traps", Integer.toString(s.correlationTraps()));
        h.append("</table>\n");
    }

    private static void row(StringBuilder h, String k, String v) {
        h.append("<tr><th class=\"l\">").append(k).append("</th><td class=\"l\">").append(v).append("</td></tr>");
    }

    private static void overview(StringBuilder h, List<LayerResult.Analyzed> layers) {
        if (layers.isEmpty()) {
            return;
        }
        double top = 8;
        for (LayerResult.Analyzed a : layers) {
            if (a.diagnostics().powerLaw() instanceof PowerLawFit.Fitted f) {
                top = Math.max(top, Math.min(20, f.alpha() + f.standardError()));
            }
        }
        SvgPlot p = new SvgPlot(Math.max(480, Math.min(1400, 40 + 14 * layers.size())), 300, 0.5, layers.size() + 0.5,
                0, Math.ceil(top), false, false);
        p.band(2, 6, "#e8f5e9").horizontal(2, "#c62828", "4,3").horizontal(6, "#1565c0", "4,3");
        for (int i = 0; i < layers.size(); i++) {
            LayerResult.Analyzed a = layers.get(i);
            if (a.diagnostics().powerLaw() instanceof PowerLawFit.Fitted f) {
                p.errorBar(i + 1, f.alpha() - f.standardError(), f.alpha() + f.standardError(), "#999");
                String color = f.alpha() < 2 ? "#c62828" : f.alpha() > 6 ? "#1565c0" : "#2e7d32";
                p.marker(i + 1, f.alpha(), color, a.name() + ": alpha " + fmt("%.3f", f.alpha()) + " ± "
                        + fmt("%.3f", f.standardError()));
            } else {
                p.cross(i + 1, 0.3, "#c62828", a.name() + ": fit failed");
            }
        }
        p.legend("#2e7d32", "2 ≤ alpha ≤ 6").legend("#c62828", "alpha < 2 / failed fit (×)")
                .legend("#1565c0", "alpha > 6");
        h.append("<h2>Alpha by layer</h2>\n<div>")
                .append(p.render("Power-law exponent per layer (± standard error)", "layer (analyzed, in model order)",
                        "alpha"))
                .append("</div>\n");
    }

    private static void table(StringBuilder h, List<LayerResult> layers) {
        h.append("<h2>Layers</h2>\n<table><tr><th>#</th><th class=\"l\">tensor</th><th class=\"l\">shape</th>")
                .append("<th>N×M (×k)</th><th>alpha</th><th>± SE</th><th>xmin</th><th>D</th><th>tail</th>")
                .append("<th>alpha-weighted</th><th>log α-norm</th><th>log Σλ</th><th>log λmax</th>")
                .append("<th>stable rank</th><th>rank</th><th>entropy</th><th>MP σ²</th><th>MP edge</th>")
                .append("<th>spikes (signif.)</th><th>traps</th><th class=\"l\">warnings</th></tr>\n");
        for (LayerResult l : layers) {
            if (!(l instanceof LayerResult.Analyzed a)) {
                continue;
            }
            LayerDiagnostics d = a.diagnostics();
            String cls = d.warnings().contains(LayerWarning.FIT_FAILED) ? " class=\"fail\""
                    : d.warnings().isEmpty() ? "" : " class=\"warn\"";
            h.append("<tr").append(cls).append("><td>").append(l.index()).append("</td><td class=\"l\">")
                    .append(Html.escape(l.name())).append("</td><td class=\"l\">").append(l.tensor().shapeString())
                    .append(' ').append(Html.escape(l.tensor().dtypeName())).append("</td><td>").append(d.rows())
                    .append('×').append(d.cols()).append(d.matrices() > 1 ? " ×" + d.matrices() : "").append("</td>");
            if (d.powerLaw() instanceof PowerLawFit.Fitted f) {
                cells(h, fmt("%.3f", f.alpha()), fmt("%.3f", f.standardError()), fmt("%.4g", f.xmin()),
                        fmt("%.3f", f.ksDistance()), Integer.toString(f.tailSize()),
                        fmt("%.3f", d.alphaWeighted().getAsDouble()), fmt("%.3f", d.logAlphaNorm().getAsDouble()));
            } else {
                h.append("<td colspan=\"7\" class=\"l\">fit failed: ")
                        .append(Html.escape(((PowerLawFit.Failed) d.powerLaw()).reason())).append("</td>");
            }
            MarchenkoPasturFit mp = d.marchenkoPastur();
            cells(h, fmt("%.3f", d.logFrobeniusNorm()), fmt("%.3f", d.logSpectralNorm()), fmt("%.2f", d.stableRank()),
                    Integer.toString(d.matrixRank()), fmt("%.3f", d.entropy()), fmt("%.4g", mp.variance()),
                    fmt("%.4g", mp.bulkMax()), mp.spikes() + " (" + mp.significantSpikes() + ")",
                    d.randomized().map(x -> Integer.toString(x.traps())).orElse("–"));
            h.append("<td class=\"l\">").append(d.warnings().stream().map(LayerWarning::description)
                    .map(Html::escape).collect(Collectors.joining("; "))).append("</td></tr>\n");
        }
        h.append("</table>\n");
    }

    private static void cells(StringBuilder h, String... values) {
        for (String v : values) {
            h.append("<td>").append(v).append("</td>");
        }
    }

    private static void spectra(StringBuilder h, List<LayerResult.Analyzed> layers, boolean randomized) {
        if (layers.isEmpty()) {
            return;
        }
        h.append("<h2>Spectra</h2>\n<p class=\"note\">Left: the ESD of WᵀW on log-log axes with the fitted power law "
                + "from xmin. Middle: the ESD of WᵀW/N against the fitted Marchenko-Pastur law (dashed: bulk edge, "
                + "dotted: Tracy-Widom significance threshold).")
                .append(randomized ? " Right: the same after an elementwise shuffle, scaled by N·σ², against MP(γ, 1)." : "")
                .append("</p>\n");
        for (LayerResult.Analyzed a : layers) {
            LayerDiagnostics d = a.diagnostics();
            h.append("<details><summary>").append(a.index()).append(": ").append(Html.escape(a.name())).append(" — ")
                    .append(d.alpha().isPresent() ? "alpha " + fmt("%.3f", d.alpha().getAsDouble()) : "fit failed")
                    .append("</summary><div class=\"plots\">").append(powerLawPlot(d)).append(mpPlot(d));
            d.randomized().ifPresent(x -> h.append(randomizedPlot(x, d.marchenkoPastur().ratio())));
            h.append("</div></details>\n");
        }
    }

    static String powerLawPlot(LayerDiagnostics d) {
        double[] ev = d.eigenvalues();
        int n = d.eigenvaluesAboveFloor();
        int start = ev.length - n;
        if (n < 2 || !(ev[ev.length - 1] > ev[start])) {
            return "";
        }
        double lo = Math.log10(ev[start]);
        double hi = Math.log10(ev[ev.length - 1]);
        int bins = 40;
        double w = (hi - lo) / bins;
        int[] count = new int[bins];
        for (int i = start; i < ev.length; i++) {
            count[Math.min(bins - 1, (int) ((Math.log10(ev[i]) - lo) / w))]++;
        }
        double[] logDensity = new double[bins];
        double yMin = Double.POSITIVE_INFINITY;
        double yMax = Double.NEGATIVE_INFINITY;
        for (int b = 0; b < bins; b++) {
            double width = Math.pow(10, lo + (b + 1) * w) - Math.pow(10, lo + b * w);
            logDensity[b] = count[b] > 0 ? Math.log10(count[b] / (n * width)) : Double.NaN;
            if (count[b] > 0) {
                yMin = Math.min(yMin, logDensity[b]);
                yMax = Math.max(yMax, logDensity[b]);
            }
        }
        double[] fx = null;
        double[] fy = null;
        if (d.powerLaw() instanceof PowerLawFit.Fitted f) {
            fx = new double[30];
            fy = new double[30];
            double a = Math.log10(f.xmin());
            for (int i = 0; i < 30; i++) {
                fx[i] = a + (hi - a) * i / 29.0;
                double x = Math.pow(10, fx[i]);
                double p = (double) f.tailSize() / n * (f.alpha() - 1) / f.xmin() * Math.pow(x / f.xmin(), -f.alpha());
                fy[i] = Math.log10(p);
            }
            yMin = Math.min(yMin, fy[29]);
        }
        SvgPlot p = new SvgPlot(360, 250, lo, hi, Math.floor(yMin), Math.ceil(yMax), true, true);
        for (int b = 0; b < bins; b++) {
            if (count[b] > 0) {
                p.bar(lo + b * w, lo + (b + 1) * w, logDensity[b], "#90caf9");
            }
        }
        if (fx != null) {
            PowerLawFit.Fitted f = (PowerLawFit.Fitted) d.powerLaw();
            p.line(fx, fy, "#c62828", 1.5, null).vertical(Math.log10(f.xmin()), "#c62828", "4,3")
                    .legend("#c62828", "alpha " + fmt("%.2f", f.alpha()) + ", xmin " + fmt("%.3g", f.xmin()));
        }
        return p.render("ESD of WᵀW (log-log)", "eigenvalue λ", "density");
    }

    static String mpPlot(LayerDiagnostics d) {
        MarchenkoPasturFit mp = d.marchenkoPastur();
        double[] ev = d.eigenvalues();
        int m = ev.length;
        double maxN = ev[m - 1] / d.rows();
        double range = Math.min(maxN, 2 * Math.max(mp.bulkMax(), mp.threshold()));
        if (!(range > 0)) {
            return "";
        }
        int bins = 50;
        double w = range / bins;
        int[] count = new int[bins];
        int beyond = 0;
        for (double v : ev) {
            double x = v / d.rows();
            if (x > range) {
                beyond++;
            } else {
                count[Math.min(bins - 1, (int) (x / w))]++;
            }
        }
        MarchenkoPastur law = MarchenkoPastur.of(mp.ratio(), mp.variance());
        double[] xs = new double[201];
        double[] ys = new double[201];
        double yMax = 0;
        for (int b = 0; b < bins; b++) {
            yMax = Math.max(yMax, count[b] / (m * w));
        }
        for (int i = 0; i <= 200; i++) {
            xs[i] = range * i / 200.0;
            ys[i] = law.density(xs[i]);
        }
        double curveMax = 0;
        for (double y : ys) {
            curveMax = Math.max(curveMax, y);
        }
        yMax = Math.max(yMax, Math.min(curveMax, 3 * yMax));
        SvgPlot p = new SvgPlot(360, 250, 0, range, 0, yMax * 1.05, false, false);
        for (int b = 0; b < bins; b++) {
            if (count[b] > 0) {
                p.bar(b * w, (b + 1) * w, count[b] / (m * w), "#a5d6a7");
            }
        }
        for (int i = m - 1; i >= 0 && ev[i] / d.rows() > mp.threshold(); i--) {
            p.tick(ev[i] / d.rows(), "#c62828", "significant spike " + fmt("%.4g", ev[i] / d.rows()));
        }
        p.line(xs, ys, "#6a1b9a", 1.5, null).vertical(mp.bulkMax(), "#c62828", "4,3")
                .vertical(mp.threshold(), "#c62828", "1,3")
                .legend("#6a1b9a", "MP σ² " + fmt("%.3g", mp.variance()) + ", γ " + fmt("%.3g", mp.ratio()))
                .legend("#c62828", mp.spikes() + " above edge, " + mp.significantSpikes() + " significant");
        if (beyond > 0) {
            p.legend("#999", beyond + " eigenvalues beyond the plot (max " + fmt("%.3g", maxN) + ")");
        }
        return p.render("ESD of WᵀW/N vs Marchenko-Pastur", "eigenvalue of WᵀW/N", "density");
    }

    static String randomizedPlot(RandomizedEsd r, double ratio) {
        double[] ev = r.scaledEigenvalues();
        int m = ev.length;
        double range = Math.max(r.maxScaled(), r.threshold()) * 1.05;
        if (!(range > 0)) {
            return "";
        }
        int bins = 50;
        double w = range / bins;
        int[] count = new int[bins];
        for (double v : ev) {
            count[Math.min(bins - 1, Math.max(0, (int) (v / w)))]++;
        }
        MarchenkoPastur law = MarchenkoPastur.of(ratio, 1);
        double[] xs = new double[201];
        double[] ys = new double[201];
        double yMax = 0;
        for (int b = 0; b < bins; b++) {
            yMax = Math.max(yMax, count[b] / (m * w));
        }
        for (int i = 0; i <= 200; i++) {
            xs[i] = range * i / 200.0;
            ys[i] = law.density(xs[i]);
        }
        SvgPlot p = new SvgPlot(360, 250, 0, range, 0, yMax * 1.1, false, false);
        for (int b = 0; b < bins; b++) {
            if (count[b] > 0) {
                p.bar(b * w, (b + 1) * w, count[b] / (m * w), r.traps() > 0 ? "#ffcc80" : "#cfd8dc");
            }
        }
        for (int i = m - 1; i >= 0 && ev[i] > r.threshold(); i--) {
            p.tick(ev[i], "#ef6c00", "trap " + fmt("%.4g", ev[i]));
        }
        p.line(xs, ys, "#6a1b9a", 1.5, null).vertical(r.bulkEdge(), "#c62828", "4,3")
                .vertical(r.threshold(), "#c62828", "1,3")
                .legend(r.traps() > 0 ? "#ef6c00" : "#607d8b", r.traps() + " trap(s), max " + fmt("%.3g", r.maxScaled()));
        return p.render("Shuffled ESD (scaled) vs MP(γ, 1)", "eigenvalue / (N σ²)", "density");
    }

    private static void skipped(StringBuilder h, List<LayerResult.Skipped> skipped) {
        if (skipped.isEmpty()) {
            return;
        }
        h.append("<h2>Skipped tensors</h2>\n<table><tr><th>#</th><th class=\"l\">tensor</th><th class=\"l\">shape</th>")
                .append("<th class=\"l\">reason</th></tr>\n");
        for (LayerResult.Skipped s : skipped) {
            h.append("<tr><td>").append(s.index()).append("</td><td class=\"l\">").append(Html.escape(s.name()))
                    .append("</td><td class=\"l\">").append(s.tensor().shapeString()).append(' ')
                    .append(Html.escape(s.tensor().dtypeName())).append("</td><td class=\"l\">")
                    .append(Html.escape(s.reason())).append("</td></tr>\n");
        }
        h.append("</table>\n");
    }

    private static void method(StringBuilder h, ModelReport r) {
        var o = r.options();
        h.append("<h2>Method</h2>\n<ul class=\"note\">")
                .append("<li>Each 2-D weight W is one matrix; a 4-D kernel is one matrix per kernel position (layout ")
                .append(o.convLayout()).append("), their spectra pooled. N is the larger and M the smaller dimension.</li>")
                .append("<li>ESD: the eigenvalues λ = s² of WᵀW, unnormalized as in WeightWatcher; eigenvalues at or below ")
                .append(fmt("%.3g", o.eigenvalueFloor())).append(" are left out of the power-law fit and the α-norm.</li>")
                .append("<li>alpha: maximum-likelihood power law of the tail (Clauset, Shalizi, Newman), xmin by minimal ")
                .append("Kolmogorov-Smirnov distance D over tails of at least ").append(o.minTail())
                .append(" eigenvalues; SE = (alpha - 1)/√tail. alpha-weighted = alpha·log10 λmax; log α-norm = log10 Σλ^alpha.</li>")
                .append("<li>Norms are of WᵀW: log Σλ = log10 ‖W‖_F², log λmax = log10 ‖W‖₂². Stable rank Σλ/λmax; ")
                .append("rank counts s &gt; s_max·N·ε; entropy = −Σp ln p / ln rank, p = λ/Σλ.</li>")
                .append("<li>Marchenko-Pastur: fitted to the ESD of WᵀW/N at γ = M/N by minimal KS distance over σ². ")
                .append("Spikes lie above the bulk edge σ²(1+√γ)²; significant spikes above the Tracy-Widom threshold at level ")
                .append(fmt("%.3g", o.spikeSignificance()))
                .append(" (Johnstone's centring and scaling, Bonferroni over the matrices of a kernel).</li>")
                .append(o.randomize() ? "<li>Correlation traps: each matrix is shuffled elementwise (seed " + o.seed()
                        + "), centred, and its ESD scaled by N·σ²; eigenvalues above the same Tracy-Widom threshold "
                        + "are traps.</li>" : "")
                .append("<li>Warnings: alpha &lt; 2 over-trained?, alpha &gt; 6 under-trained?; a failed fit is reported as ")
                .append("such and never counted as over-trained.</li></ul>\n");
    }

    private static String opt(OptionalDouble v, String format) {
        return v.isPresent() ? fmt(format, v.getAsDouble()) : "–";
    }

    static String fmt(String format, double v) {
        return String.format(Locale.ROOT, format, v);
    }
}
