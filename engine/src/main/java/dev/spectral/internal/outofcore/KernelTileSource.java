package dev.spectral.internal.outofcore;

import dev.spectral.InvalidInputException;
import dev.spectral.kernel.Kernel;
import dev.spectral.kernel.KernelMatrix;
import dev.spectral.kernel.Points;
import dev.spectral.outofcore.TileSource;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.zip.CRC32C;

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
                + ";crc32c=" + Long.toHexString(checksum(points.data()));
    }

    private static long checksum(double[] data) {
        CRC32C crc = new CRC32C();
        ByteBuffer buf = ByteBuffer.allocate(8 << 10).order(ByteOrder.LITTLE_ENDIAN);
        for (double v : data) {
            if (!buf.hasRemaining()) {
                buf.flip();
                crc.update(buf);
                buf.clear();
            }
            buf.putDouble(v);
        }
        buf.flip();
        crc.update(buf);
        return crc.getValue();
    }

    @Override
    public int order() {
        return points.size();
    }

    @Override
    public void fill(int row0, int row1, int col0, int col1, double[] out, int ld) {
        KernelMatrix.tile(points, kernel, nugget, row0, row1, col0, col1, out, ld);
    }

    @Override
    public String identity() {
        return identity;
    }
}
