package dev.spectral.cli;

import dev.spectral.SpectralException;
import dev.spectral.rmt.MarchenkoPastur;
import dev.spectral.weights.LayerDiagnostics;
import dev.spectral.weights.LayerResult;
import dev.spectral.weights.ModelReport;
import dev.spectral.weights.PowerLawFit;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** Per-layer ESD plots: log-log histogram with the fitted power-law tail, and linear histogram of WᵀW/N with MP. */
final class WeightPlots {
    private WeightPlots() {}

    static void write(ModelReport report, Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new SpectralException("cannot create " + dir + ": " + e.getMessage(), e);
        }
        for (LayerResult.Analyzed a : report.analyzed()) {
            String base = a.index() + "-" + a.name().replaceAll("[^A-Za-z0-9._-]", "_");
            LayerDiagnostics d = a.diagnostics();
            logLog(dir.resolve(base + "-esd-loglog.png"), a.name(), d);
            marchenkoPastur(dir.resolve(base + "-esd-mp.png"), a.name(), d);
        }
    }

    private static void logLog(Path file, String name, LayerDiagnostics d) {
        List<Double> pos = new ArrayList<>();
        for (double v : d.eigenvalues()) {
            if (v > 0) {
                pos.add(v);
            }
        }
        if (pos.size() < 2) {
            return;
        }
        double lo = Math.log(pos.get(0));
        double hi = Math.log(pos.get(pos.size() - 1));
        int bins = Math.max(10, Math.min(80, pos.size() / 8));
        double width = Math.max((hi - lo) / bins, 1e-12);
        double[] counts = new double[bins];
        for (double v : pos) {
            counts[Math.min(bins - 1, (int) ((Math.log(v) - lo) / width))]++;
        }
        List<Double> xs = new ArrayList<>();
        List<Double> ys = new ArrayList<>();
        int total = d.eigenvalues().length;
        for (int b = 0; b < bins; b++) {
            if (counts[b] > 0) {
                double a = Math.exp(lo + b * width);
                double c = Math.exp(lo + (b + 1) * width);
                xs.add(Math.sqrt(a * c));
                ys.add(counts[b] / (total * (c - a)));
            }
        }
        XYChart chart = new XYChartBuilder().width(800).height(500).title(name + ": ESD of WᵀW (log-log)")
                .xAxisTitle("eigenvalue λ").yAxisTitle("density").build();
        chart.getStyler().setXAxisLogarithmic(true);
        chart.getStyler().setYAxisLogarithmic(true);
        chart.getStyler().setChartBackgroundColor(java.awt.Color.WHITE);
        XYSeries hist = chart.addSeries("ESD", xs, ys);
        hist.setMarker(SeriesMarkers.CIRCLE);
        hist.setLineStyle(new java.awt.BasicStroke(0f));
        if (d.powerLaw() instanceof PowerLawFit.Fitted f) {
            // p(x) = (k/n)(α-1)/xmin (x/xmin)^-α on [xmin, xmax]: the tail's share of the whole density.
            double scale = (double) f.tailSize() / total * (f.alpha() - 1) / f.xmin();
            double[] lx = {f.xmin(), f.xmax()};
            double[] ly = {scale, scale * Math.pow(f.xmax() / f.xmin(), -f.alpha())};
            XYSeries line = chart.addSeries(String.format(java.util.Locale.ROOT, "power law α = %.2f, xmin = %.3g", f.alpha(), f.xmin()), lx, ly);
            line.setMarker(SeriesMarkers.NONE);
        }
        Plots.write(file, chart);
    }

    private static void marchenkoPastur(Path file, String name, LayerDiagnostics d) {
        double n = d.rows();
        double[] ev = d.eigenvalues();
        double max = ev[ev.length - 1] / n;
        var mp = MarchenkoPastur.of(d.marchenkoPastur().ratio(), d.marchenkoPastur().variance());
        double top = Math.max(mp.upperEdge() * 1.2, 1e-300);
        double shown = Math.min(max, top * 1.5);
        int bins = Math.max(10, Math.min(100, ev.length / 6));
        double width = shown / bins;
        if (!(width > 0)) {
            return;
        }
        double[] counts = new double[bins];
        for (double v : ev) {
            double x = v / n;
            if (x < shown) {
                counts[Math.min(bins - 1, (int) (x / width))]++;
            }
        }
        double[] xs = new double[bins];
        double[] ys = new double[bins];
        for (int b = 0; b < bins; b++) {
            xs[b] = (b + 0.5) * width;
            ys[b] = counts[b] / (ev.length * width);
        }
        double[] mx = new double[200];
        double[] my = new double[200];
        for (int i = 0; i < 200; i++) {
            mx[i] = shown * i / 199.0;
            my[i] = mp.density(mx[i]);
        }
        XYChart chart = new XYChartBuilder().width(800).height(500)
                .title(name + String.format(java.util.Locale.ROOT, ": ESD of WᵀW/N and Marchenko-Pastur (σ² = %.3g, γ = %.3g)",
                        d.marchenkoPastur().variance(), d.marchenkoPastur().ratio()))
                .xAxisTitle("eigenvalue of WᵀW/N" + (max > shown ? String.format(java.util.Locale.ROOT, " (λmax = %.3g off the chart)", max) : ""))
                .yAxisTitle("density").build();
        chart.getStyler().setChartBackgroundColor(java.awt.Color.WHITE);
        XYSeries h = chart.addSeries("ESD", xs, ys);
        h.setMarker(SeriesMarkers.NONE);
        XYSeries m = chart.addSeries("Marchenko-Pastur", mx, my);
        m.setMarker(SeriesMarkers.NONE);
        Plots.write(file, chart);
    }
}
