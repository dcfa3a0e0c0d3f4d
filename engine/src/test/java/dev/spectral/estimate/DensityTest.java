package dev.spectral.estimate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spectral.InvalidInputException;
import dev.spectral.operator.LinearOperator;
import dev.spectral.operator.Operators;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DensityTest {
    private static final int N = 400;
    /** Two clusters: 240 eigenvalues uniform in [1, 2], 160 in [5, 6]; a gap in between. */
    private static final double[] LAMBDA = clusters();
    private static final LinearOperator A = Operators.dense(TestMatrices.withSpectrum(LAMBDA, 51));

    private static double[] clusters() {
        double[] l = new double[N];
        for (int i = 0; i < N; i++) {
            l[i] = i < 240 ? 1 + (i + 0.5) / 240 : 5 + (i - 240 + 0.5) / 160;
        }
        return l;
    }

    /** ∫ from -∞ to x of the estimated density (trapezoid over the grid). */
    private static double cdf(SpectralDensity d, double x) {
        double s = 0;
        for (int i = 1; i < d.grid().length && d.grid()[i] <= x; i++) {
            s += 0.5 * (d.density()[i] + d.density()[i - 1]) * (d.grid()[i] - d.grid()[i - 1]);
        }
        return s;
    }

    private static double trueCdf(double x) {
        int c = 0;
        for (double l : LAMBDA) {
            if (l <= x) {
                c++;
            }
        }
        return (double) c / N;
    }

    @Test
    void densitiesIntegrateToOneAndFollowTheTrueHistogram() {
        for (DensityMethod m : List.of(DensityMethod.slq(), DensityMethod.kpm())) {
            SpectralDensity d = Estimators.density(A, m);
            assertEquals(1.0, d.integral(), m instanceof DensityMethod.Kpm ? 2e-2 : 1e-3, m + " integral");
            for (double v : d.density()) {
                assertTrue(Double.isFinite(v));
            }
            // weak agreement: the cumulative distribution at points away from the clusters' edges (resolution of
            // the broadening) matches the true one to within a few probe standard errors (|z|² = n for signs)
            for (double x : new double[] {1.5, 3.5, 5.5}) {
                assertEquals(trueCdf(x), cdf(d, x), 0.05, m.getClass().getSimpleName() + " cdf at " + x);
            }
            double min = LAMBDA[0];
            double max = LAMBDA[N - 1];
            if (m instanceof DensityMethod.Kpm) {
                assertTrue(d.lower() < min && d.upper() > max, "KPM bounds must enclose the spectrum: " + d.lower() + ", " + d.upper());
            } else {
                assertEquals(min, d.lower(), 1e-3, "extreme Ritz values");
                assertEquals(max, d.upper(), 1e-3, "extreme Ritz values");
            }
        }
    }

    @Test
    void eigencountsMatchTheTrueCounts() {
        double[][] intervals = {{0, 3.5}, {3.5, 10}, {1.25, 1.75}};
        for (DensityMethod m : List.of(DensityMethod.slq(), DensityMethod.kpm())) {
            for (double[] iv : intervals) {
                int truth = 0;
                for (double l : LAMBDA) {
                    truth += l >= iv[0] && l <= iv[1] ? 1 : 0;
                }
                Estimate e = Estimators.eigencount(A, iv[0], iv[1], m);
                // endpoints inside a cluster add the smoothing bias of the method: 1% of n there
                double bias = iv[0] == 1.25 ? 0.01 * N : 0.5;
                double z99 = 2.576;
                assertTrue(Math.abs(e.value() - truth) <= z99 * e.standardError() + bias,
                        m.getClass().getSimpleName() + " [" + iv[0] + ", " + iv[1] + "]: " + e.value() + " ± "
                                + e.standardError() + " vs " + truth);
            }
        }
    }

    @Test
    void writesCsv(@TempDir Path dir) throws Exception {
        SpectralDensity d = Estimators.density(A, new DensityMethod.Kpm(32, 4, 50, 1));
        Path f = dir.resolve("density.csv");
        d.writeCsv(f);
        List<String> lines = Files.readAllLines(f);
        assertEquals(51, lines.size());
        assertEquals("x,density,count_density", lines.getFirst());
        String[] cells = lines.get(10).split(",");
        assertEquals(d.grid()[9], Double.parseDouble(cells[0]), 0);
        assertEquals(d.density()[9], Double.parseDouble(cells[1]), 0);
        assertEquals(N * d.density()[9], Double.parseDouble(cells[2]), 1e-12 * N * Math.abs(d.density()[9]));
    }

    @Test
    void refusesBadIntervalsAndSettings() {
        assertThrows(InvalidInputException.class, () -> Estimators.eigencount(A, 2, 1, DensityMethod.kpm()));
        assertThrows(InvalidInputException.class, () -> new DensityMethod.Kpm(1, 10, 10, 1));
        assertThrows(InvalidInputException.class, () -> new DensityMethod.SlqDensity(10, 20, -1, 10,
                Reorthogonalization.none(), 1));
        assertThrows(InvalidInputException.class, () -> Estimators.density(
                Operators.dense(TestMatrices.gaussian(4, 4, 1)), DensityMethod.kpm()));
    }
}
