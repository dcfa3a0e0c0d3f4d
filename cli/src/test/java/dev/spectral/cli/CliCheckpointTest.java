package dev.spectral.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.spectral.io.Npy;
import dev.spectral.matrix.DenseMatrix;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code logdet --method slq --checkpoint}: kill -9 of the process, then --resume gives the uninterrupted result. */
class CliCheckpointTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private String[] args(Path points, String... extra) {
        List<String> a = new ArrayList<>(List.of("logdet", "--method", "slq", "--data", points.toString(), "--kernel",
                "rbf", "--lengthscale", "0.3", "--nugget", "1e-3", "--reorth", "full", "--min-probes", "24",
                "--probes", "24", "--json"));
        a.addAll(List.of(extra));
        return a.toArray(String[]::new);
    }

    private static Process child(Path log, String... args) throws Exception {
        String java = ProcessHandle.current().info().command().orElse(
                Path.of(System.getProperty("java.home"), "bin", "java").toString());
        List<String> cmd = new ArrayList<>(List.of(java, "--enable-native-access=ALL-UNNAMED", "-Xss16m", "-cp",
                System.getProperty("java.class.path"), Main.class.getName()));
        cmd.addAll(List.of(args));
        return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    @Test
    void killedRunResumesToTheSameResult() throws Exception {
        Path x = dir.resolve("x.npy");
        SplittableRandom rng = new SplittableRandom(3);
        DenseMatrix pts = DenseMatrix.zeros(1500, 6);
        for (int i = 0; i < pts.data().length; i++) {
            pts.data()[i] = rng.nextDouble();
        }
        Npy.write(x, pts);
        CliRun whole = CliRun.of(args(x));
        assertEquals(0, whole.exitCode(), whole.err());

        Path ck = dir.resolve("ck");
        Path state = ck.resolve("slq-state.bin");
        Process p = child(dir.resolve("child.log"), args(x, "--checkpoint", ck.toString(), "--checkpoint-interval", "0"));
        // kill once the run is past its first block of probes (its state then holds finished probes and a new block)
        long saves = 0;
        long last = -1;
        while (p.isAlive() && saves < 120) {
            long t = Files.exists(state) ? Files.getLastModifiedTime(state).toMillis() ^ Files.size(state) : -1;
            if (t != last && t != -1) {
                saves++;
                last = t;
            }
            Thread.sleep(1);
        }
        assertTrue(p.isAlive(), "the run ended before it could be killed: " + Files.readString(dir.resolve("child.log")));
        p.destroyForcibly().waitFor();
        assertTrue(Files.exists(state), "the killed run left its state");

        CliRun unasked = CliRun.of(args(x, "--checkpoint", ck.toString()));
        assertEquals(2, unasked.exitCode());
        assertTrue(unasked.err().contains("--resume"), unasked.err());

        CliRun resumed = CliRun.of(args(x, "--checkpoint", ck.toString(), "--resume"));
        assertEquals(0, resumed.exitCode(), resumed.err());
        JsonNode a = JSON.readTree(whole.out());
        JsonNode b = JSON.readTree(resumed.out());
        assertEquals(a.get("logdet").asDouble(), b.get("logdet").asDouble(), 0.0);
        assertEquals(a.get("stderr").asDouble(), b.get("stderr").asDouble(), 0.0);
        assertEquals(a.get("matvecs").asLong(), b.get("matvecs").asLong());
        assertTrue(b.get("settings").asText().contains("resumed from a checkpoint"), b.toString());
        assertFalse(Files.exists(ck), "removed on success");
    }

    @Test
    void badCheckpointOptions() throws Exception {
        Path x = dir.resolve("x.npy");
        Npy.write(x, DenseMatrix.diagonal(new double[] {1, 2, 3, 4}));
        for (String[] a : new String[][] {
                {"logdet", "--input", x.toString(), "--checkpoint", dir.resolve("c").toString()},
                {"logdet", "--input", x.toString(), "--method", "slq", "--resume"},
                {"logdet", "--input", x.toString(), "--method", "slq", "--checkpoint", dir.resolve("c").toString(),
                        "--checkpoint-interval", "-1"}}) {
            CliRun r = CliRun.of(a);
            assertEquals(2, r.exitCode(), String.join(" ", a) + ": " + r.err());
            assertEquals(1, r.err().strip().lines().count(), r.err());
        }
    }
}
