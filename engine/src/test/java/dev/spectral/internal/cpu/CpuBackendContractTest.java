package dev.spectral.internal.cpu;

import dev.spectral.Backends;
import dev.spectral.contract.DenseBackendContract;
import dev.spectral.spi.DenseBackend;
import org.junit.jupiter.api.AfterAll;

/** The CPU backend (netlib over OpenBLAS) against the generic dense-backend contract. */
class CpuBackendContractTest extends DenseBackendContract {
    private static final DenseBackend CPU = Backends.cpu();

    @Override
    protected DenseBackend backend() {
        return CPU;
    }

    @AfterAll
    static void close() {
        CPU.close();
    }
}
