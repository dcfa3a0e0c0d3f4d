package dev.spectral;

/**
 * The caller's input is unusable: a malformed file, a wrong shape, NaN entries, an asymmetric matrix where a
 * symmetric one is required. The CLI turns it into a one-line message and exit code 2.
 */
public final class InvalidInputException extends SpectralException {
    public InvalidInputException(String message) {
        super(message);
    }

    public InvalidInputException(String message, Throwable cause) {
        super(message, cause);
    }
}
