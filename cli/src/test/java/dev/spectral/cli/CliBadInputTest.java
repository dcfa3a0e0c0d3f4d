package dev.spectral.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spectral.io.Npy;
import dev.spectral.matrix.DenseMatrix;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every bad input ends with exit code 2 and exactly one line on stderr that names the problem, and no stack trace. */
class CliBadInputTest {
    @TempDir
    Path dir;

    private Path spd;

    @BeforeEach
    void files() {
        spd = dir.resolve("spd.npy");
        Npy.write(spd, DenseMatrix.fromRows(new double[][] {{2, 1}, {1, 2}}));
    }

    private static void bad(String expectedFragment, String... args) {
        CliRun r = CliRun.of(args);
        assertEquals(2, r.exitCode(), "exit code for " + String.join(" ", args) + "; stderr: " + r.err());
        String err = r.err().strip();
        assertEquals(1, err.lines().count(), "one line on stderr: " + err);
        assertTrue(err.startsWith("spectral: error: "), err);
        assertTrue(err.toLowerCase().contains(expectedFragment.toLowerCase()), "'" + expectedFragment + "' in: " + err);
        assertFalse(err.contains("Exception"), "no exception class names: " + err);
        assertTrue(r.out().isEmpty(), "nothing on stdout: " + r.out());
    }

    @Test
    void missingFile() {
        bad("no such file", "eig", "--input", dir.resolve("nope.npy").toString());
    }

    @Test
    void truncatedNpy() throws IOException {
        Path f = dir.resolve("t.npy");
        byte[] all = Files.readAllBytes(spd);
        Files.write(f, java.util.Arrays.copyOf(all, all.length - 5));
        bad("truncated", "logdet", "--input", f.toString());
    }

    @Test
    void unsupportedDtype() throws IOException {
        Path f = dir.resolve("i.npy");
        String header = "{'descr': '<i8', 'fortran_order': False, 'shape': (2, 2), }";
        header = header + " ".repeat(128 - 10 - header.length() - 1) + "\n";
        byte[] h = header.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(10 + h.length + 32).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        b.put(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0}).putShort((short) h.length).put(h);
        Files.write(f, b.array());
        bad("dtype", "eig", "--input", f.toString());
    }

    @Test
    void nonSquare() {
        Path f = dir.resolve("r.npy");
        Npy.write(f, DenseMatrix.zeros(2, 3));
        bad("square", "eig", "--input", f.toString());
        bad("square", "logdet", "--input", f.toString());
    }

    @Test
    void nanEntry() {
        Path f = dir.resolve("nan.npy");
        Npy.write(f, DenseMatrix.fromRows(new double[][] {{1, Double.NaN}, {Double.NaN, 1}}));
        bad("non-finite", "eig", "--input", f.toString());
    }

    @Test
    void asymmetricForEig() {
        Path f = dir.resolve("a.npy");
        Npy.write(f, DenseMatrix.fromRows(new double[][] {{1, 2}, {0, 1}}));
        bad("symmetric", "eig", "--input", f.toString());
        bad("symmetric", "logdet", "--input", f.toString(), "--factor", "cholesky");
    }

    @Test
    void notPositiveDefiniteForCholesky() {
        Path f = dir.resolve("ind.npy");
        Npy.write(f, DenseMatrix.fromRows(new double[][] {{1, 2}, {2, 1}}));
        bad("positive definite", "logdet", "--input", f.toString(), "--factor", "cholesky");
    }

    @Test
    void badTopK() {
        bad("k >= 1", "eig", "--input", spd.toString(), "--top", "0");
        bad("3 eigenvalues", "eig", "--input", spd.toString(), "--top", "3");
        bad("singular values", "svd", "--input", spd.toString(), "--top", "5");
    }

    @Test
    void unknownKernelAndBackend() {
        bad("unknown kernel", "kernel", "--data", spd.toString(), "--kernel", "cosine", "--lengthscale", "1", "--out",
                dir.resolve("k.npy").toString());
        bad("unknown backend", "eig", "--input", spd.toString(), "--backend", "tpu");
    }

    @Test
    void unknownFormatAndOption() {
        bad("unknown matrix format", "eig", "--input", dir.resolve("a.csv").toString());
        bad("unknown option", "eig", "--input", spd.toString(), "--frobnicate");
        bad("factor", "logdet", "--input", spd.toString(), "--factor", "qr");
    }

    @Test
    void failedRunLeavesNoOutputFile() {
        Path f = dir.resolve("a.npy");
        Npy.write(f, DenseMatrix.fromRows(new double[][] {{1, 2}, {0, 1}}));
        Path out = dir.resolve("evals.npy");
        bad("symmetric", "eig", "--input", f.toString(), "--out", out.toString());
        assertFalse(Files.exists(out));
    }

    @Test
    void debugShowsStackTrace() {
        CliRun r = CliRun.of("eig", "--input", dir.resolve("nope.npy").toString(), "--debug");
        assertEquals(2, r.exitCode());
        assertTrue(r.err().contains("InvalidInputException"), r.err());
    }
}
