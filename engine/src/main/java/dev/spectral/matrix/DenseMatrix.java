package dev.spectral.matrix;

import dev.spectral.InvalidInputException;
import java.util.Arrays;
import java.util.Objects;

/**
 * A dense matrix of doubles held in memory in column-major (LAPACK) order: entry (i, j) is {@code data[i + j * rows]}.
 *
 * <p>A Java array holds at most {@link #MAX_ELEMENTS} entries, so an in-core square matrix stops near n = 46,340.
 * Larger matrices are never held whole: they are streamed as tiles (out-of-core factorizations) or used through
 * matrix-vector products (estimators). See docs/ARCHITECTURE.md.
 *
 * <p>The class does not copy its array on construction: {@link #of} wraps, {@link #copy} copies. Backends treat their
 * inputs as read-only and work on copies.
 */
public final class DenseMatrix {
    /** The largest element count a Java array can hold on HotSpot. */
    public static final long MAX_ELEMENTS = Integer.MAX_VALUE - 8L;

    private final int rows;
    private final int cols;
    private final double[] data;

    private DenseMatrix(int rows, int cols, double[] data) {
        this.rows = rows;
        this.cols = cols;
        this.data = data;
    }

    /** Wraps a column-major array (not copied). */
    public static DenseMatrix of(int rows, int cols, double[] columnMajor) {
        Objects.requireNonNull(columnMajor, "columnMajor");
        checkShape(rows, cols);
        if (columnMajor.length != (long) rows * cols) {
            throw new InvalidInputException(
                    "array of length " + columnMajor.length + " does not hold a " + rows + " x " + cols + " matrix");
        }
        return new DenseMatrix(rows, cols, columnMajor);
    }

    public static DenseMatrix zeros(int rows, int cols) {
        checkShape(rows, cols);
        return new DenseMatrix(rows, cols, new double[rows * cols]);
    }

    public static DenseMatrix identity(int n) {
        DenseMatrix m = zeros(n, n);
        for (int i = 0; i < n; i++) {
            m.data[i + i * n] = 1.0;
        }
        return m;
    }

    /** A matrix from row-major nested arrays, convenient in tests and examples. */
    public static DenseMatrix fromRows(double[][] rowsData) {
        int r = rowsData.length;
        int c = r == 0 ? 0 : rowsData[0].length;
        DenseMatrix m = zeros(r, c);
        for (int i = 0; i < r; i++) {
            if (rowsData[i].length != c) {
                throw new InvalidInputException("row " + i + " has " + rowsData[i].length + " entries, expected " + c);
            }
            for (int j = 0; j < c; j++) {
                m.data[i + j * r] = rowsData[i][j];
            }
        }
        return m;
    }

    /** A diagonal matrix with the given diagonal. */
    public static DenseMatrix diagonal(double[] diag) {
        DenseMatrix m = zeros(diag.length, diag.length);
        for (int i = 0; i < diag.length; i++) {
            m.data[i + i * diag.length] = diag[i];
        }
        return m;
    }

    private static void checkShape(int rows, int cols) {
        if (rows < 0 || cols < 0) {
            throw new InvalidInputException("negative matrix shape " + rows + " x " + cols);
        }
        if ((long) rows * cols > MAX_ELEMENTS) {
            throw new InvalidInputException("a " + rows + " x " + cols + " matrix has more than " + MAX_ELEMENTS
                    + " entries and cannot be held in one Java array; use the out-of-core or matrix-free methods");
        }
    }

    public int rows() {
        return rows;
    }

    public int cols() {
        return cols;
    }

    public boolean isSquare() {
        return rows == cols;
    }

    /** The backing column-major array (not a copy). */
    public double[] data() {
        return data;
    }

    public double get(int i, int j) {
        return data[i + j * rows];
    }

    public void set(int i, int j, double v) {
        data[i + j * rows] = v;
    }

    public DenseMatrix copy() {
        return new DenseMatrix(rows, cols, data.clone());
    }

    public DenseMatrix transpose() {
        DenseMatrix t = zeros(cols, rows);
        for (int j = 0; j < cols; j++) {
            for (int i = 0; i < rows; i++) {
                t.data[j + i * cols] = data[i + j * rows];
            }
        }
        return t;
    }

    /** Column j as a new array. */
    public double[] column(int j) {
        return Arrays.copyOfRange(data, j * rows, (j + 1) * rows);
    }

    /** The largest |a_ij - a_ji| over the matrix, divided by the largest |a_ij| (0 for the zero matrix). */
    public double relativeAsymmetry() {
        requireSquare("asymmetry");
        int n = rows;
        double maxAbs = 0;
        for (double a : data) {
            maxAbs = Math.max(maxAbs, Math.abs(a));
        }
        // Compared tile by tile: a_ji for a column of a_ij is a strided row, and a 64 x 64 tile of those rows stays in
        // cache, where a whole-column sweep misses on every entry (n = 4000: 0.07-0.12 s untiled, 0.03-0.045 s tiled).
        final int tile = 64;
        double maxDiff = 0;
        for (int jb = 0; jb < n; jb += tile) {
            int je = Math.min(n, jb + tile);
            for (int ib = 0; ib <= jb; ib += tile) {
                int ie = Math.min(n, ib + tile);
                for (int j = jb; j < je; j++) {
                    int col = j * n;
                    for (int i = ib, end = Math.min(ie, j); i < end; i++) {
                        maxDiff = Math.max(maxDiff, Math.abs(data[i + col] - data[j + i * n]));
                    }
                }
            }
        }
        return maxAbs == 0 ? 0 : maxDiff / maxAbs;
    }

    /** Throws unless every entry is finite; {@code what} names the matrix in the message. */
    public DenseMatrix requireFinite(String what) {
        for (int k = 0; k < data.length; k++) {
            if (!Double.isFinite(data[k])) {
                int i = k % Math.max(rows, 1);
                int j = k / Math.max(rows, 1);
                throw new InvalidInputException(what + " has a non-finite entry " + data[k] + " at (" + i + ", " + j + ")");
            }
        }
        return this;
    }

    public DenseMatrix requireSquare(String what) {
        if (!isSquare()) {
            throw new InvalidInputException(what + " needs a square matrix, got " + rows + " x " + cols);
        }
        return this;
    }

    /**
     * Throws unless the matrix is square and symmetric to within {@code tolerance} relative to its largest entry.
     */
    public DenseMatrix requireSymmetric(String what, double tolerance) {
        requireSquare(what);
        double asym = relativeAsymmetry();
        if (asym > tolerance) {
            throw new InvalidInputException(String.format(
                    "%s needs a symmetric matrix: relative asymmetry %.3g exceeds the tolerance %.1g", what, asym, tolerance));
        }
        return this;
    }

    /** Frobenius norm. */
    public double frobeniusNorm() {
        double s = 0;
        for (double v : data) {
            s += v * v;
        }
        return Math.sqrt(s);
    }

    @Override
    public String toString() {
        return "DenseMatrix[" + rows + " x " + cols + "]";
    }
}
