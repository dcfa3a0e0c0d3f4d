package dev.spectral.internal.cpu;

import dev.spectral.spi.Availability;
import dev.spectral.spi.BackendProvider;
import dev.spectral.spi.DenseBackend;

/** The CPU backend is always available; without a native BLAS it still runs, on netlib's Java fallback. */
public final class CpuBackendProvider implements BackendProvider {
    @Override
    public String name() {
        return "cpu";
    }

    @Override
    public int priority() {
        return 0;
    }

    @Override
    public Availability availability() {
        return Availability.yes(NetlibRuntime.get().describe());
    }

    @Override
    public DenseBackend open() {
        return new CpuBackend();
    }
}
