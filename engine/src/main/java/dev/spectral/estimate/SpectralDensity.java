package dev.spectral.estimate;

import dev.spectral.io.AtomicFiles;
import java.nio.file.Path;
import java.util.Locale;

/**
 * An estimated eigenvalue density on a uniform grid, normalized to integrate to 1 (multiply by {@code order} for
 * eigenvalues per unit).
 *
 * @param grid    points, ascending
 * @param density density at each point
 * @param order   n, the number of eigenvalues
 * @param lower   the spectral lower bound used
 * @param upper   the spectral upper bound used
 * @param probes  random probes
 * @param matvecs products with one vector
 * @param seconds wall time
 * @param solver  method and settings
 */
public record SpectralDensity(double[] grid, double[] density, int order, double lower, double upper, int probes,
                              long matvecs, double seconds, Solver solver) {
    /** ∫ density over the grid by the trapezoid rule (about 1). */
    public double integral() {
        double s = 0;
        for (int i = 1; i < grid.length; i++) {
            s += 0.5 * (density[i] + density[i - 1]) * (grid[i] - grid[i - 1]);
        }
        return s;
    }

    /** Writes "x,density,count_density" lines (count density = n·density) atomically. */
    public void writeCsv(Path file) {
        StringBuilder sb = new StringBuilder("x,density,count_density\n");
        for (int i = 0; i < grid.length; i++) {
            sb.append(String.format(Locale.ROOT, "%.17g,%.17g,%.17g%n", grid[i], density[i], order * density[i]));
        }
        AtomicFiles.writeString(file, sb.toString());
    }
}
