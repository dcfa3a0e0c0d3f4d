package dev.spectral.internal.weights;

import dev.spectral.SpectralException;
import dev.spectral.internal.cpu.NativeThreads;
import dev.spectral.internal.cpu.NetlibRuntime;
import dev.spectral.linalg.SvdSelection;
import dev.spectral.matrix.DenseMatrix;
import dev.spectral.spi.DenseBackend;
import org.netlib.util.intW;

/**
 * All singular values of a tall column-major matrix, by the backend's SVD. A matrix with at least twice as many rows
 * as columns is first reduced in place to its R factor (Householder QR, LAPACK dgeqrf): R has the same singular
 * values, and the backend then copies only the small square R instead of the whole matrix. dgesdd performs the same
 * QR step internally for such shapes, so the work is the same and the peak memory is one copy of the layer, not two.
 */
final class SingularValues {
    private SingularValues() {}

    /** Singular values, descending. Overwrites {@code tall} when it takes the QR path. */
    static double[] of(double[] tall, int rows, int cols, DenseBackend backend) {
        if (rows >= 2 * cols) {
            DenseMatrix r = NativeThreads.call(() -> rFactor(tall, rows, cols));
            return backend.svd(r, SvdSelection.all(), false).singularValues();
        }
        return backend.svd(DenseMatrix.of(rows, cols, tall), SvdSelection.all(), false).singularValues();
    }

    private static DenseMatrix rFactor(double[] a, int m, int n) {
        var lapack = NetlibRuntime.get().lapack();
        double[] tau = new double[n];
        double[] query = new double[1];
        intW info = new intW(0);
        lapack.dgeqrf(m, n, a, m, tau, query, -1, info);
        if (info.val != 0) {
            throw new SpectralException("dgeqrf workspace query failed (info = " + info.val + ")");
        }
        double[] work = new double[Math.max(1, (int) query[0])];
        lapack.dgeqrf(m, n, a, m, tau, work, work.length, info);
        if (info.val != 0) {
            throw new SpectralException("dgeqrf failed (info = " + info.val + ")");
        }
        DenseMatrix r = DenseMatrix.zeros(n, n);
        double[] rd = r.data();
        for (int j = 0; j < n; j++) {
            for (int i = 0; i <= j; i++) {
                rd[i + j * n] = a[i + j * m];
            }
        }
        return r;
    }
}
