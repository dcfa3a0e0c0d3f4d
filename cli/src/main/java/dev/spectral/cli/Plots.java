package dev.spectral.cli;

import dev.spectral.SpectralException;
import dev.spectral.io.AtomicFiles;
import java.io.IOException;
import java.nio.file.Path;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** PNG plots through XChart, written atomically. */
final class Plots {
    private Plots() {}

    /** Eigenvalues in descending order against their rank, log-scaled. Non-positive values are left out (log axis). */
    static void spectrum(Path file, String title, double[] ascending) {
        int n = ascending.length;
        double[] x = new double[n];
        double[] y = new double[n];
        int k = 0;
        for (int i = 0; i < n; i++) {
            double v = ascending[n - 1 - i];
            if (v > 0) {
                x[k] = i + 1;
                y[k] = v;
                k++;
            }
        }
        XYChart chart = new XYChartBuilder().width(900).height(560).title(title)
                .xAxisTitle("rank (1 = largest)").yAxisTitle("eigenvalue").build();
        chart.getStyler().setYAxisLogarithmic(true);
        chart.getStyler().setXAxisLogarithmic(true);
        chart.getStyler().setLegendVisible(false);
        chart.getStyler().setChartBackgroundColor(java.awt.Color.WHITE);
        XYSeries s = chart.addSeries("eigenvalues", java.util.Arrays.copyOf(x, k), java.util.Arrays.copyOf(y, k));
        s.setMarker(SeriesMarkers.NONE);
        write(file, chart);
    }

    /** A density on a grid, log-scaled (as PyHessian shows Hessian densities); values below 1e-12 of the peak are cut. */
    static void density(Path file, String title, double[] grid, double[] density, String method) {
        double peak = 0;
        for (double v : density) {
            peak = Math.max(peak, v);
        }
        double floor = peak * 1e-12;
        double[] y = new double[density.length];
        for (int i = 0; i < y.length; i++) {
            y[i] = Math.max(density[i], floor);
        }
        XYChart chart = new XYChartBuilder().width(900).height(560).title(title)
                .xAxisTitle("eigenvalue").yAxisTitle("density (" + method + ")").build();
        chart.getStyler().setYAxisLogarithmic(true);
        chart.getStyler().setXAxisDecimalPattern("0.###E0");
        chart.getStyler().setLegendVisible(false);
        chart.getStyler().setChartBackgroundColor(java.awt.Color.WHITE);
        XYSeries s = chart.addSeries("density", grid, y);
        s.setMarker(SeriesMarkers.NONE);
        write(file, chart);
    }

    static void write(Path file, XYChart chart) {
        byte[] png;
        try {
            png = BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG);
        } catch (IOException e) {
            throw new SpectralException("cannot render the plot: " + e.getMessage(), e);
        }
        AtomicFiles.write(file, out -> out.write(png));
    }
}
