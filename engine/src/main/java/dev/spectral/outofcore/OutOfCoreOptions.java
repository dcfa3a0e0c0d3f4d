package dev.spectral.outofcore;

import dev.spectral.InvalidInputException;
import dev.spectral.linalg.Factorization;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Settings of an out-of-core factorization. Start from {@link #of} and adjust with the {@code with...} methods.
 *
 * @param factorization  CHOLESKY (symmetric positive definite), LDL (symmetric, Bunch-Kaufman inside each diagonal
 *                       block) or LU (general, partial pivoting inside each block column); AUTO is refused because an
 *                       out-of-core matrix cannot be inspected for symmetry cheaply
 * @param maxMemoryBytes hard cap on the factorization's own buffers (see {@link OutOfCore#plan})
 * @param scratchDir     where the factor goes; null picks a directory under java.io.tmpdir named after the matrix,
 *                       so that rerunning the same command resumes
 * @param blockSize      0 to derive the block size from the memory cap, else this block size (refused if it does not
 *                       fit the cap)
 * @param leadingStride  report log det of the leading m x m submatrices for m = stride, 2·stride, ..., n
 * @param progress       called after every block column
 * @param diskSpace      how free space is measured for the preflight check
 * @param resume         whether a checkpoint left in the scratch directory by an interrupted run of the same matrix
 *                       is continued (true, the default of {@link #of}); false refuses to touch it, so that a command
 *                       line can ask the user to say {@code --resume} explicitly
 */
public record OutOfCoreOptions(Factorization factorization, long maxMemoryBytes, Path scratchDir, int blockSize,
                               int leadingStride, ProgressListener progress, DiskSpace diskSpace,
                               boolean resume) {
    public OutOfCoreOptions {
        Objects.requireNonNull(factorization, "factorization");
        Objects.requireNonNull(progress, "progress");
        Objects.requireNonNull(diskSpace, "diskSpace");
        if (factorization == Factorization.AUTO) {
            throw new InvalidInputException("out-of-core factorization needs an explicit choice: cholesky (symmetric "
                    + "positive definite), ldl (symmetric) or lu (general)");
        }
        if (maxMemoryBytes <= 0) {
            throw new InvalidInputException("the memory cap must be positive, got " + maxMemoryBytes + " bytes");
        }
        if (blockSize < 0) {
            throw new InvalidInputException("the block size must be positive (or 0 for automatic), got " + blockSize);
        }
        if (leadingStride < 1) {
            throw new InvalidInputException("the stride of leading log-determinants must be >= 1, got " + leadingStride);
        }
    }

    /** Defaults: automatic block size, scratch under java.io.tmpdir, every leading log-determinant, no progress. */
    public static OutOfCoreOptions of(Factorization factorization, long maxMemoryBytes) {
        return new OutOfCoreOptions(factorization, maxMemoryBytes, null, 0, 1, ProgressListener.NONE,
                DiskSpace.FILE_STORE, true);
    }

    public OutOfCoreOptions withScratchDir(Path dir) {
        return new OutOfCoreOptions(factorization, maxMemoryBytes, dir, blockSize, leadingStride, progress, diskSpace, resume);
    }

    public OutOfCoreOptions withBlockSize(int b) {
        return new OutOfCoreOptions(factorization, maxMemoryBytes, scratchDir, b, leadingStride, progress, diskSpace, resume);
    }

    public OutOfCoreOptions withLeadingStride(int stride) {
        return new OutOfCoreOptions(factorization, maxMemoryBytes, scratchDir, blockSize, stride, progress, diskSpace, resume);
    }

    public OutOfCoreOptions withProgress(ProgressListener listener) {
        return new OutOfCoreOptions(factorization, maxMemoryBytes, scratchDir, blockSize, leadingStride, listener,
                diskSpace, resume);
    }

    public OutOfCoreOptions withDiskSpace(DiskSpace space) {
        return new OutOfCoreOptions(factorization, maxMemoryBytes, scratchDir, blockSize, leadingStride, progress,
                space, resume);
    }

    public OutOfCoreOptions withMaxMemoryBytes(long bytes) {
        return new OutOfCoreOptions(factorization, bytes, scratchDir, blockSize, leadingStride, progress, diskSpace,
                resume);
    }

    public OutOfCoreOptions withResume(boolean resumeCheckpoint) {
        return new OutOfCoreOptions(factorization, maxMemoryBytes, scratchDir, blockSize, leadingStride, progress,
                diskSpace, resumeCheckpoint);
    }
}
