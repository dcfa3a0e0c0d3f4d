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
 * fatbin's container header is checked, but no launch has ever happened.
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

    /** K[i, j] = k(x_i, y_j) for all points of x (rows) and y (columns). */
    DenseMatrix tile(Kernel k, Points x, Points y) {
        if (closed) {
            throw new IllegalStateException("kernel tiles closed");
        }
        if (x.dimension() != y.dimension()) {
            throw new InvalidInputException("points of dimension " + x.dimension() + " and " + y.dimension() + " differ");
        }
        int kind = kind(k);
        int m = x.size();
        int n = y.size();
        int d = x.dimension();
        DenseMatrix out = DenseMatrix.zeros(m, n);
        try (DeviceArena device = new DeviceArena(rt); Arena host = Arena.ofConfined()) {
            MemorySegment dx = device.upload(x.data(), m * d);
            MemorySegment dy = device.upload(y.data(), n * d);
            MemorySegment nx = device.upload(x.squaredNorms(), m);
            MemorySegment ny = device.upload(y.squaredNorms(), n);
            MemorySegment tile = device.doubles((long) m * n);
            // Points are stored d x count, column-major: the inner products are Xᵀ Y.
            blas.dgemm(blasHandle, CublasApi.OP_T, CublasApi.OP_N, m, n, d, 1.0, dx, d, dy, d, 0.0, tile, m);
            MemorySegment params = host.allocate(ADDRESS, 9);
            MemorySegment[] args = {
                host.allocateFrom(JAVA_INT, kind), host.allocateFrom(JAVA_INT, m), host.allocateFrom(JAVA_INT, n),
                pointer(host, nx), pointer(host, ny), host.allocateFrom(JAVA_DOUBLE, lengthscale(k)),
                host.allocateFrom(JAVA_INT, depth(k)), pointer(host, tile), host.allocateFrom(JAVA_INT, m),
            };
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
