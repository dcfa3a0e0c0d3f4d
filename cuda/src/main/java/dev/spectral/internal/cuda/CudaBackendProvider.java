package dev.spectral.internal.cuda;

import dev.spectral.spi.Availability;
import dev.spectral.spi.BackendProvider;
import dev.spectral.spi.BackendUnavailableException;
import dev.spectral.spi.DenseBackend;

/**
 * The CUDA backend's provider. Cheap to construct; the first {@link #availability()} probes the libraries and the
 * driver (once per JVM). Priority 10 puts it ahead of the CPU under {@code --backend auto} when a GPU is present.
 */
public final class CudaBackendProvider implements BackendProvider {
    @Override
    public String name() {
        return "cuda";
    }

    @Override
    public int priority() {
        return 10;
    }

    @Override
    public Availability availability() {
        return CudaEnvironment.system().availability();
    }

    @Override
    public DenseBackend open() {
        CudaEnvironment env = CudaEnvironment.system();
        Availability a = env.availability();
        if (!a.available()) {
            throw new BackendUnavailableException(name(), a);
        }
        return new CudaBackend(env, 0);
    }
}
