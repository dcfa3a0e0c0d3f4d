package dev.spectral.internal.cuda;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;

/**
 * The CUDA driver API (libcuda.so.1): device names and memory for {@code spectral info}, and loading the fatbin of
 * Spectral's own kernels (cuModuleLoadData) and launching them. Modules are loaded into the primary context, which
 * the runtime API makes current when the device is selected, so the runtime and the driver share one context.
 */
final class DriverApi {
    static final int ATTR_COMPUTE_CAPABILITY_MAJOR = 75;
    static final int ATTR_COMPUTE_CAPABILITY_MINOR = 76;

    private final LibraryProbe.Found library;
    private final Downcall init;
    private final Downcall driverGetVersion;
    private final Downcall deviceGet;
    private final Downcall deviceGetName;
    private final Downcall deviceTotalMem;
    private final Downcall deviceGetAttribute;
    private final Downcall getErrorString;
    private final Downcall getErrorName;
    private final Downcall moduleLoadData;
    private final Downcall moduleGetFunction;
    private final Downcall moduleUnload;
    private final Downcall launchKernel;

    DriverApi(LibraryProbe.Found library) {
        this.library = library;
        Binder b = new Binder(library);
        init = b.bind("cuInit", FunctionDescriptor.of(JAVA_INT, JAVA_INT));
        driverGetVersion = b.bind("cuDriverGetVersion", FunctionDescriptor.of(JAVA_INT, ADDRESS));
        deviceGet = b.bind("cuDeviceGet", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));
        deviceGetName = b.bind("cuDeviceGetName", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT));
        deviceTotalMem = b.bind("cuDeviceTotalMem_v2", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));
        deviceGetAttribute = b.bind("cuDeviceGetAttribute", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT));
        getErrorString = b.bind("cuGetErrorString", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS));
        getErrorName = b.bind("cuGetErrorName", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS));
        moduleLoadData = b.bind("cuModuleLoadData", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS));
        moduleGetFunction = b.bind("cuModuleGetFunction", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS));
        moduleUnload = b.bind("cuModuleUnload", FunctionDescriptor.of(JAVA_INT, ADDRESS));
        // (f, gridX, gridY, gridZ, blockX, blockY, blockZ, sharedMemBytes, stream, kernelParams, extra)
        launchKernel = b.bind("cuLaunchKernel", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT, JAVA_INT,
                JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS, ADDRESS, ADDRESS));
    }

    LibraryProbe.Found library() {
        return library;
    }

    void check(String call, int status) {
        if (status != 0) {
            throw new CudaException(CudaException.message(call, describe(getErrorName, status, "CUDA_ERROR_UNKNOWN"),
                    status, describe(getErrorString, status, null)), status);
        }
    }

    private static String describe(Downcall h, int status, String fallback) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment out = arena.allocate(ADDRESS);
            int rc = (int) h.get().invokeExact(status, out);
            return rc == 0 ? Dl.cString(out.get(ADDRESS, 0)) : fallback;
        } catch (Throwable t) {
            throw Binder.unchecked(t);
        }
    }

    void init() {
        try {
            check("cuInit", (int) init.get().invokeExact(0));
        } catch (Throwable t) {
            throw Binder.unchecked(t);
        }
    }

    /** "13.0": the newest CUDA version this driver supports. */
    String version() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment out = arena.allocate(JAVA_INT);
            check("cuDriverGetVersion", (int) driverGetVersion.get().invokeExact(out));
            return CudaVersions.fromInt(out.get(JAVA_INT, 0));
        } catch (Throwable t) {
            throw Binder.unchecked(t);
        }
    }

    /** Name, total memory and compute capability of one device (after {@link #init}). */
    CudaDevice device(int ordinal) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment dev = arena.allocate(JAVA_INT);
            check("cuDeviceGet(" + ordinal + ")", (int) deviceGet.get().invokeExact(dev, ordinal));
            int handle = dev.get(JAVA_INT, 0);
            MemorySegment name = arena.allocate(256);
            check("cuDeviceGetName", (int) deviceGetName.get().invokeExact(name, 256, handle));
            MemorySegment bytes = arena.allocate(JAVA_LONG);
            check("cuDeviceTotalMem_v2", (int) deviceTotalMem.get().invokeExact(bytes, handle));
            MemorySegment value = arena.allocate(JAVA_INT);
            check("cuDeviceGetAttribute", (int) deviceGetAttribute.get().invokeExact(value, ATTR_COMPUTE_CAPABILITY_MAJOR, handle));
            int major = value.get(JAVA_INT, 0);
            check("cuDeviceGetAttribute", (int) deviceGetAttribute.get().invokeExact(value, ATTR_COMPUTE_CAPABILITY_MINOR, handle));
            int minor = value.get(JAVA_INT, 0);
            return new CudaDevice(ordinal, name.getString(0), bytes.get(JAVA_LONG, 0), major, minor);
        } catch (Throwable t) {
            throw Binder.unchecked(t);
        }
    }

    /** Loads a fatbin image into the current context; the image is copied by the driver. */
    MemorySegment loadModule(byte[] image) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment data = arena.allocate(image.length + 1L, 16);
            MemorySegment.copy(image, 0, data, JAVA_BYTE, 0, image.length);
            MemorySegment out = arena.allocate(ADDRESS);
            check("cuModuleLoadData", (int) moduleLoadData.get().invokeExact(out, data));
            return out.get(ADDRESS, 0);
        } catch (Throwable t) {
            throw Binder.unchecked(t);
        }
    }

    MemorySegment function(MemorySegment module, String name) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment out = arena.allocate(ADDRESS);
            check("cuModuleGetFunction(" + name + ")", (int) moduleGetFunction.get().invokeExact(out, module, arena.allocateFrom(name)));
            return out.get(ADDRESS, 0);
        } catch (Throwable t) {
            throw Binder.unchecked(t);
        }
    }

    void unloadModule(MemorySegment module) {
        try {
            check("cuModuleUnload", (int) moduleUnload.get().invokeExact(module));
        } catch (Throwable t) {
            throw Binder.unchecked(t);
        }
    }

    /** Launches on the default stream; {@code params} is the void*[] of pointers to each argument. */
    void launch(String name, MemorySegment function, int gridX, int gridY, int blockX, int blockY, MemorySegment params) {
        try {
            check("cuLaunchKernel(" + name + ")", (int) launchKernel.get().invokeExact(function, gridX, gridY, 1, blockX, blockY,
                    1, 0, MemorySegment.NULL, params, MemorySegment.NULL));
        } catch (Throwable t) {
            throw Binder.unchecked(t);
        }
    }
}
