package dev.spectral.internal.cuda;

import java.lang.foreign.MemorySegment;

/** cudaMalloc, cudaFree and the host-to-device copy, as {@link DeviceArena} needs them (tests substitute fakes). */
interface DeviceAllocator {
    MemorySegment malloc(long bytes);

    void free(MemorySegment devicePointer);

    void upload(double[] src, int offset, int count, MemorySegment device);
}
