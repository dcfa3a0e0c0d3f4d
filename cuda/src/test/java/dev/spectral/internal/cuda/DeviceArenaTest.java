package dev.spectral.internal.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Ownership rules of device memory, with a fake allocator standing in for cudaMalloc/cudaFree. */
class DeviceArenaTest {
    private static final class FakeAllocator implements DeviceAllocator {
        long next = 0x1000;
        final List<Long> freed = new ArrayList<>();
        final List<Long> requested = new ArrayList<>();
        long failOn = -1;

        @Override
        public MemorySegment malloc(long bytes) {
            requested.add(bytes);
            long p = next;
            next += 0x1000;
            return MemorySegment.ofAddress(p);
        }

        @Override
        public void free(MemorySegment p) {
            freed.add(p.address());
            if (p.address() == failOn) {
                throw new CudaException("cudaFree failed: cudaErrorIllegalAddress (700): an illegal memory access", 700);
            }
        }

        @Override
        public void upload(double[] src, int offset, int count, MemorySegment device) {}
    }

    @Test
    void closeFreesEverythingInReverseOrderOnce() {
        FakeAllocator fake = new FakeAllocator();
        DeviceArena arena = new DeviceArena(fake);
        arena.doubles(10);
        arena.ints(3);
        arena.upload(new double[5], 5);
        assertEquals(List.of(80L, 12L, 40L), fake.requested);
        assertEquals(3, arena.live());
        arena.close();
        assertEquals(List.of(0x3000L, 0x2000L, 0x1000L), fake.freed);
        arena.close(); // idempotent: nothing freed twice
        assertEquals(3, fake.freed.size());
        assertTrue(arena.isClosed());
        assertThrows(IllegalStateException.class, () -> arena.doubles(1));
    }

    @Test
    void aFailingFreeDoesNotLeakTheOthersAndIsRethrown() {
        FakeAllocator fake = new FakeAllocator();
        fake.failOn = 0x2000;
        DeviceArena arena = new DeviceArena(fake);
        arena.doubles(1);
        arena.doubles(1);
        arena.doubles(1);
        CudaException e = assertThrows(CudaException.class, arena::close);
        assertEquals(700, e.status());
        assertEquals(List.of(0x3000L, 0x2000L, 0x1000L), fake.freed);
    }

    @Test
    void emptyRequestsStillGetAValidPointer() {
        FakeAllocator fake = new FakeAllocator();
        try (DeviceArena arena = new DeviceArena(fake)) {
            arena.doubles(0);
            assertEquals(List.of(8L), fake.requested);
        }
    }

    @Test
    void offsetsAreInDoubles() {
        assertEquals(0x1000 + 3 * 8, DeviceArena.offsetDoubles(MemorySegment.ofAddress(0x1000), 3).address());
    }
}
