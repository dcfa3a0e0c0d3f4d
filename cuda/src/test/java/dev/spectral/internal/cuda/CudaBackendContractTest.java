package dev.spectral.internal.cuda;

import dev.spectral.contract.DenseBackendContract;
import dev.spectral.spi.DenseBackend;
import org.junit.jupiter.api.BeforeEach;

/** The engine's generic backend contract, run on the GPU; every test is skipped with the reason when there is none. */
class CudaBackendContractTest extends DenseBackendContract {
    /** Skips before the test body: the contract calls backend() inside assertThrows, which would catch the skip. */
    @BeforeEach
    void needGpu() {
        Gpu.backend();
    }

    @Override
    protected DenseBackend backend() {
        return Gpu.backend();
    }
}
