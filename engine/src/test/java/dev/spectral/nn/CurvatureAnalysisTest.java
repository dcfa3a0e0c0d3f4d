package dev.spectral.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spectral.estimate.TestMatrices;
import dev.spectral.operator.Operators;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The analysis on a matrix of known spectrum shaped like a trained network's Hessian: 9 outliers over a bulk. */
class CurvatureAnalysisTest {
    @Test
    void findsTheOutliersAndItsTracesAgree() {
        int n = 400;
        double[] lambda = new double[n];
        SplittableRandom r = new SplittableRandom(3);
        for (int i = 0; i < n; i++) {
            // bulk: a Marchenko-Pastur-like spread in [-0.05, 0.5] with most mass near 0
            double u = r.nextDouble();
            lambda[i] = 0.55 * u * u * u - 0.05;
        }
        double[] outliers = {21.5, 18.9, 10.1, 7.3, 6.2, 5.0, 3.3, 2.2, 1.4};
        System.arraycopy(outliers, 0, lambda, 0, outliers.length);
        double trace = 0;
        for (double l : lambda) {
            trace += l;
        }
        var op = Operators.dense(TestMatrices.withSpectrum(lambda, 4));
        CurvatureAnalysis.Report rep = CurvatureAnalysis.analyze(op,
                new CurvatureAnalysis.Options(24, 1e-8, 60, 6, 80, 1), null);
        assertEquals(9, rep.outliers(), java.util.Arrays.toString(rep.top().values()));
        for (int i = 0; i < outliers.length; i++) {
            assertEquals(outliers[i], rep.top().values()[i], 1e-6 * outliers[0]);
        }
        assertEquals(n, rep.eigenvaluesInDensity(), 1e-3 * n, "the density integrates to the dimension");
        // Hutch++ and the density's trace are both within their (95%-level ×1.5) errors of the exact trace
        assertEquals(trace, rep.trace().value(), 3 * rep.trace().standardError() + 1e-9 * Math.abs(trace));
        assertEquals(trace, rep.traceFromDensity(), 3 * rep.traceFromDensityStandardError());
        assertTrue(rep.gapRatio() > 1.2);
    }

    @Test
    void noOutliersWithoutEnoughPositiveEigenvalues() {
        assertEquals(0, CurvatureAnalysis.outliers(new double[] {3, 2, 1, -1, -2, -3}));
        assertEquals(2, CurvatureAnalysis.outliers(new double[] {100, 50, 1.0, 0.99, 0.98, 0.97, 0.96}));
    }
}
