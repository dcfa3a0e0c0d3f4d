package dev.spectral.estimate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spectral.InvalidInputException;
import dev.spectral.operator.LinearOperator;
import dev.spectral.operator.Operators;
import java.util.function.DoubleUnaryOperator;
import org.junit.jupiter.api.Test;

class SlqTest {
    private static final int N = 300;
    /** Eigenvalues spread over [0.5, 20], a bit denser at the low end. */
    private static final double[] LAMBDA = spectrum();
    private static final LinearOperator A = Operators.dense(TestMatrices.withSpectrum(LAMBDA, 17));

    private static double[] spectrum() {
        double[] l = new double[N];
        for (int i = 0; i < N; i++) {
            double u = (i + 0.5) / N;
            l[i] = 0.5 + 19.5 * u * u;
        }
        return l;
    }

    private static double exact(DoubleUnaryOperator f, double shift) {
        double s = 0;
        for (double l : LAMBDA) {
            s += f.applyAsDouble(l + shift);
        }
        return s;
    }

    /** The error model: the 99% interval holds the exact value. */
    private static void assertCovers(Estimate e, double exact) {
        assertTrue(e.interval().contains(exact), e.quantity() + ": exact " + exact + " outside " + e.interval()
                + " (value " + e.value() + ", stderr " + e.standardError() + ")");
        assertTrue(e.standardError() > 0);
    }

    private static final SlqOptions O = SlqOptions.defaults().withConfidence(0.99);

    @Test
    void logdetTraceInverseAndExpAgainstExactValues() {
        assertCovers(Estimators.logdet(A, Method.slq(O)), exact(Math::log, 0));
        assertCovers(Estimators.trace(A, MatrixFunction.inverse(), Method.slq(O)), exact(x -> 1 / x, 0));
        assertCovers(Estimators.trace(A, MatrixFunction.exp(0.2), Method.slq(O)), exact(x -> Math.exp(0.2 * x), 0));
        assertCovers(Estimators.trace(A, MatrixFunction.sqrt(), Method.slq(O)), exact(Math::sqrt, 0));
        assertCovers(Estimators.trace(A, MatrixFunction.power(2), Method.slq(O)), exact(x -> x * x, 0));
        assertCovers(Estimators.trace(A, MatrixFunction.custom("atan", Math::atan, MatrixFunction.Domain.REAL),
                Method.slq(O)), exact(Math::atan, 0));
        Estimate ex = Estimators.logdet(A, Method.exact());
        assertEquals(exact(Math::log, 0), ex.value(), 1e-10 * Math.abs(ex.value()));
        assertEquals(0, ex.standardError());
    }

    @Test
    void kernelOperatorsThroughTheWholePipeline() {
        var pts = dev.spectral.kernel.Points.fromRows(TestMatrices.gaussian(250, 5, 61));
        for (dev.spectral.kernel.Kernel k : java.util.List.of(new dev.spectral.kernel.ReluNtk(2),
                new dev.spectral.kernel.Kernel.Matern(dev.spectral.kernel.Kernel.Smoothness.THREE_HALVES, 1.5))) {
            LinearOperator op = Operators.kernel(pts, k, 0.1, 2);
            double exact = Estimators.logdet(op, Method.exact()).value();
            assertCovers(Estimators.logdet(op, Method.slq(O)), exact);
            double trace = 0;
            for (double d : op.diagonal().orElseThrow()) {
                trace += d;
            }
            assertEquals(trace, Estimators.trace(op, Method.exact()).value(), 1e-9 * trace);
            assertCovers(Estimators.trace(op, new Method.XTrace(60, 3, 0.99)), trace);
            assertCovers(Estimators.trace(op, new Method.XNysTrace(60, 3, 0.99)), trace);
        }
    }

