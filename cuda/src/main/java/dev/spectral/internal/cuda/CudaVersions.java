package dev.spectral.internal.cuda;

/** CUDA's integer versions: 1000·major + 10·minor (cudaRuntimeGetVersion, cuDriverGetVersion). */
final class CudaVersions {
    private CudaVersions() {}

    /** "13.0" from 13000, "12.8" from 12080. */
    static String fromInt(int version) {
        return (version / 1000) + "." + (version % 1000) / 10;
    }
}
