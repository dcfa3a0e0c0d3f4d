package dev.spectral.spi;

import dev.spectral.SpectralException;

/** A backend was asked for by name but cannot run here; the message carries the reasons. */
public final class BackendUnavailableException extends SpectralException {
    public BackendUnavailableException(String backend, Availability availability) {
        super("backend '" + backend + "' is not available: " + availability.reasonLine());
    }
}
