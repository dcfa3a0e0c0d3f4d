package dev.spectral.internal.cuda;

import static java.lang.foreign.ValueLayout.JAVA_INT;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.function.BiConsumer;

/** libraryPropertyType (MAJOR_VERSION = 0, MINOR_VERSION = 1, PATCH_LEVEL = 2) read through xxxGetProperty. */
final class LibraryProperty {
    private LibraryProperty() {}

    /** "13.1.0" from a cublasGetProperty-style function {@code status f(int type, int *value)}. */
    static String version(String call, Downcall getProperty, BiConsumer<String, Integer> check) {
        int[] parts = new int[3];
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment out = arena.allocate(JAVA_INT);
            for (int type = 0; type < 3; type++) {
                check.accept(call + "(" + type + ")", (int) getProperty.get().invokeExact(type, out));
                parts[type] = out.get(JAVA_INT, 0);
            }
        } catch (Throwable t) {
            throw Binder.unchecked(t);
        }
        return parts[0] + "." + parts[1] + "." + parts[2];
    }
}
