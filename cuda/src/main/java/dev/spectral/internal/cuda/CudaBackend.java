package dev.spectral.internal.cuda;

import dev.spectral.InvalidInputException;
import dev.spectral.SpectralException;
import dev.spectral.internal.LogDetPolicy;
import dev.spectral.internal.Validate;
import dev.spectral.kernel.Kernel;
import dev.spectral.kernel.Points;
import dev.spectral.linalg.EigenSelection;
import dev.spectral.linalg.Factorization;
import dev.spectral.linalg.LogDet;
import dev.spectral.linalg.Svd;
import dev.spectral.linalg.SvdSelection;
import dev.spectral.linalg.SymmetricEigen;
import dev.spectral.matrix.DenseMatrix;
import dev.spectral.spi.DenseBackend;
import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;

/**
 * Dense linear algebra on one NVIDIA GPU through cuSOLVER and cuBLAS (float64). Each call uploads its input, works in
 * device memory owned by a {@link DeviceArena} that the call closes, and downloads only what the answer needs (for
 * log-determinants: the diagonal, gathered on the device with a strided copy, and the pivots).
 *
 * <p>UNVERIFIED ON A GPU: no GPU was available while this class was written. Its Java side runs in FakeCudaStackTest
 * against a fake CUDA stack (reference LAPACK behind the CUDA sonames), but it has never called NVIDIA's libraries. Its
 * GPU tests (the engine's contract, CPU parity, the leak test) are skipped without a GPU; see docs/gpu.md.
 *
 * <p>The CUDA current device is per host thread, and cuBLAS/cuSOLVER handles must not be used by two threads at once,
 * so every operation is synchronized and selects the device on the calling thread first.
 */
public final class CudaBackend implements DenseBackend {
    /** Above this min(m, n) the QR-based gesvd replaces the one-sided Jacobi gesvdj (Jacobi sweeps cost O(n³) each). */
    private static final int JACOBI_MAX = 1024;

    private final CudaEnvironment env;
    private final CudaRuntimeApi rt;
    private final CublasApi blas;
    private final CusolverApi solver;
    private final int ordinal;
    private final String device;
    private final MemorySegment blasHandle;
    private final MemorySegment solverHandle;
    private CudaKernelTiles tiles;
    private boolean closed;

    CudaBackend(CudaEnvironment env, int ordinal) {
        this.env = env;
        this.rt = env.runtime();
        this.blas = env.cublas();
        this.solver = env.cusolver();
        this.ordinal = ordinal;
        String name = env.devices().stream().filter(d -> d.ordinal() == ordinal).findFirst().map(CudaDevice::describe)
                .orElse("GPU " + ordinal);
        this.device = name + " (CUDA runtime " + rt.runtimeVersion() + ")";
        rt.setDevice(ordinal);
        this.blasHandle = blas.create();
        MemorySegment s;
        try {
            s = solver.create();
        } catch (RuntimeException e) {
            blas.destroy(blasHandle);
            throw e;
        }
        this.solverHandle = s;
    }

    @Override
    public String name() {
        return "cuda";
    }

    @Override
    public String device() {
        return device;
    }

    private void enter() {
        if (closed) {
            throw new IllegalStateException("the CUDA backend is closed");
        }
        rt.setDevice(ordinal);
    }

    // ---------------------------------------------------------------- eigen

    @Override
    public synchronized SymmetricEigen eigh(DenseMatrix a, EigenSelection selection, boolean vectors) {
        Validate.symmetric(a, "eig");
        int n = a.rows();
        if (n == 0) {
            return new SymmetricEigen(new double[0], vectors ? DenseMatrix.zeros(0, 0) : null);
        }
        enter();
        return switch (selection) {
            case EigenSelection.All all -> syevd(a, vectors);
            case EigenSelection.Largest l -> syevdx(a, vectors, CusolverApi.EIG_RANGE_I, 0, 0, n - checkK(l.k(), n) + 1, n);
            case EigenSelection.Smallest s -> syevdx(a, vectors, CusolverApi.EIG_RANGE_I, 0, 0, 1, checkK(s.k(), n));
            case EigenSelection.Range r -> syevdx(a, vectors, CusolverApi.EIG_RANGE_V, r.low(), r.high(), 1, n);
        };
    }

