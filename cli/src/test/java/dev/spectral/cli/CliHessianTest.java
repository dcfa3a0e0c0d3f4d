package dev.spectral.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.spectral.nn.Dataset;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code spectral hessian} end to end on a tiny network and a few hundred Fashion-MNIST images. */
class CliHessianTest {
    @Test
    void smallAnalysisReportsConsistentNumbersAndPlots(@TempDir Path dir) throws Exception {
        Assumptions.assumeTrue(Files.exists(Dataset.FASHION_MNIST_DIR.resolve("t10k-labels-idx1-ubyte.gz")),
                "Fashion-MNIST is not installed");
        Path weights = dir.resolve("w.npy");
        CliRun r = CliRun.of("hessian", "--hidden", "8", "--train", "600", "--test", "300", "--epochs", "2",
                "--hessian-examples", "100", "--top-k", "6", "--trace-budget", "30", "--probes", "3", "--degree", "30",
                "--ntk-examples", "40", "--ntk-nugget", "0.01", "--plots", dir.toString(), "--save-weights", weights.toString(), "--json");
        assertEquals(0, r.exitCode(), r.err());
        JsonNode j = new ObjectMapper().readTree(r.out());
        int p = j.get("parameters").asInt();
        assertEquals(784 * 8 + 8 + 8 * 10 + 10, p);
        assertEquals(2, j.get("phases").size());
        for (JsonNode phase : j.get("phases")) {
            for (String m : new String[] {"hessian", "gauss_newton"}) {
                JsonNode c = phase.get(m);
                assertEquals(6, c.get("top_eigenvalues").size());
                assertEquals(p, c.get("density_integral").asDouble(), 1e-3 * p, "the density accounts for every eigenvalue");
                double trace = c.get("trace").asDouble();
                double err = 3 * Math.hypot(c.get("trace_standard_error").asDouble(),
                        c.get("trace_from_density_standard_error").asDouble());
                assertEquals(trace, c.get("trace_from_density").asDouble(), err, phase.get("phase") + " " + m + " trace");
                assertTrue(Files.size(Path.of(c.get("plot").asText())) > 1000);
            }
            // the Gauss-Newton matrix is positive semidefinite: its top eigenvalue bounds its trace / P from above
            assertTrue(phase.get("gauss_newton").get("top_eigenvalues").get(0).asDouble() > 0);
        }
        assertTrue(j.get("test_accuracy").asDouble() > 0.3, "two epochs on 600 images beat chance (0.1)");
        JsonNode ntk = j.get("ntk");
        assertTrue(ntk.get("problem") == null, String.valueOf(ntk.get("problem")));
        assertEquals(400, ntk.get("order").asInt());
        assertEquals(ntk.get("exact_logdet").asDouble(), ntk.get("slq_logdet").asDouble(),
                4 * ntk.get("slq_standard_error").asDouble() + 1e-6 * Math.abs(ntk.get("exact_logdet").asDouble()));
        // reloading the weights skips training and reproduces the trained phase
        CliRun again = CliRun.of("hessian", "--hidden", "8", "--train", "600", "--test", "300", "--no-init",
                "--hessian-examples", "100", "--top-k", "6", "--trace-budget", "30", "--probes", "3", "--degree", "30",
                "--ntk-examples", "0", "--load-weights", weights.toString(), "--json");
        assertEquals(0, again.exitCode(), again.err());
        JsonNode k = new ObjectMapper().readTree(again.out());
        assertEquals(j.get("phases").get(1).get("hessian").get("top_eigenvalues").get(0).asDouble(),
                k.get("phases").get(0).get("hessian").get("top_eigenvalues").get(0).asDouble(), 1e-9);
    }

    @Test
    void badOptionsGiveOneLine() {
        for (String[] args : new String[][] {
                {"hessian", "--hidden", "0"},
                {"hessian", "--train", "100", "--hessian-examples", "200"},
                {"hessian", "--activation", "sigmoid"}}) {
            CliRun r = CliRun.of(args);
            assertEquals(2, r.exitCode(), String.join(" ", args) + ": " + r.err());
            assertEquals(1, r.err().strip().lines().count(), r.err());
        }
    }
}
