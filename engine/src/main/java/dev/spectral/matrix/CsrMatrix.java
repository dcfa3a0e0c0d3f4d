package dev.spectral.matrix;

import dev.spectral.InvalidInputException;

/**
 * A sparse matrix in compressed sparse row form: the entries of row i are {@code values[rowPtr[i] .. rowPtr[i+1])} at
 * columns {@code colIdx[...]}, columns ascending within a row, no duplicates. Arrays are not copied.
 */
public final class CsrMatrix {
    private final int rows;
    private final int cols;
    private final int[] rowPtr;
    private final int[] colIdx;
    private final double[] values;

    private CsrMatrix(int rows, int cols, int[] rowPtr, int[] colIdx, double[] values) {
        this.rows = rows;
        this.cols = cols;
        this.rowPtr = rowPtr;
        this.colIdx = colIdx;
        this.values = values;
    }

    /** Wraps CSR arrays after checking their consistency (sorted, in range, finite). */
    public static CsrMatrix of(int rows, int cols, int[] rowPtr, int[] colIdx, double[] values) {
        if (rows < 0 || cols < 0 || rowPtr.length != rows + 1 || rowPtr[0] != 0 || colIdx.length != values.length
                || rowPtr[rows] != values.length) {
            throw new InvalidInputException("inconsistent CSR arrays for a " + rows + " x " + cols + " matrix");
        }
        // All pointers first: with rowPtr[0] = 0 and rowPtr[rows] = nnz, monotone pointers keep every row in bounds.
        for (int i = 0; i < rows; i++) {
            if (rowPtr[i + 1] < rowPtr[i]) {
                throw new InvalidInputException("CSR row pointers decrease at row " + i);
            }
        }
        for (int i = 0; i < rows; i++) {
            for (int p = rowPtr[i]; p < rowPtr[i + 1]; p++) {
                int c = colIdx[p];
                if (c < 0 || c >= cols || (p > rowPtr[i] && colIdx[p - 1] >= c)) {
                    throw new InvalidInputException("CSR column indices out of range or unsorted in row " + i);
                }
                if (!Double.isFinite(values[p])) {
                    throw new InvalidInputException("sparse matrix has a non-finite entry " + values[p] + " at (" + i + ", " + c + ")");
                }
            }
        }
        return new CsrMatrix(rows, cols, rowPtr, colIdx, values);
    }

    public int rows() {
        return rows;
    }

    public int cols() {
        return cols;
    }

    public long nonZeros() {
        return values.length;
    }

    public int[] rowPointers() {
        return rowPtr;
    }

    public int[] columnIndices() {
        return colIdx;
    }

    public double[] values() {
        return values;
    }

    /**
     * Y = A X for k column vectors at once: X is cols x k column-major, Y is rows x k column-major (overwritten).
     */
    public void multiply(double[] x, double[] y, int k) {
        for (int i = 0; i < rows; i++) {
            for (int v = 0; v < k; v++) {
                double s = 0;
                int xo = v * cols;
                for (int p = rowPtr[i]; p < rowPtr[i + 1]; p++) {
                    s += values[p] * x[xo + colIdx[p]];
                }
                y[v * rows + i] = s;
            }
        }
    }

    /** The dense equivalent (for tests and small matrices). */
    public DenseMatrix toDense() {
        DenseMatrix d = DenseMatrix.zeros(rows, cols);
        for (int i = 0; i < rows; i++) {
            for (int p = rowPtr[i]; p < rowPtr[i + 1]; p++) {
                d.set(i, colIdx[p], values[p]);
            }
        }
        return d;
    }
}
