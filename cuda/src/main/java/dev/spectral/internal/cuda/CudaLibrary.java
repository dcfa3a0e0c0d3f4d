package dev.spectral.internal.cuda;

import java.util.List;

/**
 * A CUDA shared library and the versioned sonames accepted for it, newest first. Only versioned sonames are tried:
 * the unversioned {@code libcublas.so} is a development symlink that may point at any major version (and, for the
 * driver, at a link-time stub that fails at run time).
 */
enum CudaLibrary {
    /** The driver API, installed with the NVIDIA driver (never from a toolkit, whose lib64/stubs copy is a fake). */
    DRIVER("cuda", "NVIDIA driver API", List.of("libcuda.so.1")),
    CUDART("cudart", "CUDA runtime", List.of("libcudart.so.13", "libcudart.so.12")),
    /** Loaded before cuBLAS so that cuBLAS's own dependency resolves when it sits in another folder (pip wheels). */
    CUBLASLT("cublasLt", "cuBLASLt", List.of("libcublasLt.so.13", "libcublasLt.so.12")),
    CUBLAS("cublas", "cuBLAS", List.of("libcublas.so.13", "libcublas.so.12")),
    /** cuSOLVER's dependencies, preloaded for the same reason as cuBLASLt. */
    NVJITLINK("nvJitLink", "nvJitLink", List.of("libnvJitLink.so.13", "libnvJitLink.so.12")),
    CUSPARSE("cusparse", "cuSPARSE", List.of("libcusparse.so.12", "libcusparse.so.11")),
    CUSOLVER("cusolver", "cuSOLVER", List.of("libcusolver.so.12", "libcusolver.so.11")),
    CURAND("curand", "cuRAND", List.of("libcurand.so.10"));

    private final String base;
    private final String title;
    private final List<String> sonames;

    CudaLibrary(String base, String title, List<String> sonames) {
        this.base = base;
        this.title = title;
        this.sonames = sonames;
    }

    /** "cublas" for libcublas.so.N. */
    String base() {
        return base;
    }

    /** Human name: "cuBLAS". */
    String title() {
        return title;
    }

    /** Accepted sonames, preferred first. */
    List<String> sonames() {
        return sonames;
    }

    /** The major version encoded in one of this library's sonames. */
    int major(String soname) {
        return Integer.parseInt(soname.substring(soname.lastIndexOf('.') + 1));
    }
}
