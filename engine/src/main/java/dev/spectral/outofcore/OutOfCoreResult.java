package dev.spectral.outofcore;

import dev.spectral.linalg.Factorization;
import dev.spectral.linalg.LogDet;
import java.nio.file.Path;

/**
 * The outcome of an out-of-core factorization.
 *
 * @param logAbsDet          log |det A| (-Infinity when a pivot is exactly zero)
 * @param sign               +1, -1, or 0 when singular
 * @param factorization      CHOLESKY, LDL or LU
 * @param n                  the order
 * @param blockSize          the block size b used
 * @param blocks             the number of block columns, ceil(n / b)
 * @param leading            leading log-determinants at the requested stride (see {@link LeadingLogdets} for when
 *                           pivoting leaves sizes out)
 * @param pivots             the interchanges, 0-based and global, LAPACK style: for LU, row i was interchanged with
 *                           row pivots[i] at step i; for LDLᵀ, pivots[i] is the partner of a 1 x 1 pivot at i, and a
 *                           2 x 2 pivot at (i, i + 1) whose row i + 1 was interchanged with row p has
 *                           pivots[i] = pivots[i + 1] = -(p + 1). Empty when no interchange happened (always for
 *                           Cholesky)
 * @param secondsWall        wall time of this run
 * @param secondsCompute     time the computing thread spent in BLAS/LAPACK
 * @param secondsSource      time spent filling strips from the source (kernel evaluation or file reads)
 * @param secondsIo          busy time of the scratch reader and writer threads (overlaps computing)
 * @param secondsIoWait      time the computing thread waited for scratch I/O (the part not hidden)
 * @param bytesRead          scratch bytes read in this run
 * @param bytesWritten       scratch bytes written in this run
 * @param flops              floating-point operations of this run
 * @param gflopsPerSecond    flops / secondsWall / 10^9
 * @param resumedFromColumn  the first block column computed in this run (0 unless resumed)
 * @param scratchDir         the scratch directory used (removed after success)
 */
public record OutOfCoreResult(double logAbsDet, int sign, Factorization factorization, int n, int blockSize,
                              int blocks, LeadingLogdets leading, int[] pivots, double secondsWall,
                              double secondsCompute, double secondsSource, double secondsIo, double secondsIoWait,
                              long bytesRead, long bytesWritten, long flops, double gflopsPerSecond,
                              int resumedFromColumn, Path scratchDir) {
    /** The same value as the in-core {@link LogDet} record. */
    public LogDet toLogDet() {
        return new LogDet(logAbsDet, sign, factorization, n);
    }

    public boolean isSingular() {
        return sign == 0;
    }
}
