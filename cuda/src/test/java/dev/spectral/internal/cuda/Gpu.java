package dev.spectral.internal.cuda;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.spectral.spi.Availability;

/** The one CUDA backend shared by the GPU tests, or a skipped test saying why there is no GPU. */
final class Gpu {
    private static CudaBackend backend;

    private Gpu() {}

    static synchronized CudaBackend backend() {
        Availability a = CudaEnvironment.system().availability();
        assumeTrue(a.available(), () -> "skipped, no usable GPU here: " + a.reasonLine());
        if (backend == null) {
            backend = new CudaBackend(CudaEnvironment.system(), 0);
        }
        return backend;
    }
}
