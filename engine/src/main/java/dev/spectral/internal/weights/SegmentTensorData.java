package dev.spectral.internal.weights;

import dev.spectral.InvalidInputException;
import dev.spectral.weights.DType;
import dev.spectral.weights.TensorData;
import dev.spectral.weights.TensorInfo;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/**
 * A tensor whose elements lie contiguously, in C order, in a memory segment: a mapped region of a file, or a heap
 * array for decompressed entries. Not thread-safe (it reuses a small scratch buffer).
 */
final class SegmentTensorData implements TensorData {
    private static final int CHUNK = 8192;

    private final TensorInfo info;
    private final MemorySegment bytes;
    private final ByteOrder order;
    private final Arena arena;
    private final long count;
    private float[] floats;
    private short[] shorts;

    /**
     * @param arena closed with this object (unmapping the region); null for heap segments
     */
    SegmentTensorData(TensorInfo info, MemorySegment bytes, ByteOrder order, Arena arena) {
        this.info = info;
        this.bytes = bytes;
        this.order = order;
        this.arena = arena;
        this.count = info.elementCount();
        if (!info.dtype().isReadable()) {
            close();
            throw new InvalidInputException(info.name() + ": dtype " + info.dtypeName() + " is not a floating-point type");
        }
        if (bytes.byteSize() != count * info.dtype().bytes()) {
            close();
            throw new InvalidInputException(info.name() + ": " + bytes.byteSize() + " bytes of data for shape "
                    + info.shapeString() + " of " + info.dtypeName() + " (" + count * info.dtype().bytes() + " needed)");
        }
    }

    @Override
    public TensorInfo info() {
        return info;
    }

    @Override
    public void read(long first, double[] dst, int offset, int n) {
        if (first < 0 || n < 0 || first > count - n || offset < 0 || offset > dst.length - n) {
            throw new IndexOutOfBoundsException("read of " + n + " elements at " + first + " of " + count);
        }
        switch (info.dtype()) {
            case FLOAT64 -> MemorySegment.copy(bytes, ValueLayout.JAVA_DOUBLE_UNALIGNED.withOrder(order), first * 8, dst,
                    offset, n);
            case FLOAT32 -> {
                if (floats == null) {
                    floats = new float[CHUNK];
                }
                for (int done = 0; done < n; done += CHUNK) {
                    int m = Math.min(CHUNK, n - done);
                    MemorySegment.copy(bytes, ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(order), (first + done) * 4,
                            floats, 0, m);
                    for (int i = 0; i < m; i++) {
                        dst[offset + done + i] = floats[i];
                    }
                }
            }
            case FLOAT16, BFLOAT16 -> {
                if (shorts == null) {
                    shorts = new short[CHUNK];
                }
                boolean half = info.dtype() == DType.FLOAT16;
                for (int done = 0; done < n; done += CHUNK) {
                    int m = Math.min(CHUNK, n - done);
                    MemorySegment.copy(bytes, ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(order), (first + done) * 2,
                            shorts, 0, m);
                    for (int i = 0; i < m; i++) {
                        dst[offset + done + i] = half ? Float.float16ToFloat(shorts[i])
                                : Float.intBitsToFloat((shorts[i] & 0xffff) << 16);
                    }
                }
            }
            case UNSUPPORTED -> throw new IllegalStateException("unreachable");
        }
    }

    @Override
    public void close() {
        if (arena != null && arena.scope().isAlive()) {
            arena.close();
        }
    }
}
