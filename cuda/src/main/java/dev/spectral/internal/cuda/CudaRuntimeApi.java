package dev.spectral.internal.cuda;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_DOUBLE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;

/**
 * The CUDA runtime API (libcudart), the calls Spectral needs. Every status is checked: a failure throws
 * {@link CudaException} naming the call with cudaGetErrorName and cudaGetErrorString. The current device is per host
 * thread in CUDA, so callers select it ({@link #setDevice}) on the thread that then does the work.
 */
final class CudaRuntimeApi implements DeviceAllocator {
    static final int MEMCPY_HOST_TO_DEVICE = 1;
    static final int MEMCPY_DEVICE_TO_HOST = 2;
    /**
     * Host-device copies go straight from and to the Java arrays (critical downcalls may read the heap) in chunks of
     * this many bytes: no staging copy and no full-size native buffer, and the garbage collector, which a critical
     * call holds off, waits at most one chunk's copy (a few milliseconds).
     */
    static final long COPY_CHUNK_BYTES = 64L << 20;

    private final LibraryProbe.Found library;
    private final Downcall getDeviceCount;
    private final Downcall setDevice;
    private final Downcall malloc;
    private final Downcall free;
    private final Downcall memcpyHeap;
    private final Downcall memGetInfo;
    private final Downcall runtimeGetVersion;
    private final Downcall getErrorString;
    private final Downcall getErrorName;
    private final Downcall deviceSynchronize;

    CudaRuntimeApi(LibraryProbe.Found library) {
        this.library = library;
        Binder b = new Binder(library);
        FunctionDescriptor intOfPtr = FunctionDescriptor.of(JAVA_INT, ADDRESS);
        getDeviceCount = b.bind("cudaGetDeviceCount", intOfPtr);
        setDevice = b.bind("cudaSetDevice", FunctionDescriptor.of(JAVA_INT, JAVA_INT));
        malloc = b.bind("cudaMalloc", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG));
        free = b.bind("cudaFree", intOfPtr);
        memcpyHeap = b.bind("cudaMemcpy", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, JAVA_LONG, JAVA_INT),
                Linker.Option.critical(true));
        memGetInfo = b.bind("cudaMemGetInfo", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS));
        runtimeGetVersion = b.bind("cudaRuntimeGetVersion", intOfPtr);
        getErrorString = b.bind("cudaGetErrorString", FunctionDescriptor.of(ADDRESS, JAVA_INT));
        getErrorName = b.bind("cudaGetErrorName", FunctionDescriptor.of(ADDRESS, JAVA_INT));
        deviceSynchronize = b.bind("cudaDeviceSynchronize", FunctionDescriptor.of(JAVA_INT));
    }

    LibraryProbe.Found library() {
        return library;
    }

    /** Throws unless status is cudaSuccess. */
    void check(String call, int status) {
        if (status != 0) {
            throw new CudaException(CudaException.message(call, errorName(status), status, errorString(status)), status);
        }
    }

    String errorString(int status) {
        try {
            return Dl.cString((MemorySegment) getErrorString.get().invokeExact(status));
        } catch (Throwable t) {
            throw Binder.unchecked(t);
        }
    }

    String errorName(int status) {
        try {
            return Dl.cString((MemorySegment) getErrorName.get().invokeExact(status));
        } catch (Throwable t) {
            throw Binder.unchecked(t);
        }
    }

    /** The number of devices; throws with the runtime's reason (no driver, no device, ...) when it cannot tell. */
    int deviceCount() {
        return intOut("cudaGetDeviceCount", getDeviceCount);
    }

    /** "13.0" from cudaRuntimeGetVersion's 13000. */
    String runtimeVersion() {
        return CudaVersions.fromInt(intOut("cudaRuntimeGetVersion", runtimeGetVersion));
    }

    void setDevice(int ordinal) {
        try {
            check("cudaSetDevice(" + ordinal + ")", (int) setDevice.get().invokeExact(ordinal));
        } catch (Throwable t) {
            throw Binder.unchecked(t);
        }
    }

    /** Free and total bytes of the current device. */
    long[] memoryInfo() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment free = arena.allocate(JAVA_LONG);
            MemorySegment total = arena.allocate(JAVA_LONG);
            check("cudaMemGetInfo", (int) memGetInfo.get().invokeExact(free, total));
            return new long[] {free.get(JAVA_LONG, 0), total.get(JAVA_LONG, 0)};
        } catch (Throwable t) {
            throw Binder.unchecked(t);
        }
    }

    @Override
    public MemorySegment malloc(long bytes) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment out = arena.allocate(ADDRESS);
            check("cudaMalloc(" + bytes + " bytes)", (int) malloc.get().invokeExact(out, bytes));
            return out.get(ADDRESS, 0);
        } catch (Throwable t) {
            throw Binder.unchecked(t);
        }
    }

    @Override
    public void free(MemorySegment devicePointer) {
        try {
            check("cudaFree", (int) free.get().invokeExact(devicePointer));
        } catch (Throwable t) {
            throw Binder.unchecked(t);
        }
    }

    /** Copies {@code count} doubles of {@code src} from {@code offset} to the device. */
    @Override
    public void upload(double[] src, int offset, int count, MemorySegment device) {
        copy(MemorySegment.ofArray(src).asSlice(offset * JAVA_DOUBLE.byteSize(), count * JAVA_DOUBLE.byteSize()),
                device, true);
    }

    /** Copies {@code count} doubles from the device into {@code dst} from {@code offset}. */
    void download(MemorySegment device, double[] dst, int offset, int count) {
        copy(MemorySegment.ofArray(dst).asSlice(offset * JAVA_DOUBLE.byteSize(), count * JAVA_DOUBLE.byteSize()),
                device, false);
    }

    /** Copies {@code count} ints from device to host. */
    int[] downloadInts(MemorySegment device, int count) {
        int[] out = new int[count];
        copy(MemorySegment.ofArray(out), device, false);
        return out;
    }

    /** Chunked cudaMemcpy between a heap segment and device memory. */
    private void copy(MemorySegment heap, MemorySegment device, boolean toDevice) {
        long total = heap.byteSize();
        String what = toDevice ? "cudaMemcpy(host to device, " : "cudaMemcpy(device to host, ";
        try {
            for (long done = 0; done < total; done += COPY_CHUNK_BYTES) {
                long bytes = Math.min(COPY_CHUNK_BYTES, total - done);
                MemorySegment host = heap.asSlice(done, bytes);
                MemorySegment dev = MemorySegment.ofAddress(device.address() + done);
                int status = toDevice
                        ? (int) memcpyHeap.get().invokeExact(dev, host, bytes, MEMCPY_HOST_TO_DEVICE)
                        : (int) memcpyHeap.get().invokeExact(host, dev, bytes, MEMCPY_DEVICE_TO_HOST);
                check(what + bytes + " bytes at offset " + done + ")", status);
            }
        } catch (Throwable t) {
            throw Binder.unchecked(t);
        }
    }

    void synchronize() {
        try {
            check("cudaDeviceSynchronize", (int) deviceSynchronize.get().invokeExact());
        } catch (Throwable t) {
            throw Binder.unchecked(t);
        }
    }

    private int intOut(String call, Downcall h) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment out = arena.allocate(JAVA_INT);
            check(call, (int) h.get().invokeExact(out));
            return out.get(JAVA_INT, 0);
        } catch (Throwable t) {
            throw Binder.unchecked(t);
        }
    }
}
