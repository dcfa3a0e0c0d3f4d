package dev.spectral.internal.cuda;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_DOUBLE;
import static java.lang.foreign.ValueLayout.JAVA_INT;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.util.Optional;

/**
 * cuBLAS through its {@code _v2} entry points (the plain names are macros in cublas_v2.h, the exported symbols carry
 * the suffix). Scalars (alpha, beta) are host pointers: the default CUBLAS_POINTER_MODE_HOST.
 */
final class CublasApi {
    static final int OP_N = 0;
    static final int OP_T = 1;

    private final LibraryProbe.Found library;
    private final Downcall create;
    private final Downcall destroy;
    private final Downcall dgemm;
    private final Downcall dcopy;
    private final Downcall getProperty;
    private final Optional<Downcall> statusString;

    CublasApi(LibraryProbe.Found library) {
        this.library = library;
        Binder b = new Binder(library);
        create = b.bind("cublasCreate_v2", FunctionDescriptor.of(JAVA_INT, ADDRESS));
        destroy = b.bind("cublasDestroy_v2", FunctionDescriptor.of(JAVA_INT, ADDRESS));
        dgemm = b.bind("cublasDgemm_v2", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT,
                JAVA_INT, ADDRESS, ADDRESS, JAVA_INT, ADDRESS, JAVA_INT, ADDRESS, ADDRESS, JAVA_INT));
        dcopy = b.bind("cublasDcopy_v2", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, ADDRESS, JAVA_INT, ADDRESS, JAVA_INT));
        getProperty = b.bind("cublasGetProperty", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS));
        // cublasGetStatusString exists since CUDA 11.4; the table in CudaStatus covers older libraries.
        statusString = b.optional("cublasGetStatusString", FunctionDescriptor.of(ADDRESS, JAVA_INT));
    }

    LibraryProbe.Found library() {
        return library;
    }

    void check(String call, int status) {
        if (status != 0) {
            CudaStatus.Entry e = CudaStatus.cublas(status);
            String description = e.description();
            if (statusString.isPresent()) {
                try {
                    description = Dl.cString((MemorySegment) statusString.get().get().invokeExact(status));
                } catch (Throwable t) {
                    throw Binder.unchecked(t);
                }
            }
            throw new CudaException(CudaException.message(call, e.name(), status, description), status);
        }
    }

    String version() {
        return LibraryProperty.version("cublasGetProperty", getProperty, this::check);
    }

    /** A new handle on the current device. */
    MemorySegment create() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment out = arena.allocate(ADDRESS);
            check("cublasCreate_v2", (int) create.get().invokeExact(out));
            return out.get(ADDRESS, 0);
        } catch (Throwable t) {
            throw Binder.unchecked(t);
        }
    }

    void destroy(MemorySegment handle) {
        try {
            check("cublasDestroy_v2", (int) destroy.get().invokeExact(handle));
        } catch (Throwable t) {
            throw Binder.unchecked(t);
        }
    }

    /** C = alpha op(A) op(B) + beta C, all column-major on the device. */
    void dgemm(MemorySegment handle, int opA, int opB, int m, int n, int k, double alpha, MemorySegment a, int lda,
            MemorySegment b, int ldb, double beta, MemorySegment c, int ldc) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment al = arena.allocateFrom(JAVA_DOUBLE, alpha);
            MemorySegment be = arena.allocateFrom(JAVA_DOUBLE, beta);
            check("cublasDgemm_v2(" + m + " x " + n + " x " + k + ")",
                    (int) dgemm.get().invokeExact(handle, opA, opB, m, n, k, al, a, lda, b, ldb, be, c, ldc));
        } catch (Throwable t) {
            throw Binder.unchecked(t);
        }
    }

    /** y = x with strides (used to gather a diagonal: stride n + 1). */
    void dcopy(MemorySegment handle, int n, MemorySegment x, int incx, MemorySegment y, int incy) {
        try {
            check("cublasDcopy_v2", (int) dcopy.get().invokeExact(handle, n, x, incx, y, incy));
        } catch (Throwable t) {
            throw Binder.unchecked(t);
        }
    }
}
