package dev.spectral.internal.weights;

import dev.spectral.InvalidInputException;
import dev.spectral.weights.TensorData;

/**
 * Copies one slice of a tensor into a column-major "tall" buffer: the matrix itself when it has at least as many
 * rows as columns, its transpose otherwise (singular values are the same). Checks every entry is finite.
 */
final class SliceReader {
    private static final int BLOCK_ELEMENTS = 1 << 15;

    private final double[] chunk;

    SliceReader(int cols, long maxSpan) {
        this.chunk = new double[(int) Math.max(BLOCK_ELEMENTS, Math.min(Integer.MAX_VALUE - 8, maxSpan))];
    }

    /** Fills {@code tall} (length rows·cols) with slice s of an r x c matrix view of {@code data}. */
    void read(TensorData data, MatrixSlices m, MatrixSlices.Slice s, double[] tall) {
        int rows = m.rows();
        int cols = m.cols();
        boolean transpose = rows < cols;
        if (s.colStride() == 1 && s.rowStride() == cols) {
            // Contiguous rows: read blocks of whole rows.
            int blockRows = Math.max(1, Math.min(rows, chunk.length / Math.max(1, cols)));
            for (int r0 = 0; r0 < rows; r0 += blockRows) {
                int nr = Math.min(blockRows, rows - r0);
                data.read(s.base() + (long) r0 * cols, chunk, 0, nr * cols);
                check(chunk, nr * cols, data, s.base() + (long) r0 * cols);
                if (transpose) {
                    // tall is cols x rows column-major: row r of the slice is column r of tall, contiguous.
                    System.arraycopy(chunk, 0, tall, r0 * cols, nr * cols);
                } else {
                    for (int c = 0; c < cols; c++) {
                        int dst = r0 + c * rows;
                        for (int r = 0; r < nr; r++) {
                            tall[dst + r] = chunk[r * cols + c];
                        }
                    }
                }
            }
            return;
        }
        long span = (cols - 1) * s.colStride() + 1;
        for (int r = 0; r < rows; r++) {
            long start = s.base() + r * s.rowStride();
            data.read(start, chunk, 0, (int) span);
            for (int c = 0; c < cols; c++) {
                double v = chunk[(int) (c * s.colStride())];
                if (!Double.isFinite(v)) {
                    throw nonFinite(data, start + c * s.colStride(), v);
                }
                tall[transpose ? c + r * cols : r + c * rows] = v;
            }
        }
    }

    private static void check(double[] a, int n, TensorData data, long first) {
        for (int i = 0; i < n; i++) {
            if (!Double.isFinite(a[i])) {
                throw nonFinite(data, first + i, a[i]);
            }
        }
    }

    private static InvalidInputException nonFinite(TensorData data, long index, double v) {
        return new InvalidInputException("non-finite value " + v + " at flat index " + index + " of " + data.info().name());
    }
}
