package dev.spectral.spi;

/**
 * Service-provider interface: one per backend, found with {@link java.util.ServiceLoader}. A provider must be cheap to
 * construct; the probing of native libraries happens in {@link #availability()}, and only once per provider.
 */
public interface BackendProvider {
    /** The name users select with {@code --backend}. */
    String name();

    /** Higher wins under {@code --backend auto} among available providers. The CPU backend has priority 0. */
    int priority();

    /** Whether this backend can run here, and why not. */
    Availability availability();

    /** Opens the backend; callers close it. Throws {@link BackendUnavailableException} when not available. */
    DenseBackend open();
}
