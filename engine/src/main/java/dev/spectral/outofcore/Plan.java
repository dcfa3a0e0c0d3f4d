package dev.spectral.outofcore;

import dev.spectral.linalg.Factorization;

/**
 * What a factorization of order n will use under a memory cap, before it runs.
 *
 * <p>The block size b is the largest for which {@link #bufferBytes} + {@link #metadataBytes} fits the cap, where
 * (8-byte doubles)
 * <pre>
 *   bufferBytes   = 8·n·(b + 1)      the resident block column (panel) of height up to n, plus one column of slack
 *                                    (netlib checks that an operand's last column spans a whole leading dimension)
 *                 + 8·3·b²           three streamed factor tiles: the one held for the column (L_JK, or the diagonal
 *                                    tile for LU) and two that alternate between the reader thread and the computation
 *                 + 8·b²             LDLᵀ only: the D-scaled copy of the held tile
 *                 + 8·64·b           LDLᵀ only: dsytrf's workspace
 *                 + 2·chunk          the reader's and the writer's direct I/O buffers, chunk = min(1 MiB, max(64 KiB, 8·b²))
 *                 + 16·b             per-column pivot and interchange arrays
 *   metadataBytes = n·(8 + 1 + 1 + 4)   per-row log-pivot, sign, leading-minor flag, interchange
 *                 + n·16                LDLᵀ only: the 1x1/2x2 pivot blocks D
 *                 + (n/stride + 1)·16   the leading log-determinants returned
 * </pre>
 * Not counted: the source's own memory (a kernel's points, a mapped {@code .npy} window while a strip is copied) and
 * the JVM itself; see {@code OutOfCore}.
 *
 * @param n                   the order
 * @param factorization       the factorization
 * @param blockSize           b
 * @param blocks              ceil(n / b)
 * @param bufferBytes         the buffers above
 * @param metadataBytes       the per-row arrays above
 * @param scratchBytes        disk space the factor takes: every block column but the last, which no later column
 *                            reads (about n(n+b)/2 - b² doubles, plus tile trailers and per-column records)
 * @param predictedReadBytes  scratch bytes read: about 8·n³/(6b) for Cholesky and LDLᵀ, 8·n³/(3b) for LU
 * @param predictedWriteBytes scratch bytes written (the stored factor, once)
 * @param flops               floating-point operations of the blocked algorithm
 */
public record Plan(int n, Factorization factorization, int blockSize, int blocks, long bufferBytes,
                   long metadataBytes, long scratchBytes, long predictedReadBytes, long predictedWriteBytes,
                   double flops) {
    /** The memory the factorization allocates: buffers plus metadata. */
    public long totalBytes() {
        return bufferBytes + metadataBytes;
    }
}
