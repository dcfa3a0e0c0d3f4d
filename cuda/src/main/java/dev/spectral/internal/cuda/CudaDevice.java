package dev.spectral.internal.cuda;

/** One GPU as the driver describes it. */
record CudaDevice(int ordinal, String name, long totalBytes, int major, int minor) {
    /** "GPU 0: NVIDIA H100 80GB HBM3, 79.2 GiB, compute capability 9.0". */
    String describe() {
        return String.format(java.util.Locale.ROOT, "GPU %d: %s, %.1f GiB, compute capability %d.%d", ordinal, name,
                totalBytes / (double) (1L << 30), major, minor);
    }
}