    @Test
    void shiftedFamilyFromOneRun() {
        double[] shifts = {0, 0.5, 3, 40};
        ShiftedLogDets s = Estimators.logdetShifted(A, shifts, O);
        assertEquals(4, s.estimates().size());
        long matvecs = s.estimates().getFirst().matvecs();
        for (int i = 0; i < shifts.length; i++) {
            assertCovers(s.estimates().get(i), exact(Math::log, shifts[i]));
            assertEquals(matvecs, s.estimates().get(i).matvecs(), "one Lanczos run serves every shift");
        }
        // the shifted operator estimated on its own agrees with the family member to quadrature accuracy
        Estimate direct = Estimators.logdet(A.shifted(3), Method.slq(O));
        assertTrue(Math.abs(direct.value() - s.estimates().get(2).value()) < 0.2 * direct.convergence().errorBound());
    }

    @Test
    void reproducibleWhateverTheThreadCount() {
        Estimate one = Estimators.logdet(A, Method.slq(O.withThreads(1)));
        Estimate four = Estimators.logdet(A, Method.slq(O.withThreads(4)));
        assertArrayEquals(one.samples(), four.samples(), 0.0);
        assertEquals(one.value(), four.value(), 0.0);
        assertEquals(one.probes(), four.probes());
        Estimate otherSeed = Estimators.logdet(A, Method.slq(O.withSeed(99)));
        assertFalse(otherSeed.value() == one.value());
    }

    @Test
    void adaptiveStoppingMeetsTheToleranceOrSaysItDidNot() {
        Estimate loose = Estimators.logdet(A, Method.slq(SlqOptions.defaults().withTolerance(0.02, 0)));
        assertTrue(loose.convergence().converged());
        assertEquals("tolerance", loose.convergence().stoppedBy());
        assertTrue(loose.convergence().errorBound() <= loose.convergence().tolerance());
        assertTrue(loose.probes() >= 10 && loose.probes() < 50);
        Estimate tight = Estimators.logdet(A, Method.slq(SlqOptions.defaults().withTolerance(1e-6, 0).withProbes(10, 20)));
        assertFalse(tight.convergence().converged());
        assertEquals("max probes", tight.convergence().stoppedBy());
        assertEquals(20, tight.probes());
        assertTrue(tight.convergence().errorBound() > tight.convergence().tolerance());
    }

    @Test
    void adaptiveDegreeKeepsTheQuadratureBiasFarBelowTheRequestedError() {
        double rtol = 1e-3;
        SlqOptions adaptive = SlqOptions.defaults().withProbes(12).withTolerance(rtol, 0);
        SlqOptions converged = adaptive.withDegree(120).withReorthogonalization(Reorthogonalization.full());
        Estimate a = Estimators.trace(A, MatrixFunction.inverse(), Method.slq(adaptive));
        Estimate c = Estimators.trace(A, MatrixFunction.inverse(), Method.slq(converged));
        LanczosStats stats = a.solver().lanczos().orElseThrow();
        assertEquals(0, stats.unsettled());
        assertTrue(stats.maxDegree() < 120, "the adaptive degree stopped early: " + stats);
        double requested = rtol * Math.abs(c.value());
        for (int p = 0; p < 12; p++) {
            // same probes: the difference is the quadrature error of the adaptive degree alone
            assertTrue(Math.abs(a.samples()[p] - c.samples()[p]) <= 0.1 * requested,
                    "probe " + p + ": " + a.samples()[p] + " vs " + c.samples()[p]);
        }
        Estimate looser = Estimators.trace(A, MatrixFunction.inverse(), Method.slq(adaptive.withTolerance(1e-1, 0)));
        assertTrue(looser.solver().lanczos().orElseThrow().meanDegree() < stats.meanDegree());
    }

