package dev.spectral.internal.outofcore;

import dev.spectral.InvalidInputException;
import dev.spectral.kernel.Kernel;
import dev.spectral.internal.cpu.NetlibRuntime;
import dev.spectral.kernel.KernelMatrix;
import dev.spectral.kernel.Points;
import dev.spectral.outofcore.TileSource;
import java.util.stream.IntStream;

/** A kernel matrix computed strip by strip (one GEMM of inner products per strip); the matrix is never stored. */
public final class KernelTileSource implements TileSource {
    private final Points points;
    private final Kernel kernel;
    private final double nugget;
    private final String identity;

    public KernelTileSource(Points points, Kernel kernel, double nugget) {
        if (!Double.isFinite(nugget) || nugget < 0) {
            throw new InvalidInputException("the nugget must be a finite number >= 0, got " + nugget);
        }
        this.points = points;
        this.kernel = kernel;
        this.nugget = nugget;
        this.identity = "kernel:" + kernel + ";nugget=" + nugget + ";n=" + points.size() + ";d=" + points.dimension()
                + ";crc32c=" + Long.toHexString(points.checksum());
    }

    @Override
    public int order() {
        return points.size();
    }

    /**
     * The same computation as {@link KernelMatrix#tile} (one GEMM of inner products, then the kernel map), with the
     * map spread over the cores: a strip is n x b, and a single-threaded map would cost about as much as the GEMM.
     */
    @Override
    public void fill(int row0, int row1, int col0, int col1, double[] out, int ld) {
        int m = row1 - row0;
        int w = col1 - col0;
        if (m <= 0 || w <= 0) {
            return;
        }
        int d = points.dimension();
        double[] xs = points.data();
        NetlibRuntime.get().blas().dgemm("T", "N", m, w, d, 1.0, xs, row0 * d, d, xs, col0 * d, d, 0.0, out, 0, ld);
        double[] norms = points.squaredNorms();
        IntStream.range(0, w).parallel().forEach(j -> {
            double nj = norms[col0 + j];
            int col = j * ld;
            for (int i = 0; i < m; i++) {
                double v = kernel.value(out[col + i], norms[row0 + i], nj);
                out[col + i] = (row0 + i == col0 + j) ? v + nugget : v;
            }
        });
    }

    @Override
    public String identity() {
        return identity;
    }
}
