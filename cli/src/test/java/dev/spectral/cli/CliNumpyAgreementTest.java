package dev.spectral.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CLI's answers against numpy on matrices numpy generated: eigvalsh to 1e-9 relative to the largest |eigenvalue|,
 * slogdet to 1e-9 relative, singular values to 1e-9 relative to the largest.
 */
class CliNumpyAgreementTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private JsonNode json(String... args) throws Exception {
        CliRun r = CliRun.of(args);
        assertEquals(0, r.exitCode(), r.err());
        assertEquals(1, r.out().strip().lines().count(), "exactly one JSON line on stdout: " + r.out());
        return JSON.readTree(r.out());
    }

    @Test
    void eigenvaluesMatchNumpy() throws Exception {
        String expected = Python.run(dir, """
                rng = np.random.default_rng(7)
                g = rng.standard_normal((300, 300)); a = (g + g.T) / 2
                np.save('a.npy', a)
                np.save('ac.npy', np.ascontiguousarray(a.astype('>f8')))
                print(' '.join(repr(float(v)) for v in np.linalg.eigvalsh(a)))
                """);
        double[] want = java.util.Arrays.stream(expected.split(" ")).mapToDouble(Double::parseDouble).toArray();
        double scale = Math.max(Math.abs(want[0]), Math.abs(want[want.length - 1]));
        for (String file : new String[] {"a.npy", "ac.npy"}) {
            JsonNode j = json("eig", "--input", dir.resolve(file).toString(), "--json");
            assertEquals(300, j.get("n").asInt());
            assertEquals("cpu", j.get("backend").asText());
            assertTrue(j.get("seconds").asDouble() >= 0);
            JsonNode ev = j.get("eigenvalues");
            assertEquals(want.length, ev.size());
            for (int i = 0; i < want.length; i++) {
                assertEquals(want[i], ev.get(i).asDouble(), 1e-9 * scale, "eigenvalue " + i);
            }
        }
        JsonNode top = json("eig", "--input", dir.resolve("a.npy").toString(), "--top", "3", "--json");
        for (int i = 0; i < 3; i++) {
            assertEquals(want[want.length - 3 + i], top.get("eigenvalues").get(i).asDouble(), 1e-9 * scale);
        }
    }

    @Test
    void logdetMatchesNumpySlogdet() throws Exception {
        String expected = Python.run(dir, """
                rng = np.random.default_rng(11)
                g = rng.standard_normal((250, 250))
                spd = g @ g.T / 250 + np.eye(250) * 0.5
                sym = (g + g.T) / 2
                np.save('spd.npy', spd); np.save('sym.npy', sym); np.save('gen.npy', np.asfortranarray(g))
                for m in (spd, sym, g):
                    s, l = np.linalg.slogdet(m); print(int(s), repr(float(l)))
                """);
        String[] lines = expected.split("\n");
        String[][] cases = {{"spd.npy", "cholesky"}, {"sym.npy", "ldl"}, {"gen.npy", "lu"}};
        for (int c = 0; c < 3; c++) {
            String[] parts = lines[c].strip().split(" ");
            int sign = Integer.parseInt(parts[0]);
            double logdet = Double.parseDouble(parts[1]);
            JsonNode j = json("logdet", "--input", dir.resolve(cases[c][0]).toString(), "--method", "exact", "--json");
            assertEquals(cases[c][1], j.get("factor").asText(), "auto picks the right factorization");
            assertEquals(sign, j.get("sign").asInt(), cases[c][0]);
            assertEquals(logdet, j.get("logdet").asDouble(), 1e-9 * Math.abs(logdet), cases[c][0]);
            assertEquals("exact", j.get("method").asText());
            assertEquals(250, j.get("n").asInt());
            JsonNode lu = json("logdet", "--input", dir.resolve(cases[c][0]).toString(), "--factor", "lu", "--json");
            assertEquals(logdet, lu.get("logdet").asDouble(), 1e-9 * Math.abs(logdet), "LU on " + cases[c][0]);
            assertEquals(sign, lu.get("sign").asInt());
        }
    }

    @Test
    void singularValuesMatchNumpy() throws Exception {
        String expected = Python.run(dir, """
                rng = np.random.default_rng(5)
                a = rng.standard_normal((120, 70)); np.save('a.npy', a)
                print(' '.join(repr(float(v)) for v in np.linalg.svd(a, compute_uv=False)))
                """);
        double[] want = java.util.Arrays.stream(expected.split(" ")).mapToDouble(Double::parseDouble).toArray();
        JsonNode j = json("svd", "--input", dir.resolve("a.npy").toString(), "--json");
        JsonNode s = j.get("singular_values");
        assertEquals(70, s.size());
        for (int i = 0; i < want.length; i++) {
            assertEquals(want[i], s.get(i).asDouble(), 1e-9 * want[0]);
        }
    }

    @Test
    void singularMatrixGivesNullLogdetAndSignZero() throws Exception {
        Python.run(dir, "np.save('s.npy', np.array([[1.0, 2.0], [2.0, 4.0]]))");
        JsonNode j = json("logdet", "--input", dir.resolve("s.npy").toString(), "--json");
        assertTrue(j.has("logdet") && j.get("logdet").isNull(), j.toString());
        assertEquals(0, j.get("sign").asInt());
        assertTrue(j.get("singular").asBoolean());
    }
}
