package dev.spectral.outofcore;

import dev.spectral.internal.outofcore.KernelTileSource;
import dev.spectral.internal.outofcore.NpyTileSource;
import dev.spectral.kernel.Kernel;
import dev.spectral.kernel.Points;
import java.nio.file.Path;

/**
 * Where the entries of an n x n matrix come from, strip by strip, so that the matrix never has to exist in memory (or,
 * for a kernel, anywhere at all). The out-of-core factorizations ask for column strips only:
 * <ul>
 *   <li>symmetric factorizations (Cholesky, LDLᵀ) ask for rows [c0, n) x columns [c0, c1): the lower triangle and the
 *       diagonal block, whose entries above the diagonal are ignored;</li>
 *   <li>LU asks for rows [0, n) x columns [c0, c1).</li>
 * </ul>
 * Each strip is read exactly once per run (resumed runs re-read only the columns not yet committed).
 *
 * <p>Implement this interface to supply a matrix from Java code (a callback); {@link #ofEntries} wraps an entry
 * function. Implementations must be deterministic: a resumed run re-reads strips and must see the same numbers.
 */
public interface TileSource extends AutoCloseable {
    /** The matrix order n. */
    int order();

    /**
     * Fills rows [row0, row1) x columns [col0, col1) into {@code out}, column-major from index 0 with leading
     * dimension {@code ld}: entry (i, j) goes to {@code out[(i - row0) + (j - col0) * ld]}. Called from one thread at
     * a time.
     */
    void fill(int row0, int row1, int col0, int col1, double[] out, int ld);

    /**
     * A stable description of the matrix (a file's path, size and modification time; a kernel's parameters and a
     * checksum of its points). A resumed run refuses a scratch directory written for a different identity.
     */
    String identity();

    /** Releases files the source holds open; the factorization never closes a source it was given. */
    @Override
    default void close() {}

    /** A square float32/float64 {@code .npy} file (C or Fortran order, either endianness), read by memory-mapped tiles. */
    static TileSource npy(Path file) {
        return NpyTileSource.open(file);
    }

    /** The kernel matrix K_ij = k(x_i, x_j) + nugget·δ_ij, computed strip by strip and never stored. */
    static TileSource kernel(Points points, Kernel kernel, double nugget) {
        return new KernelTileSource(points, kernel, nugget);
    }

    /** The value of entry (i, j), 0-based. */
    @FunctionalInterface
    interface EntryFunction {
        double at(int i, int j);
    }

    /** A matrix given by an entry function (convenient, and fast enough where each entry is cheap). */
    static TileSource ofEntries(int n, String identity, EntryFunction entries) {
        if (n < 1) {
            throw new dev.spectral.InvalidInputException("a matrix source needs order n >= 1, got " + n);
        }
        return new TileSource() {
            @Override
            public int order() {
                return n;
            }

            @Override
            public void fill(int row0, int row1, int col0, int col1, double[] out, int ld) {
                for (int j = col0; j < col1; j++) {
                    int base = (j - col0) * ld - row0;
                    for (int i = row0; i < row1; i++) {
                        out[base + i] = entries.at(i, j);
                    }
                }
            }

            @Override
            public String identity() {
                return identity;
            }
        };
    }
}
