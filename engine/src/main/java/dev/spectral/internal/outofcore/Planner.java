package dev.spectral.internal.outofcore;

import dev.spectral.InvalidInputException;
import dev.spectral.linalg.Factorization;
import dev.spectral.outofcore.Plan;

/** The memory formula of {@link Plan} and the block size it implies. */
public final class Planner {
    /** Factor tiles streamed through memory at once: one held, two alternating between reader and computation. */
    public static final int RING_TILES = 3;
    /** Columns of dsytrf's blocked workspace (LAPACK's usual block size). */
    public static final int LDL_WORK_COLUMNS = 64;
    /** The smallest block size accepted (below it BLAS calls are too small to be worth an out-of-core run). */
    public static final int MIN_BLOCK = 8;
    /** The largest Java array. */
    public static final long MAX_ARRAY = Integer.MAX_VALUE - 8L;

    private Planner() {}

    /** Bytes of each of the reader's and writer's direct I/O buffers. */
    public static int ioChunkBytes(int b) {
        long tile = 8L * b * b;
        return (int) Math.min(1 << 20, Math.max(64 << 10, tile));
    }

    public static long bufferBytes(int n, int b, Factorization kind) {
        long bytes = 8L * n * b + 8L * n + 8L * RING_TILES * b * b + 2L * ioChunkBytes(b) + 16L * b;
        if (kind == Factorization.LDL) {
            bytes += 8L * b * b + 8L * LDL_WORK_COLUMNS * b;
        }
        return bytes;
    }

    public static long metadataBytes(int n, Factorization kind, int stride) {
        long perRow = 8 + 1 + 1 + 4 + (kind == Factorization.LDL ? 16 : 0);
        return perRow * n + 16L * (n / stride + 1);
    }

    /** The plan for a given (or automatic, when requested is 0) block size under the cap. */
    public static Plan plan(int n, Factorization kind, long maxMemory, int requested, int stride) {
        if (n < 1) {
            throw new InvalidInputException("the matrix order must be >= 1, got " + n);
        }
        int b = requested > 0 ? Math.min(requested, n) : largestBlock(n, kind, maxMemory, stride);
        long need = bufferBytes(n, b, kind) + metadataBytes(n, kind, stride);
        if (need > maxMemory) {
            throw new InvalidInputException(String.format(
                    "memory cap of %s is too small for order %d with block size %d: %s needed (%s)",
                    human(maxMemory), n, b, human(need), requested > 0 ? "choose a smaller block size or raise the cap"
                            : "raise the cap; block size " + MIN_BLOCK + " is the smallest accepted"));
        }
        if ((long) n * b + n > MAX_ARRAY) {
            throw new InvalidInputException("block size " + b + " makes an n x b block column of " + ((long) n * b)
                    + " entries, beyond a Java array; choose a block size of at most " + (MAX_ARRAY / n - 1));
        }
        return describe(n, kind, b, stride);
    }

    /** The plan of a fixed block size, without checking a cap (used on resume, where the block size is given). */
    public static Plan describe(int n, Factorization kind, int b, int stride) {
        Blocks blocks = new Blocks(n, b);
        PanelFormat format = new PanelFormat(blocks);
        long scratch = 0;
        for (int j = 0; j < blocks.count() - 1; j++) { // the last column is never stored
            scratch += format.fileBytes(j);
        }
        return new Plan(n, kind, b, blocks.count(), bufferBytes(n, b, kind), metadataBytes(n, kind, stride), scratch,
                predictedReadBytes(blocks, format, kind), scratch, totalFlops(blocks, kind));
    }

    private static int largestBlock(int n, Factorization kind, long maxMemory, int stride) {
        long meta = metadataBytes(n, kind, stride);
        int lo = Math.min(MIN_BLOCK, n);
        int hi = (int) Math.min(n, MAX_ARRAY / n - 1);
        if (bufferBytes(n, lo, kind) + meta > maxMemory) {
            return lo; // reported as too small by the caller
        }
        while (lo < hi) {
            int mid = (int) (((long) lo + hi + 1) / 2);
            if (bufferBytes(n, mid, kind) + meta <= maxMemory) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        return lo;
    }

    /** Bytes the stream reads: for column J, tiles J..N-1 (Cholesky, LDLᵀ) or K..N-1 (LU) of every panel K < J. */
    static long predictedReadBytes(Blocks blocks, PanelFormat format, Factorization kind) {
        long total = 0;
        int nb = blocks.count();
        for (int j = 1; j < nb; j++) {
            for (int k = 0; k < j; k++) {
                int first = kind == Factorization.LU ? k : j;
                total += format.rangeBytes(k, first, nb);
            }
        }
        return total;
    }

    static double totalFlops(Blocks blocks, Factorization kind) {
        double total = 0;
        for (int j = 0; j < blocks.count(); j++) {
            total += columnFlops(blocks, kind, j);
        }
        return total;
    }

    /** Floating-point operations of block column j (updates from every earlier panel, then the panel factorization). */
    public static double columnFlops(Blocks blocks, Factorization kind, int j) {
        int n = blocks.n();
        double w = blocks.size(j);
        double h = n - blocks.start(j);
        double flops = 0;
        for (int k = 0; k < j; k++) {
            double bk = blocks.size(k);
            flops += switch (kind) {
                case CHOLESKY -> bk * w * (w + 1) + 2 * (h - w) * w * bk;
                case LDL -> 2 * h * w * bk;
                default -> bk * bk * w + 2 * (n - blocks.start(k) - bk) * bk * w;
            };
        }
        flops += switch (kind) {
            case CHOLESKY, LDL -> w * w * w / 3 + (h - w) * w * w;
            default -> h * w * w - w * w * w / 3;
        };
        return flops;
    }

    public static String human(long bytes) {
        if (bytes < 1 << 10) {
            return bytes + " B";
        }
        String[] units = {"KiB", "MiB", "GiB", "TiB"};
        double v = bytes;
        int u = -1;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return String.format("%.1f %s", v, units[u]);
    }
}
