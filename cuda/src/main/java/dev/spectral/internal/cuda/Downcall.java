package dev.spectral.internal.cuda;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

/**
 * A resolved native function whose downcall handle is made on first use. Resolving (dlsym) is cheap and done at
 * binding time, so a missing symbol is still reported when the library is probed; making a handle costs milliseconds
 * on a cold JVM, and probing binds some forty functions that a CPU-only run never calls.
 */
final class Downcall {
    private static final Linker LINKER = Linker.nativeLinker();
    private final MemorySegment address;
    private final FunctionDescriptor descriptor;
    private final Linker.Option[] options;
    private volatile MethodHandle handle;

    Downcall(MemorySegment address, FunctionDescriptor descriptor, Linker.Option... options) {
        this.address = address;
        this.descriptor = descriptor;
        this.options = options.clone();
    }

    /** The handle; call it with invokeExact and the exact types of the descriptor. */
    @SuppressWarnings("restricted") // binding native code is this class's purpose (--enable-native-access is set)
    MethodHandle get() {
        MethodHandle h = handle;
        if (h == null) {
            h = LINKER.downcallHandle(address, descriptor, options);
            handle = h;
        }
        return h;
    }
}
