package dev.spectral.internal.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.spectral.kernel.Kernel;
import dev.spectral.kernel.KernelMatrix;
import dev.spectral.kernel.Points;
import dev.spectral.kernel.ReluNtk;
import dev.spectral.matrix.DenseMatrix;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** GPU kernel tiles against the CPU's kernel matrices (the CPU mirrors its lower triangle; the GPU maps every entry). Skipped with the reason when there is no GPU. */
class CudaKernelTilesTest {
    @Test
    void tilesMatchTheCpuKernelMatrix() {
        CudaBackend gpu = Gpu.backend();
        Random rng = new Random(31);
        int n = 150;
        int d = 7;
        double[] data = new double[n * d];
        for (int i = 0; i < data.length; i++) {
            data[i] = rng.nextGaussian();
        }
        Points x = Points.ofColumns(n, d, data);
        for (Kernel k : List.of(Kernel.named("rbf", 1.5), Kernel.named("matern12", 1.5), Kernel.named("matern32", 1.5),
                Kernel.named("matern52", 1.5), new ReluNtk(2))) {
            DenseMatrix cpu = KernelMatrix.dense(x, k, 0.5);
            DenseMatrix tile = gpu.kernelTile(x, k, 0.5, 0, n, 0, n);
            double scale = 0;
            for (double v : cpu.data()) {
                scale = Math.max(scale, Math.abs(v));
            }
            for (int i = 0; i < cpu.data().length; i++) {
                assertEquals(cpu.data()[i], tile.data()[i], 1e-10 * scale, k.name() + " entry " + i);
            }
        }
    }
}
