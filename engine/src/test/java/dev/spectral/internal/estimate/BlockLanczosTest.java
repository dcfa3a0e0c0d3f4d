package dev.spectral.internal.estimate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spectral.estimate.Estimate;
import dev.spectral.estimate.Estimators;
import dev.spectral.estimate.MatrixFunction;
import dev.spectral.estimate.Method;
import dev.spectral.estimate.Probe;
import dev.spectral.estimate.Reorthogonalization;
import dev.spectral.estimate.SlqOptions;
import dev.spectral.estimate.TestMatrices;
import dev.spectral.matrix.DenseMatrix;
import dev.spectral.operator.LinearOperator;
import dev.spectral.operator.Operators;
import java.util.List;
import org.junit.jupiter.api.Test;

class BlockLanczosTest {
    private static final Quadrature RULES_ONLY = new Quadrature() {
        public int outputs() {
            return 0;
        }

        public void evaluate(double[] nodes, double[] weights, int m, double norm2, double[] out, long probe) {}

        public boolean settled(double[] previous, double[] current) {
            return false;
        }

        public boolean adaptive() {
            return false;
        }
    };

    private static List<ProbeOutcome> rules(LinearOperator op, int degree, Reorthogonalization r, int probes) {
        var s = new BlockLanczos.Settings(Probe.RADEMACHER, 1, degree, degree, r, SlqEstimator.BREAKDOWN_TOLERANCE, 2, true);
        return new BlockLanczos(Counting.wrap(op), s, RULES_ONLY, null, 0).run(0, probes);
    }

    @Test
    void extremeRitzValuesConvergeToExtremeEigenvalues() {
        int n = 400;
        double[] lambda = new double[n];
        for (int i = 0; i < n; i++) {
            lambda[i] = 1 + 99.0 * i / (n - 1) + (i == n - 1 ? 50 : 0); // a gap at the top
        }
        LinearOperator a = Operators.dense(TestMatrices.withSpectrum(lambda, 4));
        for (Reorthogonalization r : List.of(Reorthogonalization.full(), Reorthogonalization.none(),
                Reorthogonalization.window(5))) {
            for (ProbeOutcome p : rules(a, 80, r, 3)) {
                double min = Double.POSITIVE_INFINITY;
                double max = Double.NEGATIVE_INFINITY;
                double wsum = 0;
                for (int k = 0; k < p.nodes().length; k++) {
                    min = Math.min(min, p.nodes()[k]);
                    max = Math.max(max, p.nodes()[k]);
                    wsum += p.weights()[k];
                }
                assertEquals(80, p.degree());
                assertEquals(150, max, 1e-8, r + ": largest Ritz value");
                assertEquals(1, min, 1e-3, r + ": smallest Ritz value (no gap there: slower)");
                assertTrue(min >= 1 - 1e-10 && max <= 150 + 1e-10, "Ritz values lie inside the spectrum");
                assertEquals(1.0, wsum, 1e-12);
            }
        }
    }

    @Test
    void threeDistinctEigenvaluesGiveExactQuadratureAfterThreeSteps() {
        int n = 120;
        double[] lambda = new double[n];
        for (int i = 0; i < n; i++) {
            lambda[i] = new double[] {1, 2, 5}[i % 3];
        }
        DenseMatrix a = TestMatrices.withSpectrum(lambda, 9);
        double[] logL = new double[n];
        for (int i = 0; i < n; i++) {
            logL[i] = Math.log(lambda[i]);
        }
        DenseMatrix logA = TestMatrices.withSpectrum(logL, 9); // same Q: log A = Q log(Λ) Qᵀ
        SlqOptions o = SlqOptions.defaults().withProbes(12).withDegree(3, 50);
        Estimate e = Estimators.logdet(Operators.dense(a), Method.slq(o));
        var stats = e.solver().lanczos().orElseThrow();
        assertEquals(12, stats.breakdowns(), "every probe ends on the invariant subspace");
        assertEquals(3, stats.maxDegree());
        assertEquals(3, stats.minDegree());
        for (int p = 0; p < 12; p++) {
            double[] z = new double[n];
            ProbeVectors.fill(Probe.RADEMACHER, o.seed(), p, z, 0, n);
            double exact = Dense.dot(z, Operators.dense(logA).times(z), n);
            assertEquals(exact, e.samples()[p], 1e-11 * Math.abs(exact), "probe " + p);
        }
    }

    @Test
    void golubKahanOnGramOperatorsIsExactOnceTheSpaceIsExhausted() {
        // AᵀA is 25 x 25: Golub-Kahan ends by breakdown after at most 25 steps with an exact rule
        DenseMatrix f = TestMatrices.gaussian(60, 25, 2);
        LinearOperator gram = Operators.gram(Operators.dense(f));
        DenseMatrix ata = gram.toDense();
        double[] ev = new dev.spectral.internal.cpu.CpuBackend().eigh(ata, dev.spectral.linalg.EigenSelection.all(), true).values();
        SlqOptions o = SlqOptions.defaults().withProbes(6).withDegree(40).withReorthogonalization(Reorthogonalization.full());
        Estimate e = Estimators.trace(gram, MatrixFunction.log(), Method.slq(o));
        assertTrue(e.solver().lanczos().orElseThrow().golubKahan());
        assertEquals(6, e.solver().lanczos().orElseThrow().breakdowns());
        DenseMatrix vecs = new dev.spectral.internal.cpu.CpuBackend().eigh(ata, dev.spectral.linalg.EigenSelection.all(), true).vectors();
        for (int p = 0; p < 6; p++) {
            double[] z = new double[25];
            ProbeVectors.fill(Probe.RADEMACHER, o.seed(), p, z, 0, 25);
            double exact = 0;
            for (int k = 0; k < 25; k++) {
                double c = Dense.dot(z, 0, vecs.data(), k * 25, 25);
                exact += c * c * Math.log(ev[k]);
            }
            assertEquals(exact, e.samples()[p], 1e-9 * Math.abs(exact), "probe " + p);
        }
        // each Golub-Kahan step costs one product with AᵀA per probe
        assertTrue(e.matvecs() <= 6 * 26, "matvecs " + e.matvecs());
    }
}
