package dev.spectral.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.spectral.Backends;
import dev.spectral.io.Npy;
import dev.spectral.linalg.EigenSelection;
import dev.spectral.linalg.Factorization;
import dev.spectral.matrix.DenseMatrix;
import dev.spectral.outofcore.OutOfCore;
import dev.spectral.outofcore.OutOfCoreOptions;
import dev.spectral.outofcore.TileSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code logdet --method out-of-core} and {@code flodance} end to end. Truths: the closed form Σ log λ of
 * Q diag(λ) Qᵀ, LAPACK on the leading submatrices, and for FLODANCE an exactly power-law sequence of increments whose
 * sum is known in closed form.
 */
class CliOutOfCoreTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int N = 300;

    @TempDir
    Path dir;

    private Path matrix;
    private DenseMatrix a;
    private double logdet;

    @BeforeEach
    void knownSpectrum() {
        SplittableRandom rng = new SplittableRandom(5);
        DenseMatrix g = DenseMatrix.zeros(N, N);
        for (int i = 0; i < g.data().length; i++) {
            g.data()[i] = rng.nextGaussian();
        }
        DenseMatrix q = Backends.cpu().eigh(Backends.cpu().multiply(g, false, g, true), EigenSelection.all(), true).vectors();
        DenseMatrix ql = q.copy();
        logdet = 0;
        for (int j = 0; j < N; j++) {
            double lambda = 0.05 + 3 * Math.pow(0.97, j);
            logdet += Math.log(lambda);
            for (int i = 0; i < N; i++) {
                ql.set(i, j, q.get(i, j) * lambda);
            }
        }
        a = Backends.cpu().multiply(ql, false, q, true);
        for (int j = 0; j < N; j++) {
            for (int i = j + 1; i < N; i++) {
                a.set(j, i, a.get(i, j));
            }
        }
        matrix = dir.resolve("a.npy");
        Npy.write(matrix, a);
    }

    private static JsonNode json(String... args) throws Exception {
        CliRun r = CliRun.of(args);
        assertEquals(0, r.exitCode(), r.err());
        return JSON.readTree(r.out());
    }

    @Test
    void matchesTheClosedFormAndLapackLeadingMinors() throws Exception {
        Path csv = dir.resolve("leading.csv");
        JsonNode r = json("logdet", "--method", "out-of-core", "--input", matrix.toString(), "--max-mem", "2m",
                "--scratch", dir.resolve("s").toString(), "--leading", csv.toString(), "--leading-stride", "7", "--json");
        assertEquals(logdet, r.get("logdet").asDouble(), 1e-9 * Math.abs(logdet));
        assertEquals(1, r.get("sign").asInt());
        assertTrue(r.get("blocks").asInt() > 1, "the cap must force several block columns: " + r);
        assertTrue(r.get("bytes_written").asLong() > 0 && r.get("bytes_read").asLong() > 0);
        assertEquals(0, r.get("resumed_from_column").asInt());
        assertFalse(Files.exists(dir.resolve("s")), "scratch is removed after success");
        List<String> lines = Files.readAllLines(csv);
        assertEquals("n,logdet,sign", lines.get(0));
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split(",");
            int m = Integer.parseInt(f[0]);
            assertTrue(m % 7 == 0 || m == N, "stride: " + m);
            if (m % 49 == 0 || m == N) {
                DenseMatrix lead = DenseMatrix.zeros(m, m);
                for (int j = 0; j < m; j++) {
                    for (int i = 0; i < m; i++) {
                        lead.set(i, j, a.get(i, j));
                    }
                }
                double expect = Backends.cpu().logdet(lead, Factorization.CHOLESKY).logAbsDet();
                assertEquals(expect, Double.parseDouble(f[1]), 1e-9 * Math.max(1, Math.abs(expect)), "m = " + m);
            }
        }
        assertEquals(N / 7 + 1, lines.size() - 1);
        assertEquals(lines.size() - 1, r.get("leading").get("n").size());
    }

    @Test
    void interruptedRunNeedsResumeAndThenGivesTheSameValue() throws Exception {
        Path scratch = dir.resolve("scratch");
        final class Stop extends RuntimeException {}
        try (TileSource src = TileSource.npy(matrix)) {
            assertThrows(Stop.class, () -> OutOfCore.factor(src, OutOfCoreOptions.of(Factorization.CHOLESKY, 1L << 20)
                    .withBlockSize(40).withScratchDir(scratch).withProgress(p -> {
                        if (p.columnsDone() == 3) {
                            throw new Stop();
                        }
                    })));
        }
        assertTrue(Files.exists(scratch.resolve("ooc-state.txt")), "the checkpoint stays for resuming");
        String[] base = {"logdet", "--method", "out-of-core", "--input", matrix.toString(), "--max-mem", "1m",
                "--block-size", "40", "--scratch", scratch.toString(), "--json"};
        CliRun refused = CliRun.of(base);
        assertEquals(2, refused.exitCode());
        assertTrue(refused.err().contains("3 of 8 block columns finished") && refused.err().contains("--resume"), refused.err());
        assertEquals(1, refused.err().strip().lines().count(), refused.err());
        String[] resumed = java.util.Arrays.copyOf(base, base.length + 1);
        resumed[base.length] = "--resume";
        JsonNode r = json(resumed);
        assertEquals(3, r.get("resumed_from_column").asInt());
        assertEquals(logdet, r.get("logdet").asDouble(), 1e-9 * Math.abs(logdet));
        JsonNode fresh = json("logdet", "--method", "out-of-core", "--input", matrix.toString(), "--max-mem", "1m",
                "--block-size", "40", "--scratch", dir.resolve("fresh").toString(), "--json");
        assertEquals(fresh.get("logdet").asDouble(), r.get("logdet").asDouble(), 0.0, "resume is bit-identical");
    }

    @Test
    void kernelGeneratedTileByTileEqualsTheInCoreFactorization() throws Exception {
        String[] data = {"--data", "fashion-mnist:400", "--lengthscale", "9", "--nugget", "1e-3"};
        JsonNode ooc = json(concat(new String[] {"logdet", "--method", "out-of-core", "--max-mem", "1m", "--json"}, data));
        JsonNode exact = json(concat(new String[] {"logdet", "--method", "exact", "--json"}, data));
        double v = exact.get("logdet").asDouble();
        assertEquals(v, ooc.get("logdet").asDouble(), 1e-10 * Math.abs(v));
    }

    @Test
    void badInputsGetOneLineAndExitTwo() {
        String[][] cases = {
                {"logdet", "--method", "out-of-core", "--input", matrix.toString(), "--max-mem", "lots"},
                {"logdet", "--method", "out-of-core", "--input", matrix.toString(), "--max-mem", "-5m"},
                {"logdet", "--method", "out-of-core", "--input", matrix.toString(), "--max-mem", "1k"},
                {"logdet", "--method", "out-of-core", "--input", dir.resolve("a.mtx").toString()},
                {"logdet", "--method", "out-of-core"},
                {"flodance", "--ns", "100", "--n", "1000"},
                {"flodance", "--leading", dir.resolve("missing.csv").toString(), "--ns", "100", "--n", "1000"},
        };
        for (String[] c : cases) {
            CliRun r = CliRun.of(c);
            assertEquals(2, r.exitCode(), String.join(" ", c) + " -> " + r.err());
            assertEquals(1, r.err().strip().lines().count(), r.err());
            assertTrue(r.err().startsWith("spectral: error: "), r.err());
        }
    }

    /**
     * Increments exactly ν log m + c + γ (n0/m): the fit recovers them and the prediction equals the closed-form sum
     * (to round-off), with an interval of zero width since nothing is noise.
     */
    @Test
    void flodanceRecoversAnExactScalingLaw() throws Exception {
        double nu = -0.7;
        double c = 1.3;
        double gamma = 0.4;
        int ns = 2000;
        int n0 = 200;
        long n = 50_000;
        StringBuilder csv = new StringBuilder("n,logdet,sign\n");
        double sum = 0;
        for (int m = 1; m <= ns; m++) {
            sum += nu * Math.log(m) + c + gamma * n0 / (double) m;
            csv.append(m).append(',').append(sum).append(",1\n");
        }
        double expect = sum;
        for (long m = ns + 1; m <= n; m++) {
            expect += nu * Math.log(m) + c + gamma * n0 / (double) m;
        }
        Path file = dir.resolve("law.csv");
        Files.writeString(file, csv);
        Path png = dir.resolve("law.png");
        JsonNode r = json("flodance", "--leading", file.toString(), "--ns", "1000," + ns, "--n", String.valueOf(n),
                "--n0", String.valueOf(n0), "--q", "1", "--plot", png.toString(), "--json");
        JsonNode fit = r.get("fits").get(1);
        assertEquals(nu, fit.get("nu").asDouble(), 1e-8);
        assertEquals(expect, fit.get("predicted").asDouble(), 1e-9 * Math.abs(expect));
        assertTrue(fit.get("stderr").asDouble() < 1e-6 * Math.abs(expect), fit.toString());
        assertTrue(Files.size(png) > 1000);
        assertEquals(40, r.get("curve").size());
        assertEquals(n, r.get("curve").get(39).get("n").asLong());
    }

    /** On a real kernel the prediction's own error model must cover the exact value (4 standard errors). */
    @Test
    void flodanceOnAKernelIsWithinItsErrorBars() throws Exception {
        Path csv = dir.resolve("exact.csv");
        String[] data = {"--data", "fashion-mnist:1200", "--lengthscale", "10", "--nugget", "1e-3"};
        json(concat(new String[] {"logdet", "--method", "out-of-core", "--max-mem", "64m", "--leading", csv.toString(),
                "--leading-stride", "1", "--json"}, data));
        JsonNode r = json(concat(new String[] {"flodance", "--ns", "400,600", "--n", "1200", "--exact", csv.toString(),
                "--json"}, data));
        for (JsonNode fit : r.get("fits")) {
            double err = fit.get("predicted").asDouble() - fit.get("exact").asDouble();
            assertTrue(Math.abs(err) <= 4 * fit.get("stderr").asDouble(), fit.toString());
            assertTrue(Math.abs(fit.get("relative_error").asDouble()) < 0.1, fit.toString());
        }
    }

    private static String[] concat(String[] a, String[] b) {
        String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
