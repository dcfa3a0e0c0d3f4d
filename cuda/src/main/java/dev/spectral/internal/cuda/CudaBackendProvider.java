package dev.spectral.internal.cuda;

import dev.spectral.spi.Availability;
import dev.spectral.spi.BackendProvider;
import dev.spectral.spi.BackendUnavailableException;
import dev.spectral.spi.DenseBackend;
import java.util.List;

/**
 * The CUDA backend's provider. Cheap to construct; the first {@link #availability()} probes the libraries and the
 * driver (once per JVM).
 *
 * <p>Priority -10, below the CPU's 0: until the GPU path has passed its contract and parity tests on a real GPU
 * ({@code make gpu-check}; see docs/gpu.md), {@code --backend auto} keeps choosing the CPU and the GPU is used only when
 * asked for by name ({@code --backend cuda}). Raise it above 0 once a GPU run has verified the backend.
 */
public final class CudaBackendProvider implements BackendProvider {
    @Override
    public String name() {
        return "cuda";
    }

    @Override
    public int priority() {
        return -10;
    }

    /**
     * Never throws: a probe that fails unexpectedly (native access denied by the JVM's flags, a broken library) makes
     * the backend unavailable with that reason, so that {@code --backend auto} still reaches the CPU.
     */
    @Override
    public Availability availability() {
        try {
            return CudaEnvironment.system().availability();
        } catch (RuntimeException | LinkageError e) {
            return Availability.no(List.of("probing CUDA failed: " + describe(e)), List.of());
        }
    }

    private static String describe(Throwable e) {
        Throwable root = e instanceof ExceptionInInitializerError && e.getCause() != null ? e.getCause() : e;
        return root.getMessage() == null ? root.toString() : root.getClass().getSimpleName() + ": " + root.getMessage();
    }

    @Override
    public DenseBackend open() {
        Availability a = availability();
        if (!a.available()) {
            throw new BackendUnavailableException(name(), a);
        }
        return new CudaBackend(CudaEnvironment.system(), 0);
    }
}
