package dev.spectral.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spectral.matrix.DenseMatrix;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/** numpy/scipy as independent truth: runs a python3 script in a directory, skipping the test when they are absent. */
final class Python {
    private static Boolean numpy;
    private static Boolean scipy;

    private Python() {}

    static void assumeNumpy() {
        if (numpy == null) {
            numpy = works("import numpy");
        }
        Assumptions.assumeTrue(numpy, "python3 with numpy is not available");
    }

    static void assumeScipy() {
        assumeNumpy();
        if (scipy == null) {
            scipy = works("import scipy.io, scipy.sparse");
        }
        Assumptions.assumeTrue(scipy, "python3 with scipy is not available");
    }

    /** Runs {@code script} with {@code dir} as working directory; fails the test when it fails. */
    static void run(Path dir, String script) {
        try {
            Process p = new ProcessBuilder("python3", "-c", script).directory(dir.toFile()).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(p.waitFor(60, TimeUnit.SECONDS), "python3 timed out");
            assertEquals(0, p.exitValue(), () -> "python3 failed:\n" + out);
        } catch (IOException e) {
            throw new AssertionError("cannot run python3", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static boolean works(String script) {
        try {
            Process p = new ProcessBuilder("python3", "-c", script).redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * Reads what {@code np.savetxt(..., fmt='%.17g')} wrote (a row per line; 17 significant digits round-trip a double
     * exactly), as a rows x cols matrix.
     */
    static DenseMatrix readText(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file).stream().filter(l -> !l.isBlank()).toList();
        double[][] rows = lines.stream()
                .map(l -> java.util.Arrays.stream(l.strip().split("\\s+")).mapToDouble(Double::parseDouble).toArray())
                .toArray(double[][]::new);
        return DenseMatrix.fromRows(rows);
    }
}
