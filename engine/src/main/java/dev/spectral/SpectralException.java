package dev.spectral;

/** Base of every exception the engine throws on purpose. The message is one line that names the problem. */
public class SpectralException extends RuntimeException {
    public SpectralException(String message) {
        super(message);
    }

    public SpectralException(String message, Throwable cause) {
        super(message, cause);
    }
}
