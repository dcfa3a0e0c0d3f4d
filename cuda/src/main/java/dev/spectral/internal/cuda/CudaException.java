package dev.spectral.internal.cuda;

import dev.spectral.SpectralException;

/** A CUDA call returned an error status; the message names the call, the status name and its description. */
public final class CudaException extends SpectralException {
    private final int status;

    CudaException(String message, int status) {
        super(message);
        this.status = status;
    }

    /** The raw status code returned by the call (0 when the failure was not a status, e.g. a missing symbol). */
    public int status() {
        return status;
    }

    /** "cusolverDnDpotrf failed: CUSOLVER_STATUS_INVALID_VALUE (3): an invalid argument was passed". */
    static String message(String call, String name, int status, String description) {
        return call + " failed: " + name + " (" + status + ")" + (description == null || description.isEmpty() ? "" : ": " + description);
    }
}
