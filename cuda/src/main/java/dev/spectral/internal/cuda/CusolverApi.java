package dev.spectral.internal.cuda;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_DOUBLE;
import static java.lang.foreign.ValueLayout.JAVA_INT;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;

/**
 * cuSOLVER's dense API (cusolverDn), double precision. Signatures follow cusolverDn.h: handles and device arrays are
 * pointers, enums are ints, gesvd's job characters are {@code signed char}. Each routine's {@code _bufferSize} query
 * returns the workspace length in elements; {@code devInfo} is a device int the caller downloads.
 */
final class CusolverApi {
    static final int EIG_MODE_NOVECTOR = 0;
    static final int EIG_MODE_VECTOR = 1;
    static final int EIG_RANGE_ALL = 1001;
    static final int EIG_RANGE_I = 1002;
    static final int EIG_RANGE_V = 1003;
    static final int FILL_LOWER = 0;

    private final LibraryProbe.Found library;
    private final Downcall create;
    private final Downcall destroy;
    private final Downcall getProperty;
    private final Downcall syevdBuffer;
    private final Downcall syevd;
    private final Downcall syevdxBuffer;
    private final Downcall syevdx;
    private final Downcall createGesvdjInfo;
    private final Downcall destroyGesvdjInfo;
    private final Downcall gesvdjBuffer;
    private final Downcall gesvdj;
    private final Downcall gesvdBuffer;
    private final Downcall gesvd;
    private final Downcall potrfBuffer;
    private final Downcall potrf;
    private final Downcall sytrfBuffer;
    private final Downcall sytrf;
    private final Downcall getrfBuffer;
    private final Downcall getrf;

