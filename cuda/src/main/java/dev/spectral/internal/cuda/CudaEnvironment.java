package dev.spectral.internal.cuda;

import dev.spectral.spi.Availability;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * What this machine offers for CUDA: each library found (file, version) or why not, the driver, and each GPU or why
 * there is none. Probing opens the libraries (dlopen) but allocates nothing on a device. {@link #system()} probes once
 * per JVM.
 */
final class CudaEnvironment {
    /** Where the driver library may live besides the system loader's path (containers, WSL); never a toolkit. */
    private static final List<Path> DRIVER_DIRS = List.of(Path.of("/usr/local/nvidia/lib64"), Path.of("/usr/lib/wsl/lib"));
    private static final List<CudaLibrary> TOOLKIT = List.of(CudaLibrary.CUDART, CudaLibrary.CUBLASLT, CudaLibrary.CUBLAS,
            CudaLibrary.NVJITLINK, CudaLibrary.CUSPARSE, CudaLibrary.CUSOLVER, CudaLibrary.CURAND);

    private final Map<CudaLibrary, LibraryProbe.Result> results;
    private final List<String> reasons = new ArrayList<>();
    private final List<String> details = new ArrayList<>();
    private final List<CudaDevice> devices = new ArrayList<>();
    private CudaRuntimeApi runtime;
    private CublasApi cublas;
    private CusolverApi cusolver;
    private DriverApi driver;
    private int deviceCount;

    private CudaEnvironment(Map<CudaLibrary, LibraryProbe.Result> results) {
        this.results = results;
    }

    private static final class Holder {
        static final CudaEnvironment SYSTEM = probe(
                SearchPlaces.of(System.getenv(), Path.of("/usr/local"), PythonSitePackages.find(System.getenv())),
                new SearchPlaces(DRIVER_DIRS.stream().map(d -> new SearchPlaces.Place(d.toString(), d)).toList())
                        .existing(),
                Dl::open);
    }

    /** This machine, probed once. */
    static CudaEnvironment system() {
        return Holder.SYSTEM;
    }

    /** Probes with the given places and loader (tests use fake folders and loaders). */
    static CudaEnvironment probe(SearchPlaces toolkit, SearchPlaces driverPlaces, LibraryProbe.Loader loader) {
        Map<CudaLibrary, LibraryProbe.Result> results = new EnumMap<>(CudaLibrary.class);
        results.put(CudaLibrary.DRIVER, LibraryProbe.probe(CudaLibrary.DRIVER, driverPlaces, loader));
        for (CudaLibrary lib : TOOLKIT) {
            results.put(lib, LibraryProbe.probe(lib, toolkit, loader));
        }
        CudaEnvironment env = new CudaEnvironment(results);
        env.inspect();
        return env;
    }

    private void inspect() {
        if (results.get(CudaLibrary.DRIVER) instanceof LibraryProbe.Missing m) {
            reasons.add("no NVIDIA driver: " + m.reason());
        } else {
            driver = bind("the driver API", CudaLibrary.DRIVER, DriverApi::new);
        }
        runtime = bind("the CUDA runtime", CudaLibrary.CUDART, CudaRuntimeApi::new);
        cublas = bind("cuBLAS", CudaLibrary.CUBLAS, CublasApi::new);
        cusolver = bind("cuSOLVER", CudaLibrary.CUSOLVER, CusolverApi::new);
        CurandApi curand = bind("cuRAND", CudaLibrary.CURAND, CurandApi::new);
        detail(CudaLibrary.DRIVER, driver == null ? null : driver::version);
        detail(CudaLibrary.CUDART, runtime == null ? null : runtime::runtimeVersion);
        detail(CudaLibrary.CUBLAS, cublas == null ? null : cublas::version);
        detail(CudaLibrary.CUSOLVER, cusolver == null ? null : cusolver::version);
        detail(CudaLibrary.CURAND, curand == null ? null : curand::version);
        for (CudaLibrary dep : List.of(CudaLibrary.CUBLASLT, CudaLibrary.NVJITLINK, CudaLibrary.CUSPARSE)) {
            if (results.get(dep) instanceof LibraryProbe.Found f) {
                details.add(describe(f, null));
            }
        }
        mixedReleases().ifPresent(details::add);
        if (runtime == null) {
            return;
        }
        try {
            deviceCount = runtime.deviceCount();
        } catch (CudaException e) {
            LibraryProbe.Found f = runtime.library();
            reasons.add(f.soname() + " (" + f.file() + ") cannot reach a GPU: " + e.getMessage());
            return;
        }
        if (deviceCount == 0) {
            reasons.add("no CUDA device: cudaGetDeviceCount returned 0");
            return;
        }
        if (driver != null) {
            try {
                driver.init();
                for (int i = 0; i < deviceCount; i++) {
                    CudaDevice d = driver.device(i);
                    devices.add(d);
                    details.add(d.describe());
                }
            } catch (CudaException e) {
                details.add("GPU details unavailable: " + e.getMessage());
            }
        } else {
            details.add(deviceCount + " GPU(s) seen by the runtime (no driver API for their names)");
        }
    }

    /**
     * A warning when the libraries come from different CUDA releases (CUDA 13 ships cudart 13, cuBLAS 13, cuSOLVER 12;
     * CUDA 12 ships cudart 12, cuBLAS 12, cuSOLVER 11): mixing them may work or fail in ways that are hard to read.
     */
    java.util.Optional<String> mixedReleases() {
        if (!(results.get(CudaLibrary.CUDART) instanceof LibraryProbe.Found rt)) {
            return java.util.Optional.empty();
        }
        List<String> odd = new ArrayList<>();
        if (results.get(CudaLibrary.CUBLAS) instanceof LibraryProbe.Found b && b.major() != rt.major()) {
            odd.add(b.soname());
        }
        if (results.get(CudaLibrary.CUSOLVER) instanceof LibraryProbe.Found s && s.major() != rt.major() - 1) {
            odd.add(s.soname());
        }
        return odd.isEmpty() ? java.util.Optional.empty() : java.util.Optional.of("warning: " + rt.soname()
                + " is from CUDA " + rt.major() + " but " + String.join(" and ", odd) + " from another CUDA release");
    }

    private interface Factory<T> {
        T create(LibraryProbe.Found found);
    }

    private interface Version {
        String get();
    }

    /** Binds a found library; a missing one or one missing a symbol becomes a reason (the driver's is added above). */
    private <T> T bind(String what, CudaLibrary lib, Factory<T> factory) {
        LibraryProbe.Result r = results.get(lib);
        if (r instanceof LibraryProbe.Found f) {
            try {
                return factory.create(f);
            } catch (CudaException e) {
                reasons.add(what + " is unusable: " + e.getMessage());
                return null;
            }
        }
        if (lib != CudaLibrary.DRIVER && lib != CudaLibrary.CURAND) {
            reasons.add("no " + lib.title() + ": " + ((LibraryProbe.Missing) r).reason());
        }
        return null;
    }

    private void detail(CudaLibrary lib, Version version) {
        switch (results.get(lib)) {
            case LibraryProbe.Found f -> {
                String v;
                try {
                    v = version == null ? null : version.get();
                } catch (CudaException e) {
                    v = "version unknown: " + e.getMessage();
                }
                details.add(describe(f, v));
            }
            case LibraryProbe.Missing m -> details.add(lib.title() + ": " + m.reason());
        }
    }

    /** "cuBLAS 13.1.0: libcublas.so.13 at /x/libcublas.so.13 (found in CUDA_HOME=/x)". */
    private static String describe(LibraryProbe.Found f, String version) {
        return f.library().title() + (version == null ? "" : " " + version) + ": " + f.soname() + " at " + f.file()
                + " (found " + (f.place().equals(LibraryProbe.SYSTEM_LOADER) ? "by " : "in ") + f.place() + ")";
    }

    Availability availability() {
        boolean ok = reasons.isEmpty() && runtime != null && cublas != null && cusolver != null && deviceCount > 0;
        if (ok) {
            return Availability.yes(details);
        }
        List<String> why = reasons.isEmpty() ? List.of("the CUDA libraries are incomplete") : reasons;
        return Availability.no(why, details);
    }

    LibraryProbe.Result result(CudaLibrary lib) {
        return results.get(lib);
    }

    CudaRuntimeApi runtime() {
        return runtime;
    }

    CublasApi cublas() {
        return cublas;
    }

    CusolverApi cusolver() {
        return cusolver;
    }

    /** The driver API, or null without a driver. */
    DriverApi driver() {
        return driver;
    }

    List<CudaDevice> devices() {
        return List.copyOf(devices);
    }

    int deviceCount() {
        return deviceCount;
    }
}
