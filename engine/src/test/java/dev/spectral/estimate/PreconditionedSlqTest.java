package dev.spectral.estimate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spectral.InvalidInputException;
import dev.spectral.kernel.Kernel;
import dev.spectral.kernel.KernelMatrix;
import dev.spectral.kernel.Points;
import dev.spectral.matrix.DenseMatrix;
import dev.spectral.operator.ColumnSource;
import dev.spectral.operator.DenseOperator;
import dev.spectral.operator.KernelOperator;
import dev.spectral.operator.LinearOperator;
import dev.spectral.operator.Operators;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Preconditioned SLQ against the exact log det of kernel matrices (dense Cholesky), its interval's coverage, the
 * Lanczos steps it saves, checkpoints, and bad input.
 */
class PreconditionedSlqTest {
    @TempDir
    Path tmp;

    /** n points in [0, 1]^d: an RBF kernel of lengthscale 0.5 on them has a fast-decaying spectrum. */
    private static Points points(int n, int d, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        double[] x = new double[n * d];
        for (int i = 0; i < x.length; i++) {
            x[i] = r.nextDouble();
        }
        return Points.ofColumns(n, d, x);
    }

    private static double exactLogdet(Points p, Kernel k, double nugget) {
        return Estimators.logdet(Operators.dense(KernelMatrix.dense(p, k, nugget)), Method.exact()).value();
    }

    @Test
    void kernelLogdetWithinItsIntervalInFewerLanczosSteps() {
        Points p = points(1500, 5, 1);
        Kernel k = new Kernel.Rbf(0.5);
        double nugget = 1e-3;
        double exact = exactLogdet(p, k, nugget);
        KernelOperator op = Operators.kernel(p, k, nugget);
        SlqOptions o = SlqOptions.defaults().withConfidence(0.99).withReorthogonalization(Reorthogonalization.full());
        Estimate pre = Estimators.logdet(op, new Method.PreconditionedSlq(100, o));
        Estimate plain = Estimators.logdet(op, Method.slq(o));
        assertTrue(pre.interval().contains(exact), "exact " + exact + " outside " + pre.interval());
        assertTrue(plain.interval().contains(exact), "exact " + exact + " outside " + plain.interval());
        double preSteps = pre.solver().lanczos().orElseThrow().meanDegree();
        double plainSteps = plain.solver().lanczos().orElseThrow().meanDegree();
        System.out.printf("kernel n=1500: preconditioned %.1f steps, error %.2e, stderr %.2e; plain %.1f steps, error %.2e, stderr %.2e%n",
                preSteps, pre.relativeError(exact), pre.standardError() / Math.abs(exact), plainSteps,
                plain.relativeError(exact), plain.standardError() / Math.abs(exact));
        assertTrue(preSteps < 0.5 * plainSteps, "preconditioning should at least halve the steps here: " + preSteps
                + " vs " + plainSteps);
        assertEquals("preconditioned-slq", pre.solver().method());
        assertEquals(pre.probes() * preSteps, pre.matvecs(), 1e-9, "products with A, one per step and probe");
    }

    /** Over 200 seeds the 95% interval holds the exact value at least 180 times (Binomial(200, 0.95): p ≈ 1e-3 below). */
    @Test
    void intervalsCover() {
        Points p = points(300, 3, 2);
        Kernel k = new Kernel.Matern(Kernel.Smoothness.FIVE_HALVES, 0.4);
        double exact = exactLogdet(p, k, 1e-2);
        DenseOperator a = Operators.dense(KernelMatrix.dense(p, k, 1e-2));
        SlqOptions o = SlqOptions.defaults().withProbes(20).withTolerance(1e-3, 0).withThreads(1);
        int hits = 0;
        for (int seed = 0; seed < 200; seed++) {
            if (Estimators.logdet(a, new Method.PreconditionedSlq(20, o.withSeed(seed))).interval().contains(exact)) {
                hits++;
            }
        }
        System.out.println("preconditioned SLQ logdet coverage " + hits + "/200");
        assertTrue(hits >= 180, "coverage " + hits + "/200");
    }

    @Test
    void checkpointedRunsResumeToTheSameBits() {
        Points p = points(400, 4, 3);
        KernelOperator kernel = Operators.kernel(p, new Kernel.Rbf(0.5), 1e-3);
        SlqOptions o = SlqOptions.defaults().withProbes(10).withBlockSize(4).withReorthogonalization(Reorthogonalization.full());
        Method m = new Method.PreconditionedSlq(30, o);
        Estimate whole = Estimators.logdet(kernel, m);
        var ck = new SlqCheckpoint(tmp.resolve("ck"), "rbf 400", false, Duration.ZERO, null);
        assertThrows(IllegalStateException.class, () -> Estimators.logdet(stoppingAfter(kernel, 9), m, ck));
        Estimate resumed = Estimators.logdet(kernel, m, ck.resuming());
        assertEquals(whole.value(), resumed.value(), 0.0);
        assertEquals(whole.matvecs(), resumed.matvecs());
        // another rank is another run
        var other = assertThrows(InvalidInputException.class, () -> {
            assertThrows(IllegalStateException.class, () -> Estimators.logdet(stoppingAfter(kernel, 3), m, ck));
            Estimators.logdet(kernel, new Method.PreconditionedSlq(31, o), ck.resuming());
        });
        assertTrue(other.getMessage().contains("holds another SLQ run"), other.getMessage());
    }

    /** The kernel's columns, and its products until {@code limit} block products were made. */
    private static ColumnSource stoppingAfter(KernelOperator k, long limit) {
        AtomicLong calls = new AtomicLong();
        return new ColumnSource() {
            public void column(int j, double[] out) {
                k.column(j, out);
            }

            public int rows() {
                return k.rows();
            }

            public int cols() {
                return k.cols();
            }

            public void apply(double[] x, double[] y, int n) {
                if (calls.getAndIncrement() >= limit) {
                    throw new IllegalStateException("stopped on purpose");
                }
                k.apply(x, y, n);
            }

            public boolean symmetric() {
                return true;
            }

            public boolean positiveSemidefinite() {
                return true;
            }

            public Optional<double[]> diagonal() {
                return k.diagonal();
            }
        };
    }

    @Test
    void badInput() {
        Points p = points(50, 2, 4);
        KernelOperator k = Operators.kernel(p, new Kernel.Rbf(0.5), 1e-2);
        LinearOperator lambda = Operators.symmetric(50, (x, y, n) -> k.apply(x, y, n));
        var noColumns = assertThrows(InvalidInputException.class,
                () -> Estimators.logdet(lambda, Method.preconditionedSlq(10)));
        assertTrue(noColumns.getMessage().contains("columns"), noColumns.getMessage());
        assertThrows(InvalidInputException.class, () -> Estimators.logdet(k, Method.preconditionedSlq(50)));
        assertThrows(InvalidInputException.class, () -> new Method.PreconditionedSlq(0, SlqOptions.defaults()));
        assertThrows(InvalidInputException.class,
                () -> Estimators.trace(k, MatrixFunction.inverse(), Method.preconditionedSlq(10)));
        DenseMatrix g = TestMatrices.gaussian(50, 3, 1);
        var lowRank = Operators.dense(dev.spectral.Backends.cpu().multiply(g, false, g, true));
        var singular = assertThrows(InvalidInputException.class,
                () -> Estimators.logdet(lowRank, Method.preconditionedSlq(10)));
        assertTrue(singular.getMessage().contains("singular"), singular.getMessage());
    }
}
