package dev.spectral.internal.cuda;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;

/**
 * cuRAND: only the version so far. The GPU estimators that will draw their probes from cuRAND are not written yet
 * (docs/gpu.md, next steps).
 */
final class CurandApi {
    private final LibraryProbe.Found library;
    private final Downcall getVersion;

    CurandApi(LibraryProbe.Found library) {
        this.library = library;
        getVersion = new Binder(library).bind("curandGetVersion", FunctionDescriptor.of(JAVA_INT, ADDRESS));
    }

    LibraryProbe.Found library() {
        return library;
    }

    static void check(String call, int status) {
        if (status != 0) {
            CudaStatus.Entry e = CudaStatus.curand(status);
            throw new CudaException(CudaException.message(call, e.name(), status, e.description()), status);
        }
    }

    /** "10.4.0" from curandGetVersion's 10400 (major·1000 + minor·100 + patch). */
    String version() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment out = arena.allocate(JAVA_INT);
            check("curandGetVersion", (int) getVersion.get().invokeExact(out));
            int v = out.get(JAVA_INT, 0);
            return (v / 1000) + "." + (v % 1000) / 100 + "." + v % 100;
        } catch (Throwable t) {
            throw Binder.unchecked(t);
        }
    }
}
