package dev.spectral.cli;

/** Wall-clock seconds since construction. */
final class Timer {
    private final long start = System.nanoTime();

    double seconds() {
        return (System.nanoTime() - start) / 1e9;
    }
}
