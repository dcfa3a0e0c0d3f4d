package dev.spectral.internal.cuda;

import java.util.Map;

/**
 * Names and descriptions of the status codes of cuBLAS, cuSOLVER and cuRAND, from their public headers (cublas_api.h,
 * cusolver_common.h, curand.h). The runtime and driver APIs describe their own errors (cudaGetErrorString,
 * cuGetErrorString), so they have no table here. Unknown codes keep their number: a newer library may add codes.
 */
final class CudaStatus {
    private CudaStatus() {}

    /** A status name and a short description. */
    record Entry(String name, String description) {}

    private static final Map<Integer, Entry> CUBLAS = Map.ofEntries(
            Map.entry(0, new Entry("CUBLAS_STATUS_SUCCESS", "success")),
            Map.entry(1, new Entry("CUBLAS_STATUS_NOT_INITIALIZED", "the cuBLAS library was not initialized")),
            Map.entry(3, new Entry("CUBLAS_STATUS_ALLOC_FAILED", "resource allocation failed")),
            Map.entry(7, new Entry("CUBLAS_STATUS_INVALID_VALUE", "an invalid value was passed")),
            Map.entry(8, new Entry("CUBLAS_STATUS_ARCH_MISMATCH", "the device does not support the operation")),
            Map.entry(11, new Entry("CUBLAS_STATUS_MAPPING_ERROR", "access to GPU memory failed")),
            Map.entry(13, new Entry("CUBLAS_STATUS_EXECUTION_FAILED", "the GPU program failed to execute")),
            Map.entry(14, new Entry("CUBLAS_STATUS_INTERNAL_ERROR", "an internal cuBLAS operation failed")),
            Map.entry(15, new Entry("CUBLAS_STATUS_NOT_SUPPORTED", "the functionality requested is not supported")),
            Map.entry(16, new Entry("CUBLAS_STATUS_LICENSE_ERROR", "a licensing error")));

    private static final Map<Integer, Entry> CUSOLVER = Map.ofEntries(
            Map.entry(0, new Entry("CUSOLVER_STATUS_SUCCESS", "success")),
            Map.entry(1, new Entry("CUSOLVER_STATUS_NOT_INITIALIZED", "the cuSOLVER library was not initialized")),
            Map.entry(2, new Entry("CUSOLVER_STATUS_ALLOC_FAILED", "resource allocation failed")),
            Map.entry(3, new Entry("CUSOLVER_STATUS_INVALID_VALUE", "an invalid value was passed")),
            Map.entry(4, new Entry("CUSOLVER_STATUS_ARCH_MISMATCH", "the device does not support the operation")),
            Map.entry(5, new Entry("CUSOLVER_STATUS_MAPPING_ERROR", "access to GPU memory failed")),
            Map.entry(6, new Entry("CUSOLVER_STATUS_EXECUTION_FAILED", "the GPU program failed to execute")),
            Map.entry(7, new Entry("CUSOLVER_STATUS_INTERNAL_ERROR", "an internal cuSOLVER operation failed")),
            Map.entry(8, new Entry("CUSOLVER_STATUS_MATRIX_TYPE_NOT_SUPPORTED", "the matrix type is not supported")),
            Map.entry(9, new Entry("CUSOLVER_STATUS_NOT_SUPPORTED", "the functionality requested is not supported")),
            Map.entry(10, new Entry("CUSOLVER_STATUS_ZERO_PIVOT", "a zero pivot was met")),
            Map.entry(11, new Entry("CUSOLVER_STATUS_INVALID_LICENSE", "a licensing error")),
            Map.entry(31, new Entry("CUSOLVER_STATUS_INVALID_WORKSPACE", "the workspace is invalid")));

    private static final Map<Integer, Entry> CURAND = Map.ofEntries(
            Map.entry(0, new Entry("CURAND_STATUS_SUCCESS", "success")),
            Map.entry(100, new Entry("CURAND_STATUS_VERSION_MISMATCH", "header and linked library versions differ")),
            Map.entry(101, new Entry("CURAND_STATUS_NOT_INITIALIZED", "the generator was not initialized")),
            Map.entry(102, new Entry("CURAND_STATUS_ALLOCATION_FAILED", "memory allocation failed")),
            Map.entry(103, new Entry("CURAND_STATUS_TYPE_ERROR", "the generator is of the wrong type")),
            Map.entry(104, new Entry("CURAND_STATUS_OUT_OF_RANGE", "an argument is out of range")),
            Map.entry(105, new Entry("CURAND_STATUS_LENGTH_NOT_MULTIPLE", "the length is not a multiple of the dimension")),
            Map.entry(106, new Entry("CURAND_STATUS_DOUBLE_PRECISION_REQUIRED", "the GPU does not support double precision")),
            Map.entry(201, new Entry("CURAND_STATUS_LAUNCH_FAILURE", "a kernel launch failed")),
            Map.entry(202, new Entry("CURAND_STATUS_PREEXISTING_FAILURE", "an earlier kernel launch had failed")),
            Map.entry(203, new Entry("CURAND_STATUS_INITIALIZATION_FAILED", "CUDA initialization failed")),
            Map.entry(204, new Entry("CURAND_STATUS_ARCH_MISMATCH", "the GPU architecture does not support the feature")),
            Map.entry(999, new Entry("CURAND_STATUS_INTERNAL_ERROR", "an internal cuRAND error")));

    static Entry cublas(int status) {
        return lookup(CUBLAS, "CUBLAS", status);
    }

    static Entry cusolver(int status) {
        return lookup(CUSOLVER, "CUSOLVER", status);
    }

    static Entry curand(int status) {
        return lookup(CURAND, "CURAND", status);
    }

    private static Entry lookup(Map<Integer, Entry> table, String prefix, int status) {
        Entry e = table.get(status);
        return e != null ? e : new Entry(prefix + "_STATUS_UNKNOWN", "a status this version of Spectral does not know");
    }
}