    private static int checkK(int k, int n) {
        if (k > n) {
            throw new InvalidInputException("asked for " + k + " eigenvalues of a " + n + " x " + n + " matrix");
        }
        return k;
    }

    private SymmetricEigen syevd(DenseMatrix a, boolean vectors) {
        int n = a.rows();
        int jobz = vectors ? CusolverApi.EIG_MODE_VECTOR : CusolverApi.EIG_MODE_NOVECTOR;
        try (DeviceArena arena = new DeviceArena(rt)) {
            MemorySegment dA = arena.upload(a.data(), n * n);
            MemorySegment dW = arena.doubles(n);
            MemorySegment info = arena.ints(1);
            int lwork = solver.syevdBufferSize(solverHandle, jobz, n, dA, n, dW);
            MemorySegment work = arena.doubles(lwork);
            solver.syevd(solverHandle, jobz, n, dA, n, dW, work, lwork, info);
            checkInfo("cusolverDnDsyevd", info, "did not converge");
            double[] w = new double[n];
            rt.download(dW, w, 0, n);
            DenseMatrix v = null;
            if (vectors) {
                v = DenseMatrix.zeros(n, n);
                rt.download(dA, v.data(), 0, n * n);
            }
            return new SymmetricEigen(w, v);
        }
    }

    private SymmetricEigen syevdx(DenseMatrix a, boolean vectors, int range, double vl, double vu, int il, int iu) {
        int n = a.rows();
        int jobz = vectors ? CusolverApi.EIG_MODE_VECTOR : CusolverApi.EIG_MODE_NOVECTOR;
        try (DeviceArena arena = new DeviceArena(rt)) {
            MemorySegment dA = arena.upload(a.data(), n * n);
            MemorySegment dW = arena.doubles(n);
            MemorySegment info = arena.ints(1);
            int lwork = solver.syevdxBufferSize(solverHandle, jobz, range, n, dA, n, vl, vu, il, iu, dW);
            MemorySegment work = arena.doubles(lwork);
            int found = solver.syevdx(solverHandle, jobz, range, n, dA, n, vl, vu, il, iu, dW, work, lwork, info);
            checkInfo("cusolverDnDsyevdx", info, "did not converge");
            double[] w = new double[found];
            rt.download(dW, w, 0, found);
            DenseMatrix v = null;
            if (vectors) {
                // The eigenvectors overwrite the first `found` columns of A.
                v = DenseMatrix.zeros(n, found);
                rt.download(dA, v.data(), 0, n * found);
            }
            return new SymmetricEigen(w, v);
        }
    }

    // ---------------------------------------------------------------- SVD

    @Override
    public synchronized Svd svd(DenseMatrix a, SvdSelection selection, boolean vectors) {
        a.requireFinite("svd");
        int m = a.rows();
        int n = a.cols();
        int r = Math.min(m, n);
        int k = switch (selection) {
            case SvdSelection.All all -> r;
            case SvdSelection.Top t -> {
                if (t.k() > r) {
                    throw new InvalidInputException("asked for " + t.k() + " singular values of a " + m + " x " + n + " matrix");
                }
                yield t.k();
            }
        };
        if (r == 0) {
            return new Svd(new double[0], vectors ? DenseMatrix.zeros(m, 0) : null, vectors ? DenseMatrix.zeros(0, n) : null);
        }
        enter();
        Svd full = r <= JACOBI_MAX ? gesvdj(a, vectors) : m >= n ? gesvd(a, vectors) : transposed(gesvd(a.transpose(), vectors));
        return k == r ? full : truncate(full, k);
    }

