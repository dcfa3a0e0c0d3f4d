package dev.spectral.internal.outofcore;

import java.util.concurrent.atomic.AtomicLong;

/** Scratch I/O counters shared by the reader, writer and committer threads. */
final class IoStats {
    final AtomicLong bytesRead = new AtomicLong();
    final AtomicLong bytesWritten = new AtomicLong();
    /** Busy time of the I/O threads (reads, writes, forces). */
    final AtomicLong busyNanos = new AtomicLong();
    /** Time the computing thread waited for the I/O threads. */
    final AtomicLong waitNanos = new AtomicLong();
}