    @Test
    void deflationReducesTheVarianceAsPredicted() {
        int n = 250;
        double[] l = new double[n];
        for (int i = 0; i < n; i++) {
            l[i] = i < 8 ? 1e-3 * (i + 1) : 1 + (double) i / n; // eight tiny eigenvalues dominate tr A⁻¹
        }
        var m = TestMatrices.withSpectrum(l, 23);
        LinearOperator a = Operators.dense(m);
        double exact = 0;
        for (double v : l) {
            exact += 1 / v;
        }
        SlqOptions o = SlqOptions.defaults().withProbes(20).withConfidence(0.99).withTolerance(1e-4, 0);
        Estimate plain = Estimators.trace(a, MatrixFunction.inverse(), Method.slq(o));
        Estimate deflated = Estimators.trace(a, MatrixFunction.inverse(), Method.deflatedSlq(8, o));
        assertCovers(plain, exact);
        assertCovers(deflated, exact);
        // Rademacher variance 2(|M|²_F - Σ M_ii²) of M = A⁻¹ and of M = P⊥A⁻¹P⊥, from the known spectrum
        double[] inv = new double[n];
        double[] invDeflated = new double[n];
        for (int i = 0; i < n; i++) {
            inv[i] = 1 / l[i];
            invDeflated[i] = i < 8 ? 0 : 1 / l[i];
        }
        double predicted = Math.sqrt(offDiagonalEnergy(inv, 23) / offDiagonalEnergy(invDeflated, 23));
        double observed = plain.standardError() / deflated.standardError();
        // 20 probes estimate each standard deviation to about ±16%: the observed ratio is the predicted one ± 40%
        assertTrue(observed > 0.6 * predicted && observed < 1.6 * predicted, "observed " + observed + " predicted " + predicted);
        assertTrue(predicted > 10);
    }

    private static double offDiagonalEnergy(double[] f, long seed) {
        var m = TestMatrices.withSpectrum(f, seed);
        double s = 0;
        for (int j = 0; j < m.cols(); j++) {
            for (int i = 0; i < m.rows(); i++) {
                if (i != j) {
                    s += m.get(i, j) * m.get(i, j);
                }
            }
        }
        return s;
    }

    @Test
    void refusesBadInputWithClearMessages() {
        LinearOperator rect = Operators.dense(TestMatrices.gaussian(4, 3, 1));
        assertTrue(assertThrows(InvalidInputException.class, () -> Estimators.logdet(rect, Method.slq()))
                .getMessage().contains("square"));
        LinearOperator asym = Operators.dense(TestMatrices.gaussian(5, 5, 1));
        assertTrue(assertThrows(InvalidInputException.class, () -> Estimators.logdet(asym, Method.slq()))
                .getMessage().contains("symmetric"));
        double[] indefinite = {-2, 1, 3, 4, 5, 6, 7, 8};
        LinearOperator ind = Operators.dense(TestMatrices.withSpectrum(indefinite, 2));
        String msg = assertThrows(InvalidInputException.class, () -> Estimators.logdet(ind, Method.slq())).getMessage();
        assertTrue(msg.contains("Ritz value") && msg.contains("positive definite"), msg);
        assertThrows(InvalidInputException.class, () -> Estimators.trace(ind, MatrixFunction.sqrt(), Method.slq()));
        assertThrows(InvalidInputException.class, () -> Estimators.logdet(ind, Method.exact()));
        assertThrows(InvalidInputException.class, () -> Estimators.trace(A, Method.hutchinson(1)));
        assertThrows(InvalidInputException.class, () -> Estimators.trace(A, Method.xtrace(2 * N + 2)));
        assertThrows(InvalidInputException.class, () -> Estimators.trace(A, MatrixFunction.log(), Method.xtrace(20)));
        assertThrows(InvalidInputException.class, () -> Estimators.trace(A, Method.xnystrace(20)),
                "a dense operator is not known to be PSD");
        assertThrows(InvalidInputException.class, () -> SlqOptions.defaults().withProbes(1));
        assertThrows(InvalidInputException.class, () -> SlqOptions.defaults().withDegree(0));
        assertThrows(InvalidInputException.class, () -> Estimators.logdetShifted(A, new double[0], O));
    }
}
