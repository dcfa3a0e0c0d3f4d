package dev.spectral.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.spectral.Backends;
import dev.spectral.io.Npy;
import dev.spectral.linalg.EigenSelection;
import dev.spectral.matrix.DenseMatrix;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The estimator commands end to end on a matrix with a known spectrum (Q diag(λ) Qᵀ, λ_k = 1 + 100·0.9^k). Accuracy
 * bounds come from each result's own error model: the exact value must lie within 4 reported standard errors
 * (a failure probability below 1e-4 for a calibrated estimator), and deterministic quantities are compared exactly.
 */
class CliEstimatorsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int N = 200;

    @TempDir
    Path dir;

    private Path matrix;
    private double[] lambda;

    @BeforeEach
    void knownSpectrum() {
        lambda = new double[N];
        for (int k = 0; k < N; k++) {
            lambda[k] = 1 + 100 * Math.pow(0.9, k);
        }
        SplittableRandom rng = new SplittableRandom(17);
        DenseMatrix g = DenseMatrix.zeros(N, N);
        for (int i = 0; i < g.data().length; i++) {
            g.data()[i] = rng.nextGaussian();
        }
        // Q from the eigenvectors of a random symmetric matrix: orthogonal to round-off.
        DenseMatrix sym = Backends.cpu().multiply(g, false, g, true);
        DenseMatrix q = Backends.cpu().eigh(sym, EigenSelection.all(), true).vectors();
        DenseMatrix ql = q.copy();
        for (int j = 0; j < N; j++) {
            for (int i = 0; i < N; i++) {
                ql.set(i, j, q.get(i, j) * lambda[j]);
            }
        }
        DenseMatrix a = Backends.cpu().multiply(ql, false, q, true);
        for (int j = 0; j < N; j++) {
            for (int i = j + 1; i < N; i++) {
                a.set(j, i, a.get(i, j));
            }
        }
        matrix = dir.resolve("a.npy");
        Npy.write(matrix, a);
    }

    private JsonNode json(String... args) throws Exception {
        CliRun r = CliRun.of(args);
        assertEquals(0, r.exitCode(), r.err());
        return JSON.readTree(r.out());
    }

    private static void within(double exact, JsonNode e, double sigmas) {
        double value = e.get("value").asDouble();
        double se = e.get("stderr").asDouble();
        assertTrue(Math.abs(value - exact) <= sigmas * se + 1e-9 * Math.abs(exact),
                "exact " + exact + " vs " + value + " ± " + se);
        assertTrue(e.get("ci").get(0).asDouble() <= value && value <= e.get("ci").get(1).asDouble());
        assertTrue(e.get("probes").asInt() > 0 && e.get("matvecs").asLong() > 0);
    }

    @Test
    void slqLogdet() throws Exception {
        double exact = 0;
        for (double l : lambda) {
            exact += Math.log(l);
        }
        JsonNode e = json("logdet", "--input", matrix.toString(), "--method", "slq", "--seed", "3", "--json");
        within(exact, e, 4);
        assertEquals(e.get("value").asDouble(), e.get("logdet").asDouble());
        assertEquals(N, e.get("n").asInt());
        JsonNode d = json("logdet", "--input", matrix.toString(), "--method", "deflated-slq", "--deflate", "30", "--json");
        within(exact, d, 4);
    }

    @Test
    void shiftedFamily() throws Exception {
        JsonNode r = json("logdet", "--input", matrix.toString(), "--method", "slq", "--shifts", "0,1,10", "--json");
        assertEquals(3, r.get("shifts").size());
        for (JsonNode s : r.get("shifts")) {
            double t = s.get("shift").asDouble();
            double exact = 0;
            for (double l : lambda) {
                exact += Math.log(l + t);
            }
            double se = s.get("stderr").asDouble();
            assertTrue(Math.abs(s.get("logdet").asDouble() - exact) <= 4 * se + 1e-9 * Math.abs(exact), s.toString());
        }
    }

    @Test
    void traceEstimators() throws Exception {
        double trace = 0;
        double traceInv = 0;
        for (double l : lambda) {
            trace += l;
            traceInv += 1 / l;
        }
        for (String m : new String[] {"hutchinson", "hutchpp", "nahutchpp", "xtrace", "xnystrace"}) {
            within(trace, json("trace", "--input", matrix.toString(), "--assume-psd", "--method", m, "--budget", "60", "--json"), 4);
        }
        within(traceInv, json("trace", "--input", matrix.toString(), "--fn", "inv", "--method", "slq", "--json"), 4);
        JsonNode exact = json("trace", "--input", matrix.toString(), "--method", "exact", "--json");
        assertEquals(trace, exact.get("value").asDouble(), 1e-9 * trace);
    }

    @Test
    void diagonalDensityEigcountAndLanczos() throws Exception {
        DenseMatrix a = Npy.read(matrix);
        JsonNode d = json("diag", "--input", matrix.toString(), "--method", "exact", "--json");
        for (int i = 0; i < N; i++) {
            assertEquals(a.get(i, i), d.get("diagonal").get(i).asDouble(), 1e-12 * 101);
        }
        Path csv = dir.resolve("d.csv");
        Path png = dir.resolve("d.png");
        JsonNode den = json("density", "--input", matrix.toString(), "--csv", csv.toString(), "--plot", png.toString(), "--json");
        assertEquals(1.0, den.get("integral").asDouble(), 0.02);
        assertTrue(Files.size(png) > 1000 && Files.readAllLines(csv).size() == 513);
        // Eigenvalues in [0.5, 2] (λ_k < 2 ⟺ 100·0.9^k < 1 ⟺ k >= 44): 156 of 200. The count is a Hutchinson estimate.
        JsonNode c = json("eigcount", "--input", matrix.toString(), "--interval", "0.5,2", "--method", "kpm", "--probes", "40", "--json");
        within(156, c, 4);
        JsonNode top = json("eig", "--input", matrix.toString(), "--method", "lanczos", "--top", "3", "--json");
        for (int i = 0; i < 3; i++) {
            assertEquals(lambda[2 - i], top.get("eigenvalues").get(i).asDouble(), 1e-8 * lambda[0]);
        }
        assertTrue(top.get("converged").asBoolean());
    }

    @Test
    void matrixFreeKernelMatchesDense() throws Exception {
        Path x = dir.resolve("x.npy");
        SplittableRandom rng = new SplittableRandom(9);
        DenseMatrix pts = DenseMatrix.zeros(150, 4);
        for (int i = 0; i < pts.data().length; i++) {
            pts.data()[i] = rng.nextDouble();
        }
        Npy.write(x, pts);
        JsonNode exact = json("logdet", "--data", x.toString(), "--kernel", "matern52", "--lengthscale", "0.5", "--nugget",
                "0.01", "--json");
        JsonNode slq = json("logdet", "--data", x.toString(), "--kernel", "matern52", "--lengthscale", "0.5", "--nugget",
                "0.01", "--method", "slq", "--json");
        within(exact.get("logdet").asDouble(), slq, 4);
        JsonNode pre = json("logdet", "--data", x.toString(), "--kernel", "matern52", "--lengthscale", "0.5", "--nugget",
                "0.01", "--method", "preconditioned-slq", "--preconditioner-rank", "20", "--json");
        within(exact.get("logdet").asDouble(), pre, 4);
        assertEquals("preconditioned-slq", pre.get("method").asText());
        assertTrue(pre.get("settings").asText().contains("pivoted Cholesky rank 20"), pre.toString());
    }

    @Test
    void badInputs() {
        Path ind = dir.resolve("ind.npy");
        Npy.write(ind, DenseMatrix.diagonal(new double[] {1, 2, -3, 4, 5, 6, 7, 8, 9, 10}));
        for (String[] args : new String[][] {
                {"logdet", "--input", ind.toString(), "--method", "slq"},
                {"trace", "--input", matrix.toString(), "--fn", "cosh"},
                {"trace", "--input", matrix.toString(), "--method", "xtrace", "--fn", "log"},
                {"logdet", "--method", "slq"},
                {"logdet", "--input", matrix.toString(), "--data", "fashion-mnist:10", "--method", "slq"},
                {"eigcount", "--input", matrix.toString(), "--interval", "2,1"},
                {"eig", "--input", matrix.toString(), "--method", "lanczos"},
                {"logdet", "--input", matrix.toString(), "--method", "magic"},
                {"logdet", "--input", matrix.toString(), "--method", "preconditioned-slq", "--preconditioner-rank", "200"},
                {"logdet", "--input", matrix.toString(), "--method", "deflated-slq", "--shifts", "0,1"}}) {
            CliRun r = CliRun.of(args);
            assertEquals(2, r.exitCode(), String.join(" ", args) + ": " + r.err());
            assertEquals(1, r.err().strip().lines().count(), r.err());
        }
    }
}
