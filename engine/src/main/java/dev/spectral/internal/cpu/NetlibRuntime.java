package dev.spectral.internal.cpu;

import dev.ludovic.netlib.arpack.ARPACK;
import dev.ludovic.netlib.blas.BLAS;
import dev.ludovic.netlib.lapack.LAPACK;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The netlib instances in use and what is known about the native library behind them. netlib falls back to a pure
 * Java implementation when no native BLAS/LAPACK loads; that is correct but slow, and is reported once, on one line.
 */
public final class NetlibRuntime {
    private static final NetlibRuntime INSTANCE = new NetlibRuntime();

    private final BLAS blas;
    private final LAPACK lapack;
    private final ARPACK arpack;
    private final Optional<String> openblasConfig;
    private final int openblasThreads;

    private NetlibRuntime() {
        // netlib logs several multi-line warnings while probing; our own one-line notice replaces them.
        Logger.getLogger("dev.ludovic.netlib").setLevel(Level.OFF);
        blas = BLAS.getInstance();
        lapack = LAPACK.getInstance();
        arpack = ARPACK.getInstance();
        String config = null;
        int threads = -1;
        try {
            Arena arena = Arena.global();
            SymbolLookup lib = SymbolLookup.libraryLookup("libopenblas.so.0", arena);
            Linker linker = Linker.nativeLinker();
            MethodHandle getConfig = linker.downcallHandle(
                    lib.find("openblas_get_config").orElseThrow(), FunctionDescriptor.of(ValueLayout.ADDRESS));
            MethodHandle getThreads = linker.downcallHandle(
                    lib.find("openblas_get_num_threads").orElseThrow(), FunctionDescriptor.of(ValueLayout.JAVA_INT));
            MemorySegment s = (MemorySegment) getConfig.invokeExact();
            config = s.reinterpret(1024).getString(0);
            threads = (int) getThreads.invokeExact();
        } catch (Throwable t) {
            // No OpenBLAS (another native BLAS, or none): the info command says "unknown".
        }
        openblasConfig = Optional.ofNullable(config);
        openblasThreads = threads;
        if (!isNative()) {
            System.err.println("spectral: warning: no native BLAS/LAPACK found (install libopenblas0-pthread); "
                    + "using netlib's pure-Java fallback, which is much slower");
        }
    }

    public static NetlibRuntime get() {
        return INSTANCE;
    }

    public BLAS blas() {
        return blas;
    }

    public LAPACK lapack() {
        return lapack;
    }

    public ARPACK arpack() {
        return arpack;
    }

    /** True when both BLAS and LAPACK are the JNI (native) implementations. */
    public boolean isNative() {
        return blas.getClass().getSimpleName().startsWith("JNI") && lapack.getClass().getSimpleName().startsWith("JNI");
    }

    /** OpenBLAS's build string ("OpenBLAS 0.3.21 DYNAMIC_ARCH ... Haswell MAX_THREADS=64"), when OpenBLAS is loaded. */
    public Optional<String> openblasConfig() {
        return openblasConfig;
    }

    /** OpenBLAS's thread count, or -1 when unknown. */
    public int openblasThreads() {
        return openblasThreads;
    }

    /** One short line for results: "OpenBLAS 0.3.21 (2 threads)" or "netlib pure Java". */
    public String deviceLine() {
        if (!isNative()) {
            return "netlib pure Java (no native BLAS)";
        }
        String lib = openblasConfig.map(c -> c.split(" ").length >= 2 ? c.split(" ")[0] + " " + c.split(" ")[1] : c)
                .orElse("native BLAS");
        return lib + (openblasThreads > 0 ? " (" + openblasThreads + " threads)" : "");
    }

    /** The dev.ludovic.netlib version, read from the Maven metadata in its jar. */
    public static String netlibVersion() {
        try (var in = BLAS.class.getResourceAsStream("/META-INF/maven/dev.ludovic.netlib/blas/pom.properties")) {
            if (in == null) {
                return "unknown";
            }
            var props = new java.util.Properties();
            props.load(in);
            return props.getProperty("version", "unknown");
        } catch (java.io.IOException e) {
            return "unknown";
        }
    }

    /** Lines for {@code spectral info}. */
    public List<String> describe() {
        List<String> lines = new ArrayList<>();
        lines.add("BLAS implementation: " + blas.getClass().getName());
        lines.add("LAPACK implementation: " + lapack.getClass().getName());
        lines.add("ARPACK implementation: " + arpack.getClass().getName());
        lines.add("native: " + (isNative() ? "yes" : "no (pure-Java fallback)"));
        lines.add("OpenBLAS: " + openblasConfig.orElse("not loaded"));
        lines.add("OpenBLAS threads: " + (openblasThreads > 0 ? openblasThreads : "unknown"));
        lines.add("dev.ludovic.netlib: " + netlibVersion());
        return lines;
    }
}
