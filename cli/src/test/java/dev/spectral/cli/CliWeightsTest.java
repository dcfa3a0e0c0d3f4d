package dev.spectral.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.spectral.io.Npy;
import dev.spectral.matrix.DenseMatrix;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CliWeightsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void gaussianLayerFitsMarchenkoPasturWithUnitVariance() throws Exception {
        // W: 600 x 200 i.i.d. N(0, 1), so WᵀW/N follows MP(γ = 1/3, σ² = 1). The KS fit of σ² has a sampling error
        // of order 1/√(N·M) ≈ 3e-3; 0.05 leaves room for the fit's grid and finite-size edge effects.
        SplittableRandom rng = new SplittableRandom(1);
        DenseMatrix w = DenseMatrix.zeros(600, 200);
        for (int i = 0; i < w.data().length; i++) {
            w.data()[i] = rng.nextGaussian();
        }
        Path f = dir.resolve("layer.npy");
        Npy.write(f, w);
        Path html = dir.resolve("r.html");
        Path csv = dir.resolve("r.csv");
        Path plots = dir.resolve("plots");
        CliRun r = CliRun.of("weights", f.toString(), "--json", "--html", html.toString(), "--csv", csv.toString(),
                "--plots", plots.toString());
        assertEquals(0, r.exitCode(), r.err());
        JsonNode j = JSON.readTree(r.out());
        assertEquals(1, j.get("summary").get("analyzed").asInt());
        JsonNode layer = j.get("layers").get(0);
        assertEquals(1.0, layer.get("mp_variance").asDouble(), 0.05);
        assertEquals(0, layer.get("mp_significant_spikes").asInt(), "no spikes in pure noise at significance 1e-3");
        assertTrue(Files.size(html) > 1000 && Files.readAllLines(csv).size() == 2);
        try (var s = Files.list(plots)) {
            assertEquals(2, s.count());
        }
        CliRun human = CliRun.of("weights", f.toString(), "--no-randomize");
        assertEquals(0, human.exitCode(), human.err());
        assertTrue(human.out().contains("1 analyzed"), human.out());
    }

    @Test
    void badModelInputs() throws Exception {
        Path missing = dir.resolve("none.safetensors");
        Path corrupt = dir.resolve("bad.safetensors");
        Files.write(corrupt, new byte[] {1, 2, 3});
        Path ok = dir.resolve("ok.npy");
        Npy.write(ok, DenseMatrix.zeros(30, 20));
        for (String[] args : new String[][] {{"weights", missing.toString()}, {"weights", ok.toString(), "--layers", ""},
                {"weights", ok.toString(), "--layers", "("}}) {
            CliRun r = CliRun.of(args);
            assertEquals(2, r.exitCode(), String.join(" ", args) + ": " + r.err());
            assertEquals(1, r.err().strip().lines().count(), r.err());
        }
        CliRun c = CliRun.of("weights", corrupt.toString());
        assertTrue(c.exitCode() == 2 || c.out().contains("skipped"), "corrupt file: an error or a skipped layer: " + c.err() + c.out());
    }
}
