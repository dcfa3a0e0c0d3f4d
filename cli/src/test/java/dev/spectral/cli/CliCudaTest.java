package dev.spectral.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.spectral.Backends;
import dev.spectral.io.Npy;
import dev.spectral.matrix.DenseMatrix;
import dev.spectral.spi.Availability;
import dev.spectral.spi.BackendProvider;
import dev.spectral.spi.DenseBackend;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CLI on a machine without a GPU: --backend cuda stops with exit 2 and the reason; auto keeps the CPU. */
class CliCudaTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private BackendProvider cuda;
    private Availability availability;

    @BeforeEach
    void noGpu() {
        cuda = Backends.provider("cuda");
        availability = cuda.availability();
        assumeFalse(availability.available(), "a GPU is present: these tests are about a machine without one");
    }

    @Test
    void backendCudaStopsWithExitTwoAndTheOneLineReason() throws Exception {
        Path in = dir.resolve("a.npy");
        Npy.write(in, DenseMatrix.fromRows(new double[][] {{2, 1}, {1, 3}}));
        for (String command : new String[] {"eig", "svd", "logdet"}) {
            CliRun r = CliRun.of(command, "--input", in.toString(), "--backend", "cuda");
            assertEquals(ExitCodes.BAD_INPUT, r.exitCode(), r.err());
            assertEquals("spectral: error: backend 'cuda' is not available: " + availability.reasonLine(), r.err().strip());
            assertEquals("", r.out());
        }
    }

    @Test
    void autoChoosesTheCpuWhenTheGpuIsUnavailable() throws Exception {
        try (DenseBackend b = Backends.open("auto")) {
            assertEquals("cpu", b.name());
        }
        Path in = dir.resolve("a.npy");
        Npy.write(in, DenseMatrix.fromRows(new double[][] {{2, 0}, {0, 3}}));
        CliRun r = CliRun.of("logdet", "--input", in.toString(), "--backend", "auto", "--json");
        assertEquals(0, r.exitCode(), r.err());
        JsonNode j = JSON.readTree(r.out());
        assertEquals(Math.log(6), j.get("logdet").asDouble(), 1e-14);
        assertEquals("cpu", j.get("backend").asText());
    }

    @Test
    void infoListsTheCudaBackendWithItsReasonsAndLibraries() throws Exception {
        CliRun r = CliRun.of("info", "--json");
        assertEquals(0, r.exitCode(), r.err());
        JsonNode cudaInfo = null;
        for (JsonNode b : JSON.readTree(r.out()).get("backends")) {
            if (b.get("name").asText().equals("cuda")) {
                cudaInfo = b;
            }
        }
        assertTrue(cudaInfo != null, r.out());
        assertFalse(cudaInfo.get("available").asBoolean());
        assertEquals(availability.reasons().size(), cudaInfo.get("reasons").size());
        assertEquals(availability.details().size(), cudaInfo.get("details").size());
        // Every library is listed, found (with its file) or not (with the places searched).
        String details = cudaInfo.get("details").toString();
        for (String title : new String[] {"CUDA runtime", "cuBLAS", "cuSOLVER", "cuRAND", "NVIDIA driver API"}) {
            assertTrue(details.contains(title), title + " missing from " + details);
        }
        CliRun human = CliRun.of("info");
        assertTrue(human.out().contains("backend cuda: NOT available"), human.out());
        assertTrue(human.out().contains("  why not: " + availability.reasons().get(0)), human.out());
    }
}
