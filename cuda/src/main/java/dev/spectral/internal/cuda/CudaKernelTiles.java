package dev.spectral.internal.cuda;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_DOUBLE;
import static java.lang.foreign.ValueLayout.JAVA_INT;

import dev.spectral.InvalidInputException;
import dev.spectral.kernel.Kernel;
import dev.spectral.kernel.Points;
import dev.spectral.kernel.ReluNtk;
import dev.spectral.matrix.DenseMatrix;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * Kernel-matrix tiles generated on the GPU: one cublasDgemm of the two point sets gives the inner products, then
 * Spectral's own kernel {@code spectral_kernel_map} (native/spectral_kernels.cu, loaded from the shipped fatbin
 * through the driver API) maps them to kernel values in place, mirroring {@link Kernel#value} exactly.
 *
 * <p>UNVERIFIED: binding code only. No GPU was available to run it; the kernel formulas are checked on the host
 * (KernelMathCheckTest compiles native/kernel_math.h with the C compiler and compares with the Java kernels), the
 * fatbin's container header is checked, and FakeCudaStackTest runs this class against a fake driver that executes
 * the kernel's body on the host from the marshalled parameter array; but no real launch has ever happened.
 */
final class CudaKernelTiles implements AutoCloseable {
    private static final int BLOCK = 16;

    private final CudaRuntimeApi rt;
    private final CublasApi blas;
    private final DriverApi driver;
    private final MemorySegment blasHandle;
    private final MemorySegment module;
    private final MemorySegment map;
    private boolean closed;

    /** Loads the module into the current device's primary context (select the device on this thread first). */
    CudaKernelTiles(CudaEnvironment env, MemorySegment blasHandle) {
        if (env.driver() == null) {
            throw new IllegalStateException("GPU kernel tiles need the driver API (libcuda.so.1), which is not loaded");
        }
        this.rt = env.runtime();
        this.blas = env.cublas();
        this.driver = env.driver();
        this.blasHandle = blasHandle;
        this.module = driver.loadModule(Fatbin.load());
        this.map = driver.function(module, "spectral_kernel_map");
    }

    /** The kind code of native/kernel_math.h for a kernel, or a one-line refusal. */
    static int kind(Kernel k) {
        return switch (k) {
            case Kernel.Rbf r -> 0;
            case Kernel.Matern m -> switch (m.nu()) {
                case HALF -> 1;
                case THREE_HALVES -> 2;
                case FIVE_HALVES -> 3;
            };
            case ReluNtk n -> 4;
            default -> throw new InvalidInputException("kernel " + k.name() + " has no GPU implementation");
        };
    }

    static double lengthscale(Kernel k) {
        return switch (k) {
            case Kernel.Rbf r -> r.lengthscale();
            case Kernel.Matern m -> m.lengthscale();
            default -> 1.0;
        };
    }

    static int depth(Kernel k) {
        return k instanceof ReluNtk n ? n.depth() : 0;
    }

    /**
     * Rows [i0, i1) x columns [j0, j1) of the kernel matrix K_ij = k(x_i, x_j) + nugget·δ_ij, with the semantics of
     * {@link dev.spectral.kernel.KernelMatrix#tile}: diagonal entries use x·x = |x|² exactly.
     */
    DenseMatrix tile(Points x, Kernel k, double nugget, int i0, int i1, int j0, int j1) {
        if (closed) {
            throw new IllegalStateException("kernel tiles closed");
        }
        int m = i1 - i0;
        int n = j1 - j0;
        if (i0 < 0 || j0 < 0 || i1 > x.size() || j1 > x.size() || m < 0 || n < 0) {
            throw new InvalidInputException("tile [" + i0 + "," + i1 + ") x [" + j0 + "," + j1 + ") is outside a kernel of order " + x.size());
        }
        int kind = kind(k);
        DenseMatrix out = DenseMatrix.zeros(m, n);
        if (m == 0 || n == 0) {
            return out;
        }
        int d = x.dimension();
        try (DeviceArena device = new DeviceArena(rt); Arena host = Arena.ofConfined()) {
            MemorySegment dx = device.upload(x.data(), i0 * d, m * d);
            MemorySegment dy = device.upload(x.data(), j0 * d, n * d);
            MemorySegment nx = device.upload(x.squaredNorms(), i0, m);
            MemorySegment ny = device.upload(x.squaredNorms(), j0, n);
            MemorySegment tile = device.doubles((long) m * n);
            // Points are stored d x count, column-major: the inner products are Xᵀ Y.
            blas.dgemm(blasHandle, CublasApi.OP_T, CublasApi.OP_N, m, n, d, 1.0, dx, d, dy, d, 0.0, tile, m);
            MemorySegment[] args = {
                host.allocateFrom(JAVA_INT, kind), host.allocateFrom(JAVA_INT, m), host.allocateFrom(JAVA_INT, n),
                pointer(host, nx), pointer(host, ny), host.allocateFrom(JAVA_DOUBLE, lengthscale(k)),
                host.allocateFrom(JAVA_INT, depth(k)), host.allocateFrom(JAVA_DOUBLE, nugget),
                host.allocateFrom(JAVA_INT, i0 - j0), pointer(host, tile), host.allocateFrom(JAVA_INT, m),
            };
            MemorySegment params = host.allocate(ADDRESS, args.length);
            for (int i = 0; i < args.length; i++) {
                params.setAtIndex(ADDRESS, i, args[i]);
            }
            driver.launch("spectral_kernel_map", map, (m + BLOCK - 1) / BLOCK, (n + BLOCK - 1) / BLOCK, BLOCK, BLOCK, params);
            rt.synchronize();
            rt.download(tile, out.data(), 0, m * n);
        }
        return out;
    }

    /** A host cell holding a device pointer: kernel parameters are passed by address. */
    private static MemorySegment pointer(Arena host, MemorySegment devicePointer) {
        MemorySegment cell = host.allocate(ADDRESS);
        cell.set(ADDRESS, 0, devicePointer);
        return cell;
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            driver.unloadModule(module);
        }
    }
}
