package dev.spectral.estimate;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spectral.operator.LinearOperator;
import dev.spectral.operator.Operators;
import org.junit.jupiter.api.Test;

/**
 * Over 200 seeds the reported 95% interval must hold the exact value in at least 90% of the runs. If the intervals
 * were exact, the number of hits would be Binomial(200, 0.95): below 180 with probability about 1e-3.
 */
class CoverageTest {
    private static final int RUNS = 200;

    @Test
    void slqLogdetIntervals() {
        int n = 200;
        double[] lambda = new double[n];
        double exact = 0;
        for (int i = 0; i < n; i++) {
            lambda[i] = 0.5 + 4.5 * Math.pow((i + 0.5) / n, 2);
            exact += Math.log(lambda[i]);
        }
        LinearOperator a = Operators.dense(TestMatrices.withSpectrum(lambda, 41));
        SlqOptions o = SlqOptions.defaults().withProbes(20).withTolerance(1e-3, 0).withThreads(1);
        int hits = 0;
        for (int seed = 0; seed < RUNS; seed++) {
            if (Estimators.logdet(a, Method.slq(o.withSeed(seed))).interval().contains(exact)) {
                hits++;
            }
        }
        System.out.println("SLQ logdet coverage " + hits + "/" + RUNS);
        assertTrue(hits >= 180, "SLQ logdet coverage " + hits + "/" + RUNS);
    }

    @Test
    void xtraceIntervals() {
        int n = 300;
        for (TestMatrices.Spectrum sp : new TestMatrices.Spectrum[] {TestMatrices.Spectrum.FLAT, TestMatrices.Spectrum.POLY1}) {
            double[] lambda = sp.values(n);
            LinearOperator a = Operators.dense(TestMatrices.withSpectrum(lambda, 42));
            double exact = TestMatrices.sum(lambda);
            int hits = 0;
            for (int seed = 0; seed < RUNS; seed++) {
                if (Estimators.trace(a, new Method.XTrace(40, seed, 0.95)).interval().contains(exact)) {
                    hits++;
                }
            }
            System.out.println("XTrace coverage (" + sp + ") " + hits + "/" + RUNS);
            assertTrue(hits >= 180, "XTrace coverage (" + sp + ") " + hits + "/" + RUNS);
        }
    }
}
