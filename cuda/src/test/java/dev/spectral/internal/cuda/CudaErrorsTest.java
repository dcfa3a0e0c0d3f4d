package dev.spectral.internal.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.junit.jupiter.api.Test;

/** Every status becomes an exception naming the call, the status name and its description. */
class CudaErrorsTest {
    @Test
    void cublasStatusesAreNamedFromTheHeader() {
        assertEquals("CUBLAS_STATUS_NOT_INITIALIZED", CudaStatus.cublas(1).name());
        assertEquals("CUBLAS_STATUS_ALLOC_FAILED", CudaStatus.cublas(3).name());
        assertEquals("CUBLAS_STATUS_INVALID_VALUE", CudaStatus.cublas(7).name());
        assertEquals("CUBLAS_STATUS_EXECUTION_FAILED", CudaStatus.cublas(13).name());
        assertEquals("CUBLAS_STATUS_UNKNOWN", CudaStatus.cublas(12345).name());
    }

    @Test
    void cusolverAndCurandStatusesAreNamedFromTheHeaders() {
        assertEquals("CUSOLVER_STATUS_INVALID_VALUE", CudaStatus.cusolver(3).name());
        assertEquals("CUSOLVER_STATUS_EXECUTION_FAILED", CudaStatus.cusolver(6).name());
        assertEquals("CUSOLVER_STATUS_INVALID_WORKSPACE", CudaStatus.cusolver(31).name());
        assertEquals("CURAND_STATUS_LAUNCH_FAILURE", CudaStatus.curand(201).name());
        assertEquals("CURAND_STATUS_INTERNAL_ERROR", CudaStatus.curand(999).name());
    }

    @Test
    void cusolverCheckThrowsWithCallNameAndCode() {
        CudaException e = assertThrows(CudaException.class, () -> CusolverApi.check("cusolverDnDpotrf", 3));
        assertEquals("cusolverDnDpotrf failed: CUSOLVER_STATUS_INVALID_VALUE (3): an invalid value was passed", e.getMessage());
        assertEquals(3, e.status());
        CusolverApi.check("cusolverDnDpotrf", 0); // success: no exception
    }

    @Test
    void curandCheckThrowsWithCallNameAndCode() {
        CudaException e = assertThrows(CudaException.class, () -> CurandApi.check("curandGenerateNormalDouble", 102));
        assertEquals("curandGenerateNormalDouble failed: CURAND_STATUS_ALLOCATION_FAILED (102): memory allocation failed",
                e.getMessage());
    }

    private static CudaRuntimeApi runtime() {
        CudaEnvironment env = CudaEnvironment.system();
        assumeTrue(env.runtime() != null, "no libcudart on this machine: " + env.availability().reasonLine());
        return env.runtime();
    }

    @Test
    void runtimeErrorsUseTheRuntimesOwnNamesAndStrings() {
        CudaRuntimeApi rt = runtime();
        assertEquals("cudaErrorMemoryAllocation", rt.errorName(2));
        assertEquals("out of memory", rt.errorString(2));
        CudaException e = assertThrows(CudaException.class, () -> rt.check("cudaMalloc(8 bytes)", 2));
        assertEquals("cudaMalloc(8 bytes) failed: cudaErrorMemoryAllocation (2): out of memory", e.getMessage());
        rt.check("cudaFree", 0);
    }

    @Test
    void aRealFailingCallWithoutAGpuNamesTheCallAndTheRuntimesReason() {
        CudaRuntimeApi rt = runtime();
        assumeTrue(CudaEnvironment.system().deviceCount() == 0, "a GPU is present");
        CudaException e = assertThrows(CudaException.class, () -> rt.malloc(1024));
        assertTrue(e.getMessage().startsWith("cudaMalloc(1024 bytes) failed: cuda"), e.getMessage());
        assertTrue(e.status() != 0);
        // A copy from a Java array (a critical downcall reading the heap) reaches the runtime and fails the same way.
        CudaException copy = assertThrows(CudaException.class,
                () -> rt.upload(new double[10], 2, 8, java.lang.foreign.MemorySegment.ofAddress(0x1000)));
        assertTrue(copy.getMessage().startsWith("cudaMemcpy(host to device, 64 bytes at offset 0) failed: cuda"),
                copy.getMessage());
        // The arena frees nothing it did not get, and stays usable for close.
        DeviceArena arena = new DeviceArena(rt);
        assertThrows(CudaException.class, () -> arena.doubles(16));
        assertEquals(0, arena.live());
        arena.close();
    }
}
