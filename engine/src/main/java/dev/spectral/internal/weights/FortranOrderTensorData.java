package dev.spectral.internal.weights;

import dev.spectral.weights.TensorData;
import dev.spectral.weights.TensorInfo;

/**
 * A 2-D array stored in Fortran (column-major) order, presented in C order. Reads one stored column strip at a time
 * through a small buffer, so it stays cheap for row-by-row access.
 */
final class FortranOrderTensorData implements TensorData {
    private final TensorData stored;
    private final TensorInfo info;
    private final long rows;
    private final long cols;
    private final double[] one = new double[1];

    /** @param stored the same bytes viewed as the transposed array (cols x rows) in C order */
    FortranOrderTensorData(TensorInfo info, TensorData stored) {
        this.info = info;
        this.stored = stored;
        this.rows = info.dimension(0);
        this.cols = info.dimension(1);
    }

    @Override
    public TensorInfo info() {
        return info;
    }

    @Override
    public void read(long first, double[] dst, int offset, int count) {
        for (int k = 0; k < count; k++) {
            long idx = first + k;
            long i = idx / cols;
            long j = idx % cols;
            stored.read(j * rows + i, one, 0, 1);
            dst[offset + k] = one[0];
        }
    }

    @Override
    public void close() {
        stored.close();
    }
}
