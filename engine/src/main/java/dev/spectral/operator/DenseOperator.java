package dev.spectral.operator;

import dev.spectral.internal.Validate;
import dev.spectral.internal.cpu.NetlibRuntime;
import dev.spectral.matrix.DenseMatrix;
import java.util.Optional;

/** An in-memory dense matrix; block products are one dgemm (BLAS threads as configured for OpenBLAS). */
public final class DenseOperator implements ColumnSource {
    private final DenseMatrix a;
    private final boolean symmetric;

    DenseOperator(DenseMatrix a) {
        a.requireFinite("operator");
        this.a = a;
        this.symmetric = a.isSquare() && a.relativeAsymmetry() <= Validate.SYMMETRY_TOLERANCE;
    }

    /** The wrapped matrix (not a copy). */
    public DenseMatrix matrix() {
        return a;
    }

    @Override
    public int rows() {
        return a.rows();
    }

    @Override
    public int cols() {
        return a.cols();
    }

    @Override
    public void column(int j, double[] out) {
        System.arraycopy(a.data(), j * a.rows(), out, 0, a.rows());
    }

    @Override
    public void apply(double[] x, double[] y, int k) {
        gemm("N", a.rows(), a.cols(), x, y, k);
    }

    @Override
    public void applyTranspose(double[] x, double[] y, int k) {
        gemm("T", a.cols(), a.rows(), x, y, k);
    }

    private void gemm(String trans, int outRows, int inRows, double[] x, double[] y, int k) {
        if (outRows == 0 || k == 0) {
            return;
        }
        if (inRows == 0) {
            java.util.Arrays.fill(y, 0, outRows * k, 0.0);
            return;
        }
        NetlibRuntime.get().blas().dgemm(trans, "N", outRows, k, inRows, 1.0, a.data(), Math.max(1, a.rows()),
                x, inRows, 0.0, y, outRows);
    }

    /** True when the matrix is square and symmetric to {@link Validate#SYMMETRY_TOLERANCE} (checked once). */
    @Override
    public boolean symmetric() {
        return symmetric;
    }

    @Override
    public Optional<double[]> diagonal() {
        if (!a.isSquare()) {
            return Optional.empty();
        }
        int n = a.rows();
        double[] d = new double[n];
        for (int i = 0; i < n; i++) {
            d[i] = a.get(i, i);
        }
        return Optional.of(d);
    }

    @Override
    public String description() {
        return "dense " + a.rows() + " x " + a.cols();
    }

    @Override
    public DenseMatrix toDense() {
        return a.copy();
    }
}