    private Svd gesvdj(DenseMatrix a, boolean vectors) {
        int m = a.rows();
        int n = a.cols();
        int r = Math.min(m, n);
        int jobz = vectors ? CusolverApi.EIG_MODE_VECTOR : CusolverApi.EIG_MODE_NOVECTOR;
        MemorySegment params = solver.createGesvdjInfo();
        try (DeviceArena arena = new DeviceArena(rt)) {
            MemorySegment dA = arena.upload(a.data(), m * n);
            MemorySegment dS = arena.doubles(r);
            MemorySegment dU = arena.doubles((long) m * r);
            MemorySegment dV = arena.doubles((long) n * r);
            MemorySegment info = arena.ints(1);
            int lwork = solver.gesvdjBufferSize(solverHandle, jobz, m, n, dA, m, dS, dU, m, dV, n, params);
            MemorySegment work = arena.doubles(lwork);
            solver.gesvdj(solverHandle, jobz, m, n, dA, m, dS, dU, m, dV, n, work, lwork, info, params);
            checkInfo("cusolverDnDgesvdj", info, "did not converge within its sweep limit");
            double[] s = new double[r];
            rt.download(dS, s, 0, r);
            if (!vectors) {
                return sortDescending(new Svd(s, null, null));
            }
            DenseMatrix u = DenseMatrix.zeros(m, r);
            rt.download(dU, u.data(), 0, m * r);
            DenseMatrix v = DenseMatrix.zeros(n, r);
            rt.download(dV, v.data(), 0, n * r);
            return sortDescending(new Svd(s, u, v.transpose()));
        } finally {
            solver.destroyGesvdjInfo(params);
        }
    }

    /** cuSOLVER's gesvd needs m >= n; thin factors ('S'). */
    private Svd gesvd(DenseMatrix a, boolean vectors) {
        int m = a.rows();
        int n = a.cols();
        char job = vectors ? 'S' : 'N';
        try (DeviceArena arena = new DeviceArena(rt)) {
            MemorySegment dA = arena.upload(a.data(), m * n);
            MemorySegment dS = arena.doubles(n);
            MemorySegment dU = arena.doubles(vectors ? (long) m * n : 1);
            MemorySegment dVt = arena.doubles(vectors ? (long) n * n : 1);
            MemorySegment info = arena.ints(1);
            int lwork = solver.gesvdBufferSize(solverHandle, m, n);
            MemorySegment work = arena.doubles(lwork);
            solver.gesvd(solverHandle, job, job, m, n, dA, m, dS, dU, m, dVt, n, work, lwork, info);
            checkInfo("cusolverDnDgesvd", info, "did not converge");
            double[] s = new double[n];
            rt.download(dS, s, 0, n);
            if (!vectors) {
                return new Svd(s, null, null);
            }
            DenseMatrix u = DenseMatrix.zeros(m, n);
            rt.download(dU, u.data(), 0, m * n);
            DenseMatrix vt = DenseMatrix.zeros(n, n);
            rt.download(dVt, vt.data(), 0, n * n);
            return new Svd(s, u, vt);
        }
    }

    /** The SVD of A from that of Aᵀ = U S Vᵀ: A = V S Uᵀ. */
    private static Svd transposed(Svd t) {
        return t.hasVectors() ? new Svd(t.singularValues(), t.vt().transpose(), t.u().transpose()) : t;
    }