    CusolverApi(LibraryProbe.Found library) {
        this.library = library;
        Binder b = new Binder(library);
        FunctionDescriptor ofPtr = FunctionDescriptor.of(JAVA_INT, ADDRESS);
        create = b.bind("cusolverDnCreate", ofPtr);
        destroy = b.bind("cusolverDnDestroy", ofPtr);
        getProperty = b.bind("cusolverGetProperty", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS));
        // (handle, jobz, uplo, n, A, lda, W, *lwork)
        syevdBuffer = b.bind("cusolverDnDsyevd_bufferSize", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT,
                JAVA_INT, ADDRESS, JAVA_INT, ADDRESS, ADDRESS));
        // (handle, jobz, uplo, n, A, lda, W, work, lwork, devInfo)
        syevd = b.bind("cusolverDnDsyevd", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS,
                JAVA_INT, ADDRESS, ADDRESS, JAVA_INT, ADDRESS));
        // (handle, jobz, range, uplo, n, A, lda, vl, vu, il, iu, *meig, W, *lwork)
        syevdxBuffer = b.bind("cusolverDnDsyevdx_bufferSize", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT,
                JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT, JAVA_DOUBLE, JAVA_DOUBLE, JAVA_INT, JAVA_INT, ADDRESS, ADDRESS, ADDRESS));
        // (handle, jobz, range, uplo, n, A, lda, vl, vu, il, iu, *meig, W, work, lwork, devInfo)
        syevdx = b.bind("cusolverDnDsyevdx", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT, JAVA_INT,
                JAVA_INT, ADDRESS, JAVA_INT, JAVA_DOUBLE, JAVA_DOUBLE, JAVA_INT, JAVA_INT, ADDRESS, ADDRESS, ADDRESS,
                JAVA_INT, ADDRESS));
        createGesvdjInfo = b.bind("cusolverDnCreateGesvdjInfo", ofPtr);
        destroyGesvdjInfo = b.bind("cusolverDnDestroyGesvdjInfo", ofPtr);
        // (handle, jobz, econ, m, n, A, lda, S, U, ldu, V, ldv, *lwork, params)
        gesvdjBuffer = b.bind("cusolverDnDgesvdj_bufferSize", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT,
                JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT, ADDRESS, ADDRESS, JAVA_INT, ADDRESS, JAVA_INT, ADDRESS, ADDRESS));
        // (handle, jobz, econ, m, n, A, lda, S, U, ldu, V, ldv, work, lwork, devInfo, params)
        gesvdj = b.bind("cusolverDnDgesvdj", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT, JAVA_INT,
                JAVA_INT, ADDRESS, JAVA_INT, ADDRESS, ADDRESS, JAVA_INT, ADDRESS, JAVA_INT, ADDRESS, JAVA_INT, ADDRESS,
                ADDRESS));
        // (handle, m, n, *lwork)
        gesvdBuffer = b.bind("cusolverDnDgesvd_bufferSize", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT,
                ADDRESS));
        // (handle, jobu, jobvt, m, n, A, lda, S, U, ldu, VT, ldvt, work, lwork, rwork, devInfo)
        gesvd = b.bind("cusolverDnDgesvd", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_BYTE, JAVA_BYTE, JAVA_INT,
                JAVA_INT, ADDRESS, JAVA_INT, ADDRESS, ADDRESS, JAVA_INT, ADDRESS, JAVA_INT, ADDRESS, JAVA_INT, ADDRESS,
                ADDRESS));
        // (handle, uplo, n, A, lda, *lwork)
        potrfBuffer = b.bind("cusolverDnDpotrf_bufferSize", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT,
                ADDRESS, JAVA_INT, ADDRESS));
        // (handle, uplo, n, A, lda, work, lwork, devInfo)
        potrf = b.bind("cusolverDnDpotrf", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT,
                ADDRESS, JAVA_INT, ADDRESS));
        // (handle, n, A, lda, *lwork)
        sytrfBuffer = b.bind("cusolverDnDsytrf_bufferSize", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, ADDRESS,
                JAVA_INT, ADDRESS));
        // (handle, uplo, n, A, lda, ipiv, work, lwork, devInfo)
        sytrf = b.bind("cusolverDnDsytrf", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT,
                ADDRESS, ADDRESS, JAVA_INT, ADDRESS));
        // (handle, m, n, A, lda, *lwork)
        getrfBuffer = b.bind("cusolverDnDgetrf_bufferSize", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT,
                ADDRESS, JAVA_INT, ADDRESS));
        // (handle, m, n, A, lda, work, ipiv, devInfo): no lwork argument
        getrf = b.bind("cusolverDnDgetrf", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT,
                ADDRESS, ADDRESS, ADDRESS));
    }

    LibraryProbe.Found library() {
        return library;
    }

    static void check(String call, int status) {
        if (status != 0) {
            CudaStatus.Entry e = CudaStatus.cusolver(status);
            throw new CudaException(CudaException.message(call, e.name(), status, e.description()), status);
        }
    }

    String version() {
        return LibraryProperty.version("cusolverGetProperty", getProperty, CusolverApi::check);
    }

    MemorySegment create() {
        return pointerOut("cusolverDnCreate", create);
    }

    void destroy(MemorySegment handle) {
        try {
            check("cusolverDnDestroy", (int) destroy.get().invokeExact(handle));
        } catch (Throwable t) {
            throw Binder.unchecked(t);
        }
    }

    MemorySegment createGesvdjInfo() {
        return pointerOut("cusolverDnCreateGesvdjInfo", createGesvdjInfo);
    }

    void destroyGesvdjInfo(MemorySegment info) {
        try {
            check("cusolverDnDestroyGesvdjInfo", (int) destroyGesvdjInfo.get().invokeExact(info));
        } catch (Throwable t) {
            throw Binder.unchecked(t);
        }
    }

    int syevdBufferSize(MemorySegment h, int jobz, int n, MemorySegment a, int lda, MemorySegment w) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment lwork = arena.allocate(JAVA_INT);
            check("cusolverDnDsyevd_bufferSize", (int) syevdBuffer.get().invokeExact(h, jobz, FILL_LOWER, n, a, lda, w, lwork));
            return lwork.get(JAVA_INT, 0);
        } catch (Throwable t) {
            throw Binder.unchecked(t);
        }
    }

    void syevd(MemorySegment h, int jobz, int n, MemorySegment a, int lda, MemorySegment w, MemorySegment work,
            int lwork, MemorySegment devInfo) {
        try {
            check("cusolverDnDsyevd", (int) syevd.get().invokeExact(h, jobz, FILL_LOWER, n, a, lda, w, work, lwork, devInfo));
        } catch (Throwable t) {
            throw Binder.unchecked(t);
        }
    }

    int syevdxBufferSize(MemorySegment h, int jobz, int range, int n, MemorySegment a, int lda, double vl, double vu,
            int il, int iu, MemorySegment w) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment meig = arena.allocate(JAVA_INT);
            MemorySegment lwork = arena.allocate(JAVA_INT);
            check("cusolverDnDsyevdx_bufferSize", (int) syevdxBuffer.get().invokeExact(h, jobz, range, FILL_LOWER, n, a, lda,
                    vl, vu, il, iu, meig, w, lwork));
            return lwork.get(JAVA_INT, 0);
        } catch (Throwable t) {
            throw Binder.unchecked(t);
        }
    }

    /** Returns the number of eigenvalues found (meig, a host int). */
    int syevdx(MemorySegment h, int jobz, int range, int n, MemorySegment a, int lda, double vl, double vu, int il,
            int iu, MemorySegment w, MemorySegment work, int lwork, MemorySegment devInfo) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment meig = arena.allocate(JAVA_INT);
            check("cusolverDnDsyevdx", (int) syevdx.get().invokeExact(h, jobz, range, FILL_LOWER, n, a, lda, vl, vu, il, iu,
                    meig, w, work, lwork, devInfo));
            return meig.get(JAVA_INT, 0);
        } catch (Throwable t) {
            throw Binder.unchecked(t);
        }
    }

    int gesvdjBufferSize(MemorySegment h, int jobz, int m, int n, MemorySegment a, int lda, MemorySegment s,
            MemorySegment u, int ldu, MemorySegment v, int ldv, MemorySegment params) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment lwork = arena.allocate(JAVA_INT);
            check("cusolverDnDgesvdj_bufferSize", (int) gesvdjBuffer.get().invokeExact(h, jobz, 1, m, n, a, lda, s, u, ldu, v,
                    ldv, lwork, params));
            return lwork.get(JAVA_INT, 0);
        } catch (Throwable t) {
            throw Binder.unchecked(t);
        }
    }

    /** Economy-size Jacobi SVD: U is m x min(m, n), V (not Vᵀ) is n x min(m, n). */
    void gesvdj(MemorySegment h, int jobz, int m, int n, MemorySegment a, int lda, MemorySegment s, MemorySegment u,
            int ldu, MemorySegment v, int ldv, MemorySegment work, int lwork, MemorySegment devInfo,
            MemorySegment params) {
        try {
            check("cusolverDnDgesvdj", (int) gesvdj.get().invokeExact(h, jobz, 1, m, n, a, lda, s, u, ldu, v, ldv, work, lwork,
                    devInfo, params));
        } catch (Throwable t) {
            throw Binder.unchecked(t);
        }
    }

    int gesvdBufferSize(MemorySegment h, int m, int n) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment lwork = arena.allocate(JAVA_INT);
            check("cusolverDnDgesvd_bufferSize", (int) gesvdBuffer.get().invokeExact(h, m, n, lwork));
            return lwork.get(JAVA_INT, 0);
        } catch (Throwable t) {
            throw Binder.unchecked(t);
        }
    }

    /** QR-iteration SVD; cuSOLVER requires m >= n. rwork may be NULL. */
    void gesvd(MemorySegment h, char jobu, char jobvt, int m, int n, MemorySegment a, int lda, MemorySegment s,
            MemorySegment u, int ldu, MemorySegment vt, int ldvt, MemorySegment work, int lwork, MemorySegment devInfo) {
        try {
            check("cusolverDnDgesvd", (int) gesvd.get().invokeExact(h, (byte) jobu, (byte) jobvt, m, n, a, lda, s, u, ldu, vt,
                    ldvt, work, lwork, MemorySegment.NULL, devInfo));
        } catch (Throwable t) {
            throw Binder.unchecked(t);
        }
    }

    int potrfBufferSize(MemorySegment h, int n, MemorySegment a, int lda) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment lwork = arena.allocate(JAVA_INT);
            check("cusolverDnDpotrf_bufferSize", (int) potrfBuffer.get().invokeExact(h, FILL_LOWER, n, a, lda, lwork));
            return lwork.get(JAVA_INT, 0);
        } catch (Throwable t) {
            throw Binder.unchecked(t);
        }
    }

    void potrf(MemorySegment h, int n, MemorySegment a, int lda, MemorySegment work, int lwork, MemorySegment devInfo) {
        try {
            check("cusolverDnDpotrf", (int) potrf.get().invokeExact(h, FILL_LOWER, n, a, lda, work, lwork, devInfo));
        } catch (Throwable t) {
            throw Binder.unchecked(t);
        }
    }

    int sytrfBufferSize(MemorySegment h, int n, MemorySegment a, int lda) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment lwork = arena.allocate(JAVA_INT);
            check("cusolverDnDsytrf_bufferSize", (int) sytrfBuffer.get().invokeExact(h, n, a, lda, lwork));
            return lwork.get(JAVA_INT, 0);
        } catch (Throwable t) {
            throw Binder.unchecked(t);
        }
    }

    void sytrf(MemorySegment h, int n, MemorySegment a, int lda, MemorySegment ipiv, MemorySegment work, int lwork,
            MemorySegment devInfo) {
        try {
            check("cusolverDnDsytrf", (int) sytrf.get().invokeExact(h, FILL_LOWER, n, a, lda, ipiv, work, lwork, devInfo));
        } catch (Throwable t) {
            throw Binder.unchecked(t);
        }
    }

    int getrfBufferSize(MemorySegment h, int n, MemorySegment a, int lda) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment lwork = arena.allocate(JAVA_INT);
            check("cusolverDnDgetrf_bufferSize", (int) getrfBuffer.get().invokeExact(h, n, n, a, lda, lwork));
            return lwork.get(JAVA_INT, 0);
        } catch (Throwable t) {
            throw Binder.unchecked(t);
        }
    }

    void getrf(MemorySegment h, int n, MemorySegment a, int lda, MemorySegment work, MemorySegment ipiv,
            MemorySegment devInfo) {
        try {
            check("cusolverDnDgetrf", (int) getrf.get().invokeExact(h, n, n, a, lda, work, ipiv, devInfo));
        } catch (Throwable t) {
            throw Binder.unchecked(t);
        }
    }

    private static MemorySegment pointerOut(String call, Downcall h) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment out = arena.allocate(ADDRESS);
            check(call, (int) h.get().invokeExact(out));
            return out.get(ADDRESS, 0);
        } catch (Throwable t) {
            throw Binder.unchecked(t);
        }
    }
}
