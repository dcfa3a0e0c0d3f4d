package dev.spectral.internal.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.spectral.spi.Availability;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The availability reasons and details, on fake folders and on this machine as it is. */
class CudaEnvironmentTest {
    @TempDir
    Path root;

    private static final LibraryProbe.Loader NOTHING_LOADS = name -> {
        throw new Dl.LoadException(name + ": cannot open shared object file: No such file or directory");
    };

    @Test
    void withNoLibrariesTheReasonsNameEachMissingLibraryAndWhereItWasSought() throws IOException {
        Path lib = Files.createDirectories(root.resolve("cuda/lib64"));
        SearchPlaces toolkit = new SearchPlaces(List.of(new SearchPlaces.Place("CUDA_HOME=" + root, lib)));
        CudaEnvironment env = CudaEnvironment.probe(toolkit, new SearchPlaces(List.of()), NOTHING_LOADS);
        Availability a = env.availability();
        assertFalse(a.available());
        assertEquals(List.of(
                "no NVIDIA driver: libcuda.so.1 not found by the system loader",
                "no CUDA runtime: libcudart.so.13 or libcudart.so.12 not found in " + lib + ", nor by the system loader",
                "no cuBLAS: libcublas.so.13 or libcublas.so.12 not found in " + lib + ", nor by the system loader",
                "no cuSOLVER: libcusolver.so.12 or libcusolver.so.11 not found in " + lib + ", nor by the system loader"),
                a.reasons());
        // spectral info lists every library, found or not; cuRAND is optional, so it is a detail, not a reason.
        assertTrue(a.details().contains("cuRAND: libcurand.so.10 not found in " + lib + ", nor by the system loader"),
                a.details().toString());
        assertEquals(0, env.deviceCount());
    }

    @Test
    void aFileThatWillNotLoadIsReportedWithTheLoadersMessage() throws IOException {
        Path lib = Files.createDirectories(root.resolve("lib"));
        // cuBLAS, not the runtime: this machine's system loader may know a real libcudart.
        Path junk = Files.writeString(lib.resolve("libcublas.so.13"), "junk");
        SearchPlaces toolkit = new SearchPlaces(List.of(new SearchPlaces.Place("SPECTRAL_CUDA_HOME=" + lib, lib)));
        CudaEnvironment env = CudaEnvironment.probe(toolkit, new SearchPlaces(List.of()), Dl::open);
        String line = env.availability().reasonLine();
        assertTrue(line.contains("no cuBLAS: libcublas.so.13 or libcublas.so.12 not found in " + lib
                + ", nor by the system loader (" + junk + " would not load: " + junk + ": "), line);
    }

    /** This machine: CUDA 13's libcudart under /usr/local/cuda-13.0 but no driver (the described set-up). */
    @Test
    void thisMachineSaysWhyThereIsNoGpu() {
        CudaEnvironment env = CudaEnvironment.system();
        Availability a = env.availability();
        assumeFalse(a.available(), "a GPU is present: the reasons for its absence cannot be tested");
        assertFalse(a.reasons().isEmpty());
        assertTrue(a.reasons().stream().noneMatch(String::isBlank));
        if (env.result(CudaLibrary.CUDART) instanceof LibraryProbe.Found f) {
            // The runtime is there; it must say in its own words why it reaches no GPU, and give its version.
            assertTrue(a.reasonLine().contains(f.soname() + " (" + f.file() + ") cannot reach a GPU: cudaGetDeviceCount failed: "),
                    a.reasonLine());
            assertTrue(a.details().stream().anyMatch(d -> d.startsWith("CUDA runtime " + env.runtime().runtimeVersion()
                    + ": " + f.soname() + " at " + f.file())), a.details().toString());
        } else {
            assertTrue(a.reasonLine().contains("no CUDA runtime: libcudart.so.13 or libcudart.so.12 not found"), a.reasonLine());
        }
    }

    @Test
    void withoutADriverTheRuntimeReportsInsufficientDriver() {
        CudaEnvironment env = CudaEnvironment.system();
        assumeTrue(env.result(CudaLibrary.CUDART) instanceof LibraryProbe.Found, "no libcudart on this machine");
        assumeTrue(env.result(CudaLibrary.DRIVER) instanceof LibraryProbe.Missing, "an NVIDIA driver is installed here");
        String line = env.availability().reasonLine();
        assertTrue(line.startsWith("no NVIDIA driver: libcuda.so.1 not found"), line);
        // cudaErrorInsufficientDriver (35) is what CUDA 12 and 13 runtimes return when libcuda.so.1 is absent.
        assertTrue(line.contains("cudaGetDeviceCount failed: cudaErrorInsufficientDriver (35): "
                + "CUDA driver version is insufficient for CUDA runtime version"), line);
    }
}
