package dev.spectral.internal.estimate;

import dev.spectral.InvalidInputException;
import dev.spectral.estimate.Estimate;
import dev.spectral.estimate.MatrixFunction;
import dev.spectral.internal.cpu.CpuBackend;
import dev.spectral.linalg.EigenSelection;
import dev.spectral.matrix.DenseMatrix;
import dev.spectral.operator.LinearOperator;

/** tr f(A) from every eigenvalue of the operator made dense: the reference the estimators are tested against. */
public final class ExactEstimator {
    /** Largest order made dense (a 16384² matrix is 2 GiB). */
    public static final int MAX_ORDER = 16_384;

    private ExactEstimator() {}

    public static Estimate trace(LinearOperator a, MatrixFunction f, String quantity) {
        long start = System.nanoTime();
        Checks.symmetric(a, "the exact method");
        int n = a.rows();
        if (n > MAX_ORDER) {
            throw new InvalidInputException("the exact method makes the operator dense and is limited to order "
                    + MAX_ORDER + "; this one has order " + n + " (use SLQ or XTrace)");
        }
        Counting op = Counting.wrap(a);
        double[] lambda = eigenvalues(op);
        double scale = 0;
        for (double l : lambda) {
            scale = Math.max(scale, Math.abs(l));
        }
        var q = new FunctionQuadrature(f, new double[] {0.0}, 0, 0);
        double sum = 0;
        double[] one = new double[1];
        for (double l : lambda) {
            q.evaluate(new double[] {l}, new double[] {1.0}, 1, 1.0, one, -1);
            sum += one[0];
        }
        return Results.estimate(quantity, sum, 0, 0.95, true, 0, "exact", 0, op.products(), start, "exact",
                "dense eigenvalues (LAPACK dsyevd)", 0, 1, null, new double[0]);
    }

    static double[] eigenvalues(LinearOperator op) {
        DenseMatrix d = Counting.unwrap(op) instanceof dev.spectral.operator.DenseOperator dense
                ? dense.matrix() : op.toDense();
        if (!(Counting.unwrap(op) instanceof dev.spectral.operator.DenseOperator)) {
            symmetrize(d);
        }
        return new CpuBackend().eigh(d, EigenSelection.all(), false).values();
    }

    /** Averages a matrix with its transpose: removes the rounding asymmetry of products with identity columns. */
    static void symmetrize(DenseMatrix d) {
        int n = d.rows();
        double[] a = d.data();
        for (int j = 0; j < n; j++) {
            for (int i = j + 1; i < n; i++) {
                double m = 0.5 * (a[i + j * n] + a[j + i * n]);
                a[i + j * n] = m;
                a[j + i * n] = m;
            }
        }
    }
}
