package dev.spectral.spi;

import java.util.List;

/**
 * Whether a backend can run here. When it cannot, {@code reasons} says exactly why (one line each, e.g. "libcudart.so.13
 * loaded from /usr/local/cuda-13.0/lib64 but cudaGetDeviceCount failed: CUDA driver version is insufficient").
 * {@code details} lists what was found, for {@code spectral info}.
 */
public record Availability(boolean available, List<String> reasons, List<String> details) {
    public Availability {
        reasons = List.copyOf(reasons);
        details = List.copyOf(details);
    }

    public static Availability yes(List<String> details) {
        return new Availability(true, List.of(), details);
    }

    public static Availability no(List<String> reasons, List<String> details) {
        return new Availability(false, reasons, details);
    }

    /** The reasons on one line. */
    public String reasonLine() {
        return String.join("; ", reasons);
    }
}
