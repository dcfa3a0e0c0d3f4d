package dev.spectral.kernel;

import dev.spectral.InvalidInputException;
import dev.spectral.matrix.DenseMatrix;

/**
 * n points in d dimensions, stored so that each point is contiguous: a column-major d x n array (point i occupies
 * {@code data[i*d .. i*d + d)}). That is the layout GEMM wants for the inner products XᵢᵀXⱼ of a kernel tile.
 */
public final class Points {
    private final int n;
    private final int d;
    private final double[] data;
    private final double[] squaredNorms;

    private Points(int n, int d, double[] data) {
        this.n = n;
        this.d = d;
        this.data = data;
        this.squaredNorms = new double[n];
        for (int i = 0; i < n; i++) {
            double s = 0;
            for (int k = 0; k < d; k++) {
                double v = data[i * d + k];
                if (!Double.isFinite(v)) {
                    throw new InvalidInputException("point " + i + " has a non-finite coordinate " + v);
                }
                s += v * v;
            }
            squaredNorms[i] = s;
        }
    }

    /** Wraps a d x n column-major array (each point contiguous); not copied. */
    public static Points ofColumns(int n, int d, double[] data) {
        if (n < 1 || d < 1 || data.length != (long) n * d) {
            throw new InvalidInputException("a point set needs n >= 1, d >= 1 and n*d values; got n = " + n + ", d = " + d
                    + ", " + data.length + " values");
        }
        return new Points(n, d, data);
    }

    /** Points from a matrix whose rows are the points (the usual data-matrix convention). */
    public static Points fromRows(DenseMatrix x) {
        return new Points(x.rows(), x.cols(), x.transpose().data());
    }

    /** The first m points (no copy of the coordinates beyond the prefix). */
    public Points first(int m) {
        if (m < 1 || m > n) {
            throw new InvalidInputException("asked for the first " + m + " of " + n + " points");
        }
        return m == n ? this : new Points(m, d, java.util.Arrays.copyOf(data, m * d));
    }

    public int size() {
        return n;
    }

    public int dimension() {
        return d;
    }

    /** The d x n column-major coordinates (not a copy). */
    public double[] data() {
        return data;
    }

    /**
     * CRC32C of the coordinates as little-endian float64 (column-major), to recognize the same points again (for
     * example when a checkpointed run is resumed).
     */
    public long checksum() {
        java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
        java.nio.ByteBuffer buf = java.nio.ByteBuffer.allocate(8 << 10).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        for (double v : data) {
            if (!buf.hasRemaining()) {
                crc.update(buf.flip());
                buf.clear();
            }
            buf.putDouble(v);
        }
        crc.update(buf.flip());
        return crc.getValue();
    }

    /** |x_i|² for every point (not a copy). */
    public double[] squaredNorms() {
        return squaredNorms;
    }
}
