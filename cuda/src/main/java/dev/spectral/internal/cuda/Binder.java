package dev.spectral.internal.cuda;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.util.Optional;

/** Downcall handles into one opened library; a missing symbol is a one-line error naming the symbol and the file. */
final class Binder {
    private final LibraryProbe.Found library;

    Binder(LibraryProbe.Found library) {
        this.library = library;
    }

    LibraryProbe.Found library() {
        return library;
    }

    Downcall bind(String symbol, FunctionDescriptor descriptor, Linker.Option... options) {
        return optional(symbol, descriptor, options).orElseThrow(() -> new CudaException(
                symbol + " is missing from " + library.file() + " (" + library.soname() + ")", 0));
    }

    Optional<Downcall> optional(String symbol, FunctionDescriptor descriptor, Linker.Option... options) {
        Optional<MemorySegment> address = library.symbols().find(symbol);
        return address.map(a -> new Downcall(a, descriptor, options));
    }

    /** invokeExact declares Throwable; the bindings rethrow it unchecked, keeping CudaException as it is. */
    static RuntimeException unchecked(Throwable t) {
        if (t instanceof RuntimeException r) {
            return r;
        }
        if (t instanceof Error e) {
            throw e;
        }
        return new IllegalStateException("native call threw " + t, t);
    }
}
