package dev.spectral.internal.outofcore;

import dev.spectral.InvalidInputException;
import dev.spectral.io.MappedNpy;
import dev.spectral.outofcore.TileSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/** A square {@code .npy} matrix read through {@link MappedNpy}. */
public final class NpyTileSource implements TileSource {
    private final MappedNpy npy;
    private final int n;
    private final String identity;

    private NpyTileSource(MappedNpy npy, int n, String identity) {
        this.npy = npy;
        this.n = n;
        this.identity = identity;
    }

    public static NpyTileSource open(Path file) {
        MappedNpy npy = MappedNpy.open(file);
        try {
            long r = npy.rows();
            long c = npy.cols();
            if (npy.header().shape().length != 2 || r != c) {
                throw new InvalidInputException(file + ": shape " + Arrays.toString(npy.header().shape())
                        + " is not a square matrix");
            }
            if (r > Integer.MAX_VALUE - 8) {
                throw new InvalidInputException(file + ": order " + r + " is beyond the supported " + (Integer.MAX_VALUE - 8));
            }
            Path abs = file.toAbsolutePath().normalize();
            String id = "npy:" + abs + ";bytes=" + Files.size(abs) + ";mtime=" + Files.getLastModifiedTime(abs).toMillis()
                    + ";descr=" + npy.header().descr() + ";fortran=" + npy.header().fortranOrder() + ";n=" + r;
            return new NpyTileSource(npy, (int) r, id);
        } catch (IOException e) {
            npy.close();
            throw new InvalidInputException(file + ": cannot read (" + e.getMessage() + ")", e);
        } catch (RuntimeException e) {
            npy.close();
            throw e;
        }
    }

    @Override
    public int order() {
        return n;
    }

    @Override
    public void fill(int row0, int row1, int col0, int col1, double[] out, int ld) {
        npy.readTile(row0, row1, col0, col1, out, 0, ld);
    }

    @Override
    public String identity() {
        return identity;
    }

    @Override
    public void close() {
        npy.close();
    }
}
