package dev.spectral.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.spectral.Backends;
import dev.spectral.io.Npy;
import dev.spectral.kernel.Kernel;
import dev.spectral.kernel.KernelMatrix;
import dev.spectral.kernel.Points;
import dev.spectral.linalg.EigenSelection;
import dev.spectral.matrix.DenseMatrix;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CliCommandsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void infoListsTheCpuBackend() throws Exception {
        CliRun r = CliRun.of("info", "--json");
        assertEquals(0, r.exitCode(), r.err());
        JsonNode j = JSON.readTree(r.out());
        boolean cpu = false;
        for (JsonNode b : j.get("backends")) {
            if (b.get("name").asText().equals("cpu")) {
                cpu = b.get("available").asBoolean();
            } else if (!b.get("available").asBoolean()) {
                assertTrue(b.get("reasons").size() > 0, "an unavailable backend says why: " + b);
            }
        }
        assertTrue(cpu);
        CliRun human = CliRun.of("info");
        assertTrue(human.out().contains("backend cpu: available"), human.out());
    }

    @Test
    void kernelCommandWritesTheKernelMatrix() throws Exception {
        SplittableRandom rng = new SplittableRandom(3);
        DenseMatrix x = DenseMatrix.zeros(40, 5);
        for (int i = 0; i < x.data().length; i++) {
            x.data()[i] = rng.nextDouble();
        }
        Path xf = dir.resolve("x.npy");
        Path kf = dir.resolve("k.npy");
        Npy.write(xf, x);
        CliRun r = CliRun.of("kernel", "--data", xf.toString(), "--kernel", "matern32", "--lengthscale", "0.7",
                "--nugget", "0.01", "--out", kf.toString(), "--json");
        assertEquals(0, r.exitCode(), r.err());
        JsonNode j = JSON.readTree(r.out());
        assertEquals(40, j.get("n").asInt());
        assertEquals("matern32", j.get("kernel").asText());
        DenseMatrix want = KernelMatrix.dense(Points.fromRows(x), Kernel.named("matern32", 0.7), 0.01);
        assertArrayEquals(want.data(), Npy.read(kf).data(), 1e-14);
    }

    @Test
    void eigWritesValuesAndVectors() throws Exception {
        DenseMatrix a = DenseMatrix.fromRows(new double[][] {{2, 1, 0}, {1, 2, 0}, {0, 0, 5}});
        Path in = dir.resolve("a.npy");
        Npy.write(in, a);
        Path ev = dir.resolve("ev.npy");
        Path vec = dir.resolve("v.npy");
        CliRun r = CliRun.of("eig", "--input", in.toString(), "--out", ev.toString(), "--vectors", vec.toString(), "--json");
        assertEquals(0, r.exitCode(), r.err());
        JsonNode j = JSON.readTree(r.out());
        assertEquals(ev.toString(), j.get("out").asText());
        assertTrue(!j.has("eigenvalues"));
        assertArrayEquals(new double[] {1, 3, 5}, Npy.readVector(ev), 1e-14);
        DenseMatrix v = Npy.read(vec);
        DenseMatrix av = Backends.cpu().multiply(a, false, v, false);
        for (int c = 0; c < 3; c++) {
            for (int i = 0; i < 3; i++) {
                assertEquals(new double[] {1, 3, 5}[c] * v.get(i, c), av.get(i, c), 1e-13);
            }
        }
    }

    @Test
    void humanOutputIsATable() {
        Path in = dir.resolve("a.npy");
        Npy.write(in, DenseMatrix.fromRows(new double[][] {{4, 1}, {1, 3}}));
        CliRun r = CliRun.of("logdet", "--input", in.toString());
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.out().contains("logdet") && r.out().contains(Output.num(Math.log(11))), r.out());
        assertEquals(Math.log(11), Backends.cpu().eigh(Npy.read(in), EigenSelection.all(), false).values()[0] * 0
                + Math.log(11), 0);
    }
}
