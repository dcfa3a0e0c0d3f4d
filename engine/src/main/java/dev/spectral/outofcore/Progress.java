package dev.spectral.outofcore;

/**
 * Where a factorization stands after a block column.
 *
 * @param columnsDone       block columns finished (including those resumed from the scratch directory)
 * @param columns           block columns in all
 * @param fraction          fraction of the factorization's floating-point work done, in [0, 1]
 * @param secondsElapsed    wall time of this run so far
 * @param etaSeconds        estimated seconds left, from this run's rate of work
 * @param gflopsPerSecond   this run's rate of work (10^9 flops per second of wall time)
 * @param ioBytesPerSecond  scratch bytes read and written per second of wall time in this run
 * @param bytesRead         scratch bytes read so far in this run
 * @param bytesWritten      scratch bytes written so far in this run
 */
public record Progress(int columnsDone, int columns, double fraction, double secondsElapsed, double etaSeconds,
                       double gflopsPerSecond, double ioBytesPerSecond, long bytesRead, long bytesWritten) {}