    /** Singular values descending, with the vectors permuted alike (gesvdj documents its order; this keeps it certain). */
    static Svd sortDescending(Svd svd) {
        double[] s = svd.singularValues();
        Integer[] order = IntStream.range(0, s.length).boxed().toArray(Integer[]::new);
        Arrays.sort(order, Comparator.comparingDouble((Integer i) -> s[i]).reversed());
        boolean sorted = true;
        for (int i = 0; i < order.length; i++) {
            sorted &= order[i] == i;
        }
        if (sorted) {
            return svd;
        }
        double[] ss = new double[s.length];
        DenseMatrix u = svd.hasVectors() ? DenseMatrix.zeros(svd.u().rows(), s.length) : null;
        DenseMatrix vt = svd.hasVectors() ? DenseMatrix.zeros(s.length, svd.vt().cols()) : null;
        for (int j = 0; j < s.length; j++) {
            int from = order[j];
            ss[j] = s[from];
            if (u != null) {
                for (int i = 0; i < u.rows(); i++) {
                    u.set(i, j, svd.u().get(i, from));
                }
                for (int c = 0; c < vt.cols(); c++) {
                    vt.set(j, c, svd.vt().get(from, c));
                }
            }
        }
        return new Svd(ss, u, vt);
    }

    private static Svd truncate(Svd full, int k) {
        double[] s = Arrays.copyOf(full.singularValues(), k);
        if (!full.hasVectors()) {
            return new Svd(s, null, null);
        }
        int m = full.u().rows();
        int n = full.vt().cols();
        DenseMatrix u = DenseMatrix.of(m, k, Arrays.copyOf(full.u().data(), m * k));
        DenseMatrix vt = DenseMatrix.zeros(k, n);
        for (int j = 0; j < n; j++) {
            for (int i = 0; i < k; i++) {
                vt.set(i, j, full.vt().get(i, j));
            }
        }
        return new Svd(s, u, vt);
    }

    // ---------------------------------------------------------------- log-determinant

    @Override
    public synchronized LogDet logdet(DenseMatrix a, Factorization factorization) {
        LogDet empty = LogDetPolicy.check(a, factorization);
        if (empty != null) {
            return empty;
        }
        enter();
        return LogDetPolicy.factor(a, factorization, this::cholesky, this::ldl, this::lu);
    }

    /** Cholesky log-determinant, or null when the matrix is not positive definite (devInfo > 0). */
    private LogDet cholesky(DenseMatrix a) {
        int n = a.rows();
        try (DeviceArena arena = new DeviceArena(rt)) {
            MemorySegment dA = arena.upload(a.data(), n * n);
            MemorySegment info = arena.ints(1);
            int lwork = solver.potrfBufferSize(solverHandle, n, dA, n);
            MemorySegment work = arena.doubles(lwork);
            solver.potrf(solverHandle, n, dA, n, work, lwork, info);
            if (info(info, "cusolverDnDpotrf") > 0) {
                return null;
            }
            return LogDetReduction.cholesky(diagonal(arena, dA, n, 0, n));
        }
    }

    private LogDet ldl(DenseMatrix a) {
        int n = a.rows();
        try (DeviceArena arena = new DeviceArena(rt)) {
            MemorySegment dA = arena.upload(a.data(), n * n);
            MemorySegment ipiv = arena.ints(n);
            MemorySegment info = arena.ints(1);
            int lwork = solver.sytrfBufferSize(solverHandle, n, dA, n);
            MemorySegment work = arena.doubles(lwork);
            solver.sytrf(solverHandle, n, dA, n, ipiv, work, lwork, info);
            if (info(info, "cusolverDnDsytrf") > 0) {
                return LogDet.singular(Factorization.LDL, n);
            }
            double[] diag = diagonal(arena, dA, n, 0, n);
            double[] sub = diagonal(arena, dA, n, 1, n - 1);
            return LogDetReduction.ldl(diag, sub, rt.downloadInts(ipiv, n));
        }
    }

    private LogDet lu(DenseMatrix a) {
        int n = a.rows();
        try (DeviceArena arena = new DeviceArena(rt)) {
            MemorySegment dA = arena.upload(a.data(), n * n);
            MemorySegment ipiv = arena.ints(n);
            MemorySegment info = arena.ints(1);
            int lwork = solver.getrfBufferSize(solverHandle, n, dA, n);
            MemorySegment work = arena.doubles(lwork);
            solver.getrf(solverHandle, n, dA, n, work, ipiv, info);
            if (info(info, "cusolverDnDgetrf") > 0) {
                return LogDet.singular(Factorization.LU, n);
            }
            return LogDetReduction.lu(diagonal(arena, dA, n, 0, n), rt.downloadInts(ipiv, n));
        }
    }

