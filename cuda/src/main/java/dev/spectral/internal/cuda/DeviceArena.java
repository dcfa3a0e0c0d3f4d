package dev.spectral.internal.cuda;

import static java.lang.foreign.ValueLayout.JAVA_DOUBLE;
import static java.lang.foreign.ValueLayout.JAVA_INT;

import java.lang.foreign.MemorySegment;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * The owner of a group of device allocations: every cudaMalloc made through it is freed by {@link #close()}, in
 * reverse order, even when one cudaFree fails (the first failure is rethrown after all were tried). Close is
 * idempotent. Used with try-with-resources around one operation, so nothing outlives the call that allocated it.
 * Not thread-safe: one arena belongs to one operation on one thread.
 */
final class DeviceArena implements AutoCloseable {
    private final DeviceAllocator runtime;
    private final Deque<MemorySegment> owned = new ArrayDeque<>();
    private boolean closed;

    DeviceArena(DeviceAllocator runtime) {
        this.runtime = runtime;
    }

    /** Device memory for {@code count} doubles (at least one, so that the pointer is never NULL). */
    MemorySegment doubles(long count) {
        return allocate(Math.max(1, count) * JAVA_DOUBLE.byteSize());
    }

    /** Device memory for {@code count} ints (at least one). */
    MemorySegment ints(long count) {
        return allocate(Math.max(1, count) * JAVA_INT.byteSize());
    }

    /** A device copy of the first {@code count} doubles of {@code host}. */
    MemorySegment upload(double[] host, int count) {
        return upload(host, 0, count);
    }

    /** A device copy of {@code count} doubles of {@code host} from {@code offset}. */
    MemorySegment upload(double[] host, int offset, int count) {
        MemorySegment d = doubles(count);
        if (count > 0) {
            runtime.upload(host, offset, count, d);
        }
        return d;
    }

    private MemorySegment allocate(long bytes) {
        if (closed) {
            throw new IllegalStateException("device arena already closed");
        }
        MemorySegment p = runtime.malloc(bytes);
        owned.push(p);
        return p;
    }

    /** Number of live allocations (for tests and leak checks). */
    int live() {
        return owned.size();
    }

    boolean isClosed() {
        return closed;
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        RuntimeException first = null;
        while (!owned.isEmpty()) {
            MemorySegment p = owned.pop();
            try {
                runtime.free(p);
            } catch (RuntimeException e) {
                if (first == null) {
                    first = e;
                } else {
                    first.addSuppressed(e);
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }

    /** A device pointer {@code elements} doubles past {@code base}. */
    static MemorySegment offsetDoubles(MemorySegment base, long elements) {
        return MemorySegment.ofAddress(base.address() + elements * JAVA_DOUBLE.byteSize());
    }
}
