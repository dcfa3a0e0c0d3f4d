package dev.spectral.outofcore;

import dev.spectral.internal.outofcore.Engine;
import dev.spectral.internal.outofcore.Planner;
import dev.spectral.linalg.Factorization;

/**
 * Blocked factorizations of n x n matrices that do not fit in memory, under a hard cap on memory, with the factor on
 * disk: Cholesky, LDLᵀ (Bunch-Kaufman inside each diagonal block) and LU (partial pivoting inside each block column).
 *
 * <h2>Algorithm and I/O</h2>
 * Left-looking by block columns of width b. Column J is held in memory (the panel, up to n x b), filled once from the
 * {@link TileSource}, brought up to date with every earlier factor column K &lt; J streamed from scratch tile by tile,
 * factored (dpotrf + dtrsm, dsytrf + dtrsm, dgetrf) and written once. The factor is read about n³/(6b) doubles in all
 * for Cholesky and LDLᵀ (each earlier column read once per later column, below row J·b) and n³/(3b) for LU (which
 * also needs U's rows above), and written exactly once (n²/2 doubles). A right-looking algorithm with the same memory
 * would, for every block column, read and write back the whole trailing Schur complement: about n³/(6b) doubles read
 * and as many written for a symmetric matrix (twice both for LU). Left-looking therefore moves half the data and
 * writes nothing twice (writes being the slower, and the ones that must be forced to disk); it also reads each source
 * entry exactly once and makes every finished column a natural checkpoint. b is chosen as large as the cap allows (see
 * {@link Plan} for the formula), because I/O falls as 1/b.
 *
 * <h2>Overlap</h2>
 * A reader thread prefetches the next factor tile while the current one is multiplied (double buffering); a writer
 * thread writes each finished tile while the next one is being solved, and a third thread forces finished column files
 * to disk and commits them.
 *
 * <h2>Durability</h2>
 * After each block column its file (tiles with CRC32C trailers and a column record) is forced to disk, then the state
 * file is replaced atomically (temporary file, force, rename, force the directory). The last block column is not
 * stored (nothing reads it back; a crash during it redoes only it), and on success the commits still queued are
 * dropped, since the directory is about to be removed. Killed at any moment, a rerun with
 * the same source and options resumes after the last committed column and gives a bit-identical result. Damaged
 * scratch files are detected (sizes checked on resume, checksums on every read) and named in a
 * {@link ScratchCorruptedException}. A lock file keeps two runs out of one scratch directory, and a preflight refuses
 * to start when the scratch files will not fit on the disk. The scratch directory is removed after success (and when
 * Cholesky finds the matrix not positive definite, since there is nothing to resume) and kept after any other failure.
 *
 * <h2>Memory</h2>
 * Every buffer the factorization allocates is counted against {@code maxMemoryBytes} ({@link Plan#totalBytes}). Not
 * counted: the JVM itself, netlib/OpenBLAS internals, and the source's own memory (a kernel's points; the mapped window
 * of a {@code .npy} file while a strip is copied, which is unmapped at once).
 */
public final class OutOfCore {
    private OutOfCore() {}

    /** Factors the matrix of {@code source} and returns its log-determinant, leading log-determinants and statistics. */
    public static OutOfCoreResult factor(TileSource source, OutOfCoreOptions options) {
        return Engine.run(source, options);
    }

    /** The block size, memory, scratch space, I/O and flops a factorization of order n will use under the options. */
    public static Plan plan(int n, OutOfCoreOptions options) {
        return Planner.plan(n, options.factorization(), options.maxMemoryBytes(), options.blockSize(),
                options.leadingStride());
    }

    /** The plan for a given cap with automatic block size. */
    public static Plan plan(int n, Factorization factorization, long maxMemoryBytes) {
        return plan(n, OutOfCoreOptions.of(factorization, maxMemoryBytes));
    }
}
