package dev.spectral.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spectral.Backends;
import dev.spectral.InvalidInputException;
import dev.spectral.estimate.EigenOptions;
import dev.spectral.estimate.Eigenpairs;
import dev.spectral.estimate.Estimators;
import dev.spectral.estimate.Which;
import dev.spectral.linalg.EigenSelection;
import dev.spectral.linalg.Factorization;
import dev.spectral.matrix.DenseMatrix;
import dev.spectral.outofcore.OutOfCore;
import dev.spectral.outofcore.OutOfCoreOptions;
import dev.spectral.outofcore.OutOfCoreResult;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The curvature operators against independent truth on networks small enough (≤ 2,000 parameters) to form every
 * matrix: the gradient against finite differences of the loss, the Hessian against its transpose, a finite-difference
 * Hessian and dense eigenvalues, the Gauss-Newton matrix and the NTK against the explicit Jacobian (itself checked
 * against finite differences of the outputs).
 */
class NnOperatorsTest {
    private static final int D = 12;
    private static final int CLASSES = 4;

    static Dataset synthetic(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        double[] x = new double[n * D];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = r.nextInt(CLASSES);
            for (int k = 0; k < D; k++) {
                x[i * D + k] = r.nextDouble(-1, 1) + (k % CLASSES == y[i] ? 0.8 : 0);
            }
        }
        return Dataset.of(D, x, y, CLASSES);
    }

    static Mlp small(Activation a) {
        return Mlp.of(a, D, 16, 12, CLASSES);
    }

    /** Parameters away from initialization (a few SGD steps), so the loss gradient terms of the Hessian matter. */
    static double[] trained(Mlp mlp, Loss loss, Dataset data) {
        double[] t0 = mlp.initialParameters(5);
        for (int i = 0; i < t0.length; i++) {
            t0[i] += 0.05 * ((i * 7919) % 13 - 6) / 6.0; // nonzero biases too
        }
        return Trainer.train(mlp, t0, loss, data, new Trainer.Options(Optimizer.SGD, 0.1, 16, 2, 3), null).parameters();
    }

    static double maxAbs(double[] a) {
        double m = 0;
        for (double v : a) {
            m = Math.max(m, Math.abs(v));
        }
        return m;
    }

    @ParameterizedTest
    @EnumSource(Activation.class)
    void activationDerivativesMatchDifferences(Activation a) {
        double h = 1e-5;
        for (double x = -3.1; x <= 3; x += 0.37) {
            double d1 = (a.value(x + h) - a.value(x - h)) / (2 * h);
            double d2 = (a.derivative(x + h) - a.derivative(x - h)) / (2 * h);
            // central differences: truncation h²|f'''|/6 <= 1e-10 here, rounding 1e-16/h = 1e-11
            assertEquals(d1, a.derivative(x), 1e-8, a + " first derivative at " + x);
            assertEquals(d2, a.secondDerivative(x), 1e-8, a + " second derivative at " + x);
        }
    }

    @ParameterizedTest
    @EnumSource(Activation.class)
    void gradientMatchesFiniteDifferencesOfTheLoss(Activation a) {
        Dataset data = synthetic(40, 1);
        for (Loss loss : Loss.values()) {
            Mlp mlp = small(a);
            double[] theta = trained(mlp, loss, data);
            Mlp.LossGradient lg = mlp.gradient(theta, loss, data);
            assertEquals(mlp.loss(theta, loss, data), lg.loss(), 1e-14);
            double h = 1e-5;
            double scale = Math.max(1, maxAbs(lg.gradient()));
            for (int j = 0; j < theta.length; j += 7) {
                double[] p = theta.clone();
                double[] m = theta.clone();
                p[j] += h;
                m[j] -= h;
                double fd = (mlp.loss(p, loss, data) - mlp.loss(m, loss, data)) / (2 * h);
                // truncation ~h²·|∂³L| ~1e-10, rounding ~1e-16·L/h ~1e-11; ReLU kinks are not crossed at this step
                assertEquals(fd, lg.gradient()[j], 1e-7 * scale, a + " " + loss + " coordinate " + j);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Activation.class)
    void hessianIsSymmetricAndMatchesLanczos(Activation a) {
        Dataset data = synthetic(40, 2);
        Mlp mlp = small(a);
        double[] theta = trained(mlp, Loss.SOFTMAX_CROSS_ENTROPY, data);
        HessianOperator h = HessianOperator.of(mlp, theta, Loss.SOFTMAX_CROSS_ENTROPY, data);
        assertTrue(mlp.parameterCount() <= 2000);
        DenseMatrix hd = h.toDense();
        int p = hd.rows();
        double norm = maxAbs(hd.data());
        double asym = 0;
        for (int i = 0; i < p; i++) {
            for (int j = 0; j < i; j++) {
                asym = Math.max(asym, Math.abs(hd.data()[i + j * p] - hd.data()[j + i * p]));
            }
        }
        assertTrue(asym <= 1e-13 * norm, "asymmetry " + asym + " of a Hessian of max entry " + norm);
        // the gradient kept by the operator equals the model's gradient
        double[] g = mlp.gradient(theta, Loss.SOFTMAX_CROSS_ENTROPY, data).gradient();
        double[] hg = h.gradient();
        for (int i = 0; i < p; i++) {
            assertEquals(g[i], hg[i], 1e-14 * Math.max(1, maxAbs(g)));
        }
        double[] all = Backends.cpu().eigh(symmetrized(hd), EigenSelection.all(), false).values();
        double spread = Math.max(Math.abs(all[0]), Math.abs(all[p - 1]));
        EigenOptions opts = EigenOptions.defaults();
        Eigenpairs top = Estimators.extremeEigenvalues(h, 6, Which.LARGEST, opts);
        Eigenpairs bottom = Estimators.extremeEigenvalues(h, 3, Which.SMALLEST, opts);
        assertTrue(top.converged() && bottom.converged());
        // a Ritz pair with residual r is within r of an eigenvalue; the tolerance asks r <= 1e-10·max|θ|
        for (int i = 0; i < 6; i++) {
            assertEquals(all[p - 1 - i], top.values()[i], 1e-8 * spread, a + " eigenvalue " + i);
        }
        for (int i = 0; i < 3; i++) {
            assertEquals(all[i], bottom.values()[i], 1e-8 * spread, a + " smallest eigenvalue " + i);
        }
        assertTrue(all[0] < -1e-6 * spread, a + ": a trained network's Hessian should be indefinite, smallest " + all[0]);
    }

    static DenseMatrix symmetrized(DenseMatrix a) {
        int n = a.rows();
        double[] s = a.data().clone();
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < i; j++) {
                double m = 0.5 * (s[i + j * n] + s[j + i * n]);
                s[i + j * n] = m;
                s[j + i * n] = m;
            }
        }
        return DenseMatrix.of(n, n, s);
    }

    /** The exact Hessian against the finite-difference adapter on the model's gradient, column by column. */
    @ParameterizedTest
    @EnumSource(value = Activation.class, names = {"TANH", "GELU"})
    void hessianMatchesFiniteDifferencesWithinTheirErrorEstimate(Activation a) {
        Dataset data = synthetic(40, 3);
        for (Loss loss : Loss.values()) {
            Mlp mlp = small(a);
            double[] theta = trained(mlp, loss, data);
            HessianOperator h = HessianOperator.of(mlp, theta, loss, data);
            FiniteDifferenceHessian fd = FiniteDifferenceHessian.of(theta, t -> mlp.gradient(t, loss, data).gradient());
            int p = theta.length;
            double worst = 0;
            for (int j = 0; j < p; j += 3) {
                double[] e = new double[p];
                e[j] = 1;
                double[] exact = h.times(e);
                FiniteDifferenceHessian.Product prod = fd.product(e);
                double err = 0;
                for (int i = 0; i < p; i++) {
                    err += (exact[i] - prod.value()[i]) * (exact[i] - prod.value()[i]);
                }
                err = Math.sqrt(err);
                assertTrue(err <= prod.errorBound(), a + " " + loss + " column " + j + ": error " + err
                        + " above the estimate " + prod.errorBound());
                worst = Math.max(worst, err / Math.max(1e-300, Math.sqrt(dot(exact, exact))));
            }
            // and the bound is not vacuous: differences agree to ~1e-7 relative
            assertTrue(worst < 1e-5, "relative finite-difference error " + worst);
        }
    }

    /** The adapter on a closed form: f = ¼‖θ‖⁴, ∇f = ‖θ‖²θ, H = ‖θ‖²I + 2θθᵀ. */
    @Test
    void finiteDifferenceAdapterOnAClosedForm() {
        int p = 50;
        SplittableRandom r = new SplittableRandom(4);
        double[] theta = new double[p];
        for (int i = 0; i < p; i++) {
            theta[i] = r.nextDouble(-2, 2);
        }
        FiniteDifferenceHessian fd = FiniteDifferenceHessian.of(theta, t -> {
            double s = dot(t, t);
            double[] g = new double[t.length];
            for (int i = 0; i < t.length; i++) {
                g[i] = s * t[i];
            }
            return g;
        });
        double s = dot(theta, theta);
        for (int trial = 0; trial < 5; trial++) {
            double[] v = new double[p];
            for (int i = 0; i < p; i++) {
                v[i] = r.nextGaussian();
            }
            double tv = dot(theta, v);
            FiniteDifferenceHessian.Product prod = fd.product(v);
            double err = 0;
            double ref = 0;
            for (int i = 0; i < p; i++) {
                double exact = s * v[i] + 2 * theta[i] * tv;
                err += Math.pow(exact - prod.value()[i], 2);
                ref += exact * exact;
            }
            assertTrue(Math.sqrt(err) <= prod.errorBound(), "error " + Math.sqrt(err) + " bound " + prod.errorBound());
            assertTrue(prod.errorBound() < 1e-6 * Math.sqrt(ref), "bound " + prod.errorBound() + " vs |Hv| " + Math.sqrt(ref));
            double[] y = fd.times(v);
            for (int i = 0; i < p; i++) {
                assertEquals(prod.value()[i], y[i], 0.0);
            }
        }
        assertThrows(InvalidInputException.class, () -> FiniteDifferenceHessian.of(theta, t -> new double[3]).times(theta));
    }

    static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    @ParameterizedTest
    @EnumSource(Activation.class)
    void jacobianMatchesFiniteDifferencesOfTheOutputs(Activation a) {
        Dataset data = synthetic(6, 5);
        Mlp mlp = small(a);
        double[] theta = trained(mlp, Loss.SQUARED, synthetic(40, 5));
        DenseMatrix j = mlp.jacobian(theta, data);
        int rows = j.rows();
        double h = 1e-6;
        for (int c = 0; c < theta.length; c += 5) {
            double[] p = theta.clone();
            double[] m = theta.clone();
            p[c] += h;
            m[c] -= h;
            double[] zp = mlp.predict(p, data).data();
            double[] zm = mlp.predict(m, data).data();
            for (int i = 0; i < rows; i++) {
                assertEquals((zp[i] - zm[i]) / (2 * h), j.data()[i + c * rows], 1e-7, a + " J(" + i + ", " + c + ")");
            }
        }
    }

    /** J Jᵀ formed explicitly, against the operator's products, its dense form and odd-shaped tiles. */
    @ParameterizedTest
    @EnumSource(Activation.class)
    void ntkEqualsExplicitJJt(Activation a) {
        Dataset data = synthetic(30, 6);
        Mlp mlp = small(a);
        double[] theta = trained(mlp, Loss.SOFTMAX_CROSS_ENTROPY, data);
        EmpiricalNtk ntk = EmpiricalNtk.of(mlp, theta, data);
        DenseMatrix j = mlp.jacobian(theta, data);
        DenseMatrix jjt = Backends.cpu().multiply(j, false, j, true);
        int n = jjt.rows();
        assertEquals(30 * CLASSES, n);
        double scale = maxAbs(jjt.data());
        assertClose(jjt.data(), ntk.toDense().data(), 1e-12 * scale, "NTK products");
        assertClose(jjt.data(), ntk.dense().data(), 1e-12 * scale, "NTK entries");
        int[][] blocks = {{0, n, 0, n}, {3, 17, 5, 9}, {61, 120, 1, 2}, {7, 8, 7, 8}, {0, 120, 117, 120}};
        for (int[] b : blocks) {
            int ld = b[1] - b[0] + 3;
            double[] out = new double[ld * (b[3] - b[2])];
            ntk.tiles().fill(b[0], b[1], b[2], b[3], out, ld);
            for (int c = b[2]; c < b[3]; c++) {
                for (int r = b[0]; r < b[1]; r++) {
                    assertEquals(jjt.get(r, c), out[(r - b[0]) + (c - b[2]) * ld], 1e-12 * scale, "tile entry " + r + ", " + c);
                }
            }
        }
    }

    /** Gauss-Newton against (1/n) Jᵀ H_ℓ J with H_ℓ formed per example from the outputs. */
    @ParameterizedTest
    @EnumSource(Loss.class)
    void gaussNewtonEqualsJtHJ(Loss loss) {
        Dataset data = synthetic(25, 7);
        Mlp mlp = small(Activation.GELU);
        double[] theta = trained(mlp, loss, data);
        GaussNewtonOperator ggn = GaussNewtonOperator.of(mlp, theta, loss, data);
        assertTrue(ggn.positiveSemidefinite() && ggn.symmetric());
        DenseMatrix j = mlp.jacobian(theta, data);
        int nd = j.rows();
        int d = CLASSES;
        double[] z = mlp.predict(theta, data).data();
        DenseMatrix hl = DenseMatrix.zeros(nd, nd);
        for (int i = 0; i < data.size(); i++) {
            double[] pr = new double[d];
            double max = Double.NEGATIVE_INFINITY;
            for (int c = 0; c < d; c++) {
                max = Math.max(max, z[i * d + c]);
            }
            double s = 0;
            for (int c = 0; c < d; c++) {
                pr[c] = Math.exp(z[i * d + c] - max);
                s += pr[c];
            }
            for (int r = 0; r < d; r++) {
                for (int c = 0; c < d; c++) {
                    double v = loss == Loss.SQUARED ? (r == c ? 1 : 0) : (r == c ? pr[r] / s : 0) - pr[r] * pr[c] / (s * s);
                    hl.data()[(i * d + r) + (i * d + c) * nd] = v / data.size();
                }
            }
        }
        DenseMatrix hj = Backends.cpu().multiply(hl, false, j, false);
        DenseMatrix g = Backends.cpu().multiply(j, true, hj, false);
        double scale = maxAbs(g.data());
        assertClose(g.data(), ggn.toDense().data(), 1e-12 * scale, "Gauss-Newton");
    }

    /** One linear layer with squared loss: H = G = (1/n) Σ x̃x̃ᵀ ⊗ I_d, x̃ = (x, 1), whatever θ is. */
    @Test
    void linearModelHessianIsTheClosedForm() {
        Dataset data = synthetic(20, 8);
        Mlp mlp = Mlp.of(Activation.RELU, D, CLASSES);
        double[] theta = mlp.initialParameters(9);
        DenseMatrix h = HessianOperator.of(mlp, theta, Loss.SQUARED, data).toDense();
        DenseMatrix g = GaussNewtonOperator.of(mlp, theta, Loss.SQUARED, data).toDense();
        int p = mlp.parameterCount();
        int d = CLASSES;
        double[] x = data.inputs();
        for (int a = 0; a < p; a++) {
            for (int b = 0; b < p; b++) {
                // parameter index → (input feature s or bias = D, output r)
                int sa = a < D * d ? a / d : D;
                int ra = a < D * d ? a % d : a - D * d;
                int sb = b < D * d ? b / d : D;
                int rb = b < D * d ? b % d : b - D * d;
                double expected = 0;
                if (ra == rb) {
                    for (int i = 0; i < data.size(); i++) {
                        expected += (sa == D ? 1 : x[i * D + sa]) * (sb == D ? 1 : x[i * D + sb]);
                    }
                    expected /= data.size();
                }
                assertEquals(expected, h.get(a, b), 1e-13, "H(" + a + ", " + b + ")");
                assertEquals(expected, g.get(a, b), 1e-13, "G(" + a + ", " + b + ")");
            }
        }
    }

    @Test
    void resultsDoNotDependOnTheThreadCountBeyondRounding() {
        Dataset data = synthetic(700, 10);
        Mlp one = small(Activation.TANH).withThreads(1);
        Mlp two = small(Activation.TANH).withThreads(3);
        double[] theta = one.initialParameters(11);
        double[] v = new double[theta.length];
        for (int i = 0; i < v.length; i++) {
            v[i] = Math.sin(i);
        }
        double[] h1 = HessianOperator.of(one, theta, Loss.SOFTMAX_CROSS_ENTROPY, data).times(v);
        double[] h2 = HessianOperator.of(two, theta, Loss.SOFTMAX_CROSS_ENTROPY, data).times(v);
        assertClose(h1, h2, 1e-13 * maxAbs(h1), "Hessian products with 1 and 3 threads");
        double[] u = new double[700 * CLASSES];
        for (int i = 0; i < u.length; i++) {
            u[i] = Math.cos(i);
        }
        double[] n1 = EmpiricalNtk.of(one, theta, data).times(u);
        double[] n2 = EmpiricalNtk.of(two, theta, data).times(u);
        assertClose(n1, n2, 1e-12 * maxAbs(n1), "NTK products with 1 and 3 threads");
    }

    /** The NTK's tiles feed the out-of-core Cholesky; its log-determinant equals the in-core one. */
    @Test
    void ntkTilesDriveTheOutOfCoreLogdet(@TempDir Path dir) {
        Dataset data = synthetic(60, 12);
        Mlp mlp = Mlp.of(Activation.TANH, D, 24, CLASSES);
        double[] theta = mlp.initialParameters(13);
        EmpiricalNtk ntk = EmpiricalNtk.of(mlp, theta, data);
        assertTrue(ntk.rows() < mlp.parameterCount(), "full rank needs n·d below P");
        double exact = Backends.cpu().logdet(ntk.dense(), Factorization.CHOLESKY).logAbsDet();
        OutOfCoreResult r = OutOfCore.factor(ntk.tiles(),
                OutOfCoreOptions.of(Factorization.CHOLESKY, 1L << 20).withScratchDir(dir.resolve("s")).withBlockSize(32));
        assertEquals(exact, r.logAbsDet(), 1e-9 * Math.abs(exact));
        DenseMatrix shifted = ntk.dense();
        for (int i = 0; i < shifted.rows(); i++) {
            shifted.data()[i + i * shifted.rows()] += 0.5;
        }
        double exactShifted = Backends.cpu().logdet(shifted, Factorization.CHOLESKY).logAbsDet();
        OutOfCoreResult rs = OutOfCore.factor(ntk.tiles(0.5),
                OutOfCoreOptions.of(Factorization.CHOLESKY, 1L << 20).withScratchDir(dir.resolve("t")).withBlockSize(32));
        assertEquals(exactShifted, rs.logAbsDet(), 1e-9 * Math.abs(exactShifted));
    }

    @Test
    void badInputIsRefusedWithAMessage() {
        Dataset data = synthetic(5, 1);
        Mlp mlp = small(Activation.RELU);
        assertThrows(InvalidInputException.class, () -> HessianOperator.of(mlp, new double[3], Loss.SQUARED, data));
        assertThrows(InvalidInputException.class, () -> Mlp.of(Activation.RELU, 5));
        assertThrows(InvalidInputException.class, () -> Mlp.of(Activation.RELU, 5, 0, 2));
        assertThrows(InvalidInputException.class, () -> Dataset.of(2, new double[4], new int[] {0, 3}, 2));
        assertThrows(InvalidInputException.class, () -> EmpiricalNtk.of(Mlp.of(Activation.RELU, 3, 2), new double[8], data));
    }

    static void assertClose(double[] expected, double[] actual, double tol, String what) {
        assertEquals(expected.length, actual.length, what + " length");
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], actual[i], tol, what + " entry " + i);
        }
    }
}
