package dev.spectral.internal.cuda;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.nio.file.Path;
import java.util.Optional;

/**
 * dlopen/dlsym/dlerror/dlinfo from libc, so that a library that fails to load says why (the JDK's
 * {@code SymbolLookup.libraryLookup} only says "Cannot open library") and a library found by the system loader says
 * where it came from. Libraries are opened RTLD_GLOBAL, so that cuBLAS finds an already loaded cuBLASLt by soname
 * when the two sit in different folders, and are never closed (CUDA libraries do not support unloading).
 */
@SuppressWarnings("restricted") // binding native code is this class's purpose (--enable-native-access is set)
final class Dl {
    private static final int RTLD_NOW = 0x2;
    private static final int RTLD_GLOBAL = 0x100;
    private static final int RTLD_DI_LINKMAP = 2;
    private static final Linker LINKER = Linker.nativeLinker();
    private static final MethodHandle DLOPEN = libc("dlopen", FunctionDescriptor.of(ADDRESS, ADDRESS, JAVA_INT));
    private static final MethodHandle DLSYM = libc("dlsym", FunctionDescriptor.of(ADDRESS, ADDRESS, ADDRESS));
    private static final MethodHandle DLERROR = libc("dlerror", FunctionDescriptor.of(ADDRESS));
    private static final MethodHandle DLINFO = libc("dlinfo", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, ADDRESS));

    private Dl() {}

    /** A library opened by {@link #open}: its symbols and the file the dynamic loader actually mapped. */
    record Opened(SymbolLookup symbols, Path file) {}

    /** Thrown when dlopen fails; the message is dlerror()'s. */
    static final class LoadException extends Exception {
        LoadException(String message) {
            super(message);
        }
    }

    /** Opens an absolute path, or a bare soname through the system loader's search (LD_LIBRARY_PATH, ld.so.cache). */
    static Opened open(String pathOrSoname) throws LoadException {
        return open(pathOrSoname, true);
    }

    /**
     * As {@link #open(String)}; {@code global = false} (RTLD_LOCAL) keeps the library's symbols out of the process's
     * global scope, for test doubles that must not stand in for a real library loaded later in the same JVM.
     */
    static Opened open(String pathOrSoname, boolean global) throws LoadException {
        int flags = RTLD_NOW | (global ? RTLD_GLOBAL : 0);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment handle;
            String error;
            // dlopen and dlerror are one critical section: dlerror's state is per thread, but the JDK itself uses dl*.
            synchronized (Dl.class) {
                handle = (MemorySegment) DLOPEN.invokeExact(arena.allocateFrom(pathOrSoname), flags);
                error = handle.equals(MemorySegment.NULL) ? cString((MemorySegment) DLERROR.invokeExact()) : null;
            }
            if (handle.equals(MemorySegment.NULL)) {
                throw new LoadException(error == null || error.isEmpty() ? "dlopen failed without a message" : error);
            }
            MemorySegment lib = handle;
            SymbolLookup symbols = name -> find(lib, name);
            return new Opened(symbols, mappedFile(handle, pathOrSoname));
        } catch (LoadException e) {
            throw e;
        } catch (Throwable t) {
            throw new LoadException("dlopen threw " + t);
        }
    }

    private static Optional<MemorySegment> find(MemorySegment handle, String name) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment address = (MemorySegment) DLSYM.invokeExact(handle, arena.allocateFrom(name));
            return address.equals(MemorySegment.NULL) ? Optional.empty() : Optional.of(address);
        } catch (Throwable t) {
            throw new IllegalStateException("dlsym(" + name + ") threw", t);
        }
    }

    /** struct link_map { ElfW(Addr) l_addr; char *l_name; ... }: l_name is the path the loader mapped. */
    private static Path mappedFile(MemorySegment handle, String fallback) throws Throwable {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment out = arena.allocate(ADDRESS);
            int rc = (int) DLINFO.invokeExact(handle, RTLD_DI_LINKMAP, out);
            if (rc != 0) {
                return Path.of(fallback);
            }
            MemorySegment map = out.get(ADDRESS, 0).reinterpret(2L * ADDRESS.byteSize());
            String name = cString(map.get(ADDRESS, ADDRESS.byteSize()));
            return Path.of(name == null || name.isEmpty() ? fallback : name);
        }
    }

    /** A NUL-terminated C string, or null for NULL. */
    static String cString(MemorySegment p) {
        return p.equals(MemorySegment.NULL) ? null : p.reinterpret(Long.MAX_VALUE).getString(0);
    }

    private static MethodHandle libc(String name, FunctionDescriptor fd) {
        return LINKER.downcallHandle(LINKER.defaultLookup().findOrThrow(name), fd);
    }
}
