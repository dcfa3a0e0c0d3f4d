package dev.spectral.matrix;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spectral.InvalidInputException;
import java.util.Random;
import org.junit.jupiter.api.Test;

class CsrMatrixTest {
    /** [[1, 0, 2], [0, 0, 0], [0, 3, 0], [4, 0, 5]] */
    private static CsrMatrix example() {
        return CsrMatrix.of(4, 3, new int[] {0, 2, 2, 3, 5}, new int[] {0, 2, 1, 0, 2}, new double[] {1, 2, 3, 4, 5});
    }

    @Test
    void exposesItsArraysAndShape() {
        CsrMatrix a = example();
        assertEquals(4, a.rows());
        assertEquals(3, a.cols());
        assertEquals(5, a.nonZeros());
        assertArrayEquals(new int[] {0, 2, 2, 3, 5}, a.rowPointers());
        assertArrayEquals(new int[] {0, 2, 1, 0, 2}, a.columnIndices());
        assertArrayEquals(new double[] {1, 2, 3, 4, 5}, a.values(), 0.0);
    }

    @Test
    void toDensePlacesEntries() {
        DenseMatrix expected = DenseMatrix.fromRows(new double[][] {{1, 0, 2}, {0, 0, 0}, {0, 3, 0}, {4, 0, 5}});
        assertArrayEquals(expected.data(), example().toDense().data(), 0.0);
    }

    @Test
    void multipliesBlocksLikeTheDenseProduct() {
        Random r = new Random(42);
        int rows = 37;
        int cols = 23;
        int k = 4;
        // A random sparse matrix with about 15% density, built row by row in column order.
        int[] rowPtr = new int[rows + 1];
        int[] colIdx = new int[rows * cols];
        double[] values = new double[rows * cols];
        int nnz = 0;
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                if (r.nextDouble() < 0.15) {
                    colIdx[nnz] = j;
                    values[nnz++] = r.nextGaussian();
                }
            }
            rowPtr[i + 1] = nnz;
        }
        CsrMatrix a = CsrMatrix.of(rows, cols, rowPtr, java.util.Arrays.copyOf(colIdx, nnz),
                java.util.Arrays.copyOf(values, nnz));
        DenseMatrix d = a.toDense();
        double[] x = new double[cols * k];
        for (int t = 0; t < x.length; t++) {
            x[t] = r.nextGaussian();
        }
        double[] y = new double[rows * k];
        java.util.Arrays.fill(y, Double.NaN); // overwritten, not accumulated
        a.multiply(x, y, k);
        for (int v = 0; v < k; v++) {
            for (int i = 0; i < rows; i++) {
                double s = 0;
                for (int j = 0; j < cols; j++) {
                    s += d.get(i, j) * x[v * cols + j];
                }
                assertEquals(s, y[v * rows + i], 1e-13 * (1 + Math.abs(s)), "row " + i + ", vector " + v);
            }
        }
    }

    @Test
    void allowsEmptyMatrices() {
        CsrMatrix a = CsrMatrix.of(3, 0, new int[4], new int[0], new double[0]);
        assertEquals(0, a.nonZeros());
        assertEquals(3, a.toDense().rows());
        CsrMatrix b = CsrMatrix.of(0, 0, new int[1], new int[0], new double[0]);
        assertEquals(0, b.toDense().data().length);
    }

    @Test
    void rejectsInconsistentArrays() {
        assertInvalid(() -> CsrMatrix.of(2, 2, new int[] {0, 1}, new int[] {0}, new double[] {1}), "inconsistent CSR arrays");
        assertInvalid(() -> CsrMatrix.of(2, 2, new int[] {1, 1, 1}, new int[] {0}, new double[] {1}), "inconsistent CSR arrays");
        assertInvalid(() -> CsrMatrix.of(2, 2, new int[] {0, 1, 2}, new int[] {0}, new double[] {1, 2}), "inconsistent CSR arrays");
        assertInvalid(() -> CsrMatrix.of(2, 2, new int[] {0, 1, 1}, new int[] {0, 1}, new double[] {1, 2}), "inconsistent CSR arrays");
    }

    @Test
    void rejectsDecreasingRowPointers() {
        assertInvalid(() -> CsrMatrix.of(2, 2, new int[] {0, 2, 1}, new int[] {0}, new double[] {1}), "decrease at row 1");
    }

    @Test
    void rejectsOutOfRangeUnsortedAndDuplicateColumns() {
        assertInvalid(() -> CsrMatrix.of(1, 2, new int[] {0, 1}, new int[] {2}, new double[] {1}), "row 0");
        assertInvalid(() -> CsrMatrix.of(1, 2, new int[] {0, 1}, new int[] {-1}, new double[] {1}), "row 0");
        assertInvalid(() -> CsrMatrix.of(2, 3, new int[] {0, 0, 2}, new int[] {2, 1}, new double[] {1, 1}), "unsorted in row 1");
        assertInvalid(() -> CsrMatrix.of(1, 3, new int[] {0, 2}, new int[] {1, 1}, new double[] {1, 1}), "unsorted in row 0");
    }

    @Test
    void rejectsNonFiniteValues() {
        assertInvalid(() -> CsrMatrix.of(2, 2, new int[] {0, 0, 1}, new int[] {1}, new double[] {Double.NaN}),
                "non-finite entry NaN at (1, 1)");
        assertInvalid(() -> CsrMatrix.of(1, 1, new int[] {0, 1}, new int[] {0}, new double[] {Double.NEGATIVE_INFINITY}),
                "non-finite entry -Infinity at (0, 0)");
    }

    private static void assertInvalid(org.junit.jupiter.api.function.Executable action, String fragment) {
        String m = assertThrows(InvalidInputException.class, action).getMessage();
        assertTrue(m.contains(fragment), m);
        assertFalse(m.contains("\n"), m);
    }
}
