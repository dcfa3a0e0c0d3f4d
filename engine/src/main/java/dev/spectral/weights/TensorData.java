package dev.spectral.weights;

/**
 * The elements of one tensor, opened for reading. Implementations map the bytes of that tensor only (or, for
 * compressed entries, hold that one tensor's bytes), so a whole model is never in memory. Close it to unmap.
 */
public interface TensorData extends AutoCloseable {
    TensorInfo info();

    /**
     * Copies {@code count} elements, starting at flat index {@code first} in C (row-major) order, into {@code dst}
     * starting at {@code offset}, widened to float64.
     */
    void read(long first, double[] dst, int offset, int count);

    @Override
    void close();
}