    /** {@code count} entries of a diagonal of the n x n device matrix (offset 0: main, 1: first subdiagonal). */
    private double[] diagonal(DeviceArena arena, MemorySegment dA, int n, int offset, int count) {
        double[] out = new double[count];
        if (count == 0) {
            return out;
        }
        MemorySegment d = arena.doubles(count);
        blas.dcopy(blasHandle, count, DeviceArena.offsetDoubles(dA, offset), n + 1, d, 1);
        rt.download(d, out, 0, count);
        return out;
    }

    // ---------------------------------------------------------------- BLAS

    @Override
    public synchronized DenseMatrix multiply(DenseMatrix a, boolean transposeA, DenseMatrix b, boolean transposeB) {
        int m = transposeA ? a.cols() : a.rows();
        int k = transposeA ? a.rows() : a.cols();
        int kb = transposeB ? b.cols() : b.rows();
        int n = transposeB ? b.rows() : b.cols();
        if (k != kb) {
            throw new InvalidInputException("cannot multiply: inner dimensions " + k + " and " + kb + " differ");
        }
        DenseMatrix c = DenseMatrix.zeros(m, n);
        if (m == 0 || n == 0 || k == 0) {
            return c;
        }
        enter();
        try (DeviceArena arena = new DeviceArena(rt)) {
            MemorySegment dA = arena.upload(a.data(), a.rows() * a.cols());
            MemorySegment dB = arena.upload(b.data(), b.rows() * b.cols());
            MemorySegment dC = arena.doubles((long) m * n);
            blas.dgemm(blasHandle, transposeA ? CublasApi.OP_T : CublasApi.OP_N, transposeB ? CublasApi.OP_T : CublasApi.OP_N,
                    m, n, k, 1.0, dA, Math.max(1, a.rows()), dB, Math.max(1, b.rows()), 0.0, dC, m);
            rt.download(dC, c.data(), 0, m * n);
        }
        return c;
    }

    // ---------------------------------------------------------------- kernel tiles

    /**
     * Rows [i0, i1) x columns [j0, j1) of the kernel matrix of x, as {@link dev.spectral.kernel.KernelMatrix#tile}
     * computes them, generated on the GPU (cuBLAS inner products + Spectral's fatbin kernel). UNVERIFIED on a GPU;
     * see {@link CudaKernelTiles}.
     */
    public synchronized DenseMatrix kernelTile(Points x, Kernel k, double nugget, int i0, int i1, int j0, int j1) {
        enter();
        if (tiles == null) {
            tiles = new CudaKernelTiles(env, blasHandle);
        }
        return tiles.tile(x, k, nugget, i0, i1, j0, j1);
    }

    // ---------------------------------------------------------------- helpers

    /** devInfo: negative is a bug in Spectral (a rejected argument), positive is the routine's own failure. */
    private int info(MemorySegment devInfo, String call) {
        int v = rt.downloadInts(devInfo, 1)[0];
        if (v < 0) {
            throw new SpectralException(call + " rejected argument " + (-v) + " (a bug in Spectral, please report)");
        }
        return v;
    }

    private void checkInfo(String call, MemorySegment devInfo, String failure) {
        int v = info(devInfo, call);
        if (v > 0) {
            throw new SpectralException(call + " " + failure + " (info = " + v + ")");
        }
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        rt.setDevice(ordinal);
        try {
            if (tiles != null) {
                tiles.close();
            }
        } finally {
            try {
                solver.destroy(solverHandle);
            } finally {
                blas.destroy(blasHandle);
            }
        }
    }
}
