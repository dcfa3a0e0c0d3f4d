package dev.spectral.weights;

import dev.spectral.internal.weights.HtmlRenderer;
import dev.spectral.io.AtomicFiles;
import java.nio.file.Path;

/**
 * A self-contained HTML page for a {@link ModelReport}: summary, alpha per layer, the per-layer table, and for each
 * layer its ESD with the power-law fit, the Marchenko-Pastur fit, and the shuffled ESD, as inline SVG (no scripts,
 * no external files).
 */
public final class HtmlReport {
    private HtmlReport() {}

    public static String render(ModelReport report) {
        return HtmlRenderer.render(report);
    }

    /** Writes the page atomically (temporary file and rename). */
    public static void write(ModelReport report, Path file) {
        AtomicFiles.writeString(file, render(report));
    }
}
