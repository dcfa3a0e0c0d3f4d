package dev.spectral.internal.cuda;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_DOUBLE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

/**
 * The CUDA runtime API (libcudart), the calls Spectral needs. Every status is checked: a failure throws
 * {@link CudaException} naming the call with cudaGetErrorName and cudaGetErrorString. The current device is per host
 * thread in CUDA, so callers select it ({@link #setDevice}) on the thread that then does the work.
 */
final class CudaRuntimeApi implements DeviceAllocator {
    static final int MEMCPY_HOST_TO_DEVICE = 1;
    static final int MEMCPY_DEVICE_TO_HOST = 2;
    static final int ATTR_COMPUTE_CAPABILITY_MAJOR = 75;
    static final int ATTR_COMPUTE_CAPABILITY_MINOR = 76;

    private final LibraryProbe.Found library;
    private final MethodHandle getDeviceCount;
    private final MethodHandle setDevice;
    private final MethodHandle getDevice;
    private final MethodHandle malloc;
    private final MethodHandle free;
    private final MethodHandle memcpy;
    private final MethodHandle memset;
    private final MethodHandle memGetInfo;
    private final MethodHandle runtimeGetVersion;
    private final MethodHandle driverGetVersion;
    private final MethodHandle getErrorString;
    private final MethodHandle getErrorName;
    private final MethodHandle deviceGetAttribute;
    private final MethodHandle deviceSynchronize;

    CudaRuntimeApi(LibraryProbe.Found library) {
        this.library = library;
        Binder b = new Binder(library);
        FunctionDescriptor intOfPtr = FunctionDescriptor.of(JAVA_INT, ADDRESS);
        getDeviceCount = b.bind("cudaGetDeviceCount", intOfPtr);
        setDevice = b.bind("cudaSetDevice", FunctionDescriptor.of(JAVA_INT, JAVA_INT));
        getDevice = b.bind("cudaGetDevice", intOfPtr);
        malloc = b.bind("cudaMalloc", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG));
        free = b.bind("cudaFree", intOfPtr);
        memcpy = b.bind("cudaMemcpy", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, JAVA_LONG, JAVA_INT));
        memset = b.bind("cudaMemset", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_LONG));
        memGetInfo = b.bind("cudaMemGetInfo", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS));
        runtimeGetVersion = b.bind("cudaRuntimeGetVersion", intOfPtr);
        driverGetVersion = b.bind("cudaDriverGetVersion", intOfPtr);
        getErrorString = b.bind("cudaGetErrorString", FunctionDescriptor.of(ADDRESS, JAVA_INT));
        getErrorName = b.bind("cudaGetErrorName", FunctionDescriptor.of(ADDRESS, JAVA_INT));
        deviceGetAttribute = b.bind("cudaDeviceGetAttribute", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT));
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
            return Dl.cString((MemorySegment) getErrorString.invokeExact(status));
        } catch (Throwable t) {
            throw Binder.unchecked(t);
        }
    }

    String errorName(int status) {
        try {
            return Dl.cString((MemorySegment) getErrorName.invokeExact(status));
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

    /** The CUDA version the installed driver supports, or 0 when there is no driver. */
    int driverVersion() {
        return intOut("cudaDriverGetVersion", driverGetVersion);
    }

    void setDevice(int ordinal) {
        try {
            check("cudaSetDevice(" + ordinal + ")", (int) setDevice.invokeExact(ordinal));
        } catch (Throwable t) {
            throw Binder.unchecked(t);
        }
    }

    int device() {
        return intOut("cudaGetDevice", getDevice);
    }

    int attribute(int attribute, int ordinal) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment out = arena.allocate(JAVA_INT);
            check("cudaDeviceGetAttribute(" + attribute + ", " + ordinal + ")",
                    (int) deviceGetAttribute.invokeExact(out, attribute, ordinal));
            return out.get(JAVA_INT, 0);
        } catch (Throwable t) {
            throw Binder.unchecked(t);
        }
    }

    /** Free and total bytes of the current device. */
    long[] memoryInfo() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment free = arena.allocate(JAVA_LONG);
            MemorySegment total = arena.allocate(JAVA_LONG);
            check("cudaMemGetInfo", (int) memGetInfo.invokeExact(free, total));
            return new long[] {free.get(JAVA_LONG, 0), total.get(JAVA_LONG, 0)};
        } catch (Throwable t) {
            throw Binder.unchecked(t);
        }
    }

    @Override
    public MemorySegment malloc(long bytes) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment out = arena.allocate(ADDRESS);
            check("cudaMalloc(" + bytes + " bytes)", (int) malloc.invokeExact(out, bytes));
            return out.get(ADDRESS, 0);
        } catch (Throwable t) {
            throw Binder.unchecked(t);
        }
    }

    @Override
    public void free(MemorySegment devicePointer) {
        try {
            check("cudaFree", (int) free.invokeExact(devicePointer));
        } catch (Throwable t) {
            throw Binder.unchecked(t);
        }
    }

    void memset(MemorySegment devicePointer, int value, long bytes) {
        try {
            check("cudaMemset", (int) memset.invokeExact(devicePointer, value, bytes));
        } catch (Throwable t) {
            throw Binder.unchecked(t);
        }
    }

    /** Copies {@code count} doubles from host to device, staged through native memory. */
    @Override
    public void upload(double[] src, int offset, int count, MemorySegment device) {
        long bytes = count * JAVA_DOUBLE.byteSize();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment host = arena.allocate(JAVA_DOUBLE, Math.max(1, count));
            MemorySegment.copy(src, offset, host, JAVA_DOUBLE, 0, count);
            check("cudaMemcpy(host to device, " + bytes + " bytes)",
                    (int) memcpy.invokeExact(device, host, bytes, MEMCPY_HOST_TO_DEVICE));
        } catch (Throwable t) {
            throw Binder.unchecked(t);
        }
    }

    /** Copies {@code count} doubles from device to host. */
    void download(MemorySegment device, double[] dst, int offset, int count) {
        long bytes = count * JAVA_DOUBLE.byteSize();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment host = arena.allocate(JAVA_DOUBLE, Math.max(1, count));
            check("cudaMemcpy(device to host, " + bytes + " bytes)",
                    (int) memcpy.invokeExact(host, device, bytes, MEMCPY_DEVICE_TO_HOST));
            MemorySegment.copy(host, JAVA_DOUBLE, 0, dst, offset, count);
        } catch (Throwable t) {
            throw Binder.unchecked(t);
        }
    }

    /** Copies {@code count} ints from device to host. */
    int[] downloadInts(MemorySegment device, int count) {
        long bytes = count * JAVA_INT.byteSize();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment host = arena.allocate(JAVA_INT, Math.max(1, count));
            check("cudaMemcpy(device to host, " + bytes + " bytes)",
                    (int) memcpy.invokeExact(host, device, bytes, MEMCPY_DEVICE_TO_HOST));
            return host.asSlice(0, bytes).toArray(JAVA_INT);
        } catch (Throwable t) {
            throw Binder.unchecked(t);
        }
    }

    void synchronize() {
        try {
            check("cudaDeviceSynchronize", (int) deviceSynchronize.invokeExact());
        } catch (Throwable t) {
            throw Binder.unchecked(t);
        }
    }

    private int intOut(String call, MethodHandle h) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment out = arena.allocate(JAVA_INT);
            check(call, (int) h.invokeExact(out));
            return out.get(JAVA_INT, 0);
        } catch (Throwable t) {
            throw Binder.unchecked(t);
        }
    }
}
