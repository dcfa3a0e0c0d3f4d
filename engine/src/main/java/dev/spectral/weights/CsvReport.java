package dev.spectral.weights;

import dev.spectral.internal.weights.CsvRenderer;
import dev.spectral.io.AtomicFiles;
import java.nio.file.Path;
import java.util.List;

/**
 * One CSV row per tensor of a {@link ModelReport} (skipped tensors included, with their reason), columns as in
 * {@link #COLUMNS}; numbers are written at full precision and undefined values (alpha of a failed fit) as empty cells.
 */
public final class CsvReport {
    public static final List<String> COLUMNS = CsvRenderer.COLUMNS;

    private CsvReport() {}

    public static String render(ModelReport report) {
        return CsvRenderer.render(report);
    }

    /** Writes the table atomically (temporary file and rename). */
    public static void write(ModelReport report, Path file) {
        AtomicFiles.writeString(file, render(report));
    }
}
