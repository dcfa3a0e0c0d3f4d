package dev.spectral.weights;

import static dev.spectral.weights.TestModels.readAll;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.spectral.InvalidInputException;
import dev.spectral.io.Npy;
import dev.spectral.matrix.DenseMatrix;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NumpyReaderTest {
    @TempDir
    Path dir;

    /** a[i0, i1, ...] = 0.25·(flat C index) - 3, exact in float16 for the sizes used. */
    private static double[] expected(int n) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = 0.25 * i - 3;
        }
        return v;
    }

    @Test
    void fortranOrderFloat64FromTheEngineWriter() {
        // dev.spectral.io.Npy writes Fortran order: the reader must present it in C order.
        DenseMatrix m = DenseMatrix.fromRows(new double[][] {{1, 2, 3}, {4, 5, 6}});
        Path f = dir.resolve("m.npy");
        Npy.write(f, m);
        try (ModelSource s = ModelSource.open(f)) {
            assertEquals("m", s.tensors().get(0).name());
            assertArrayEquals(new long[] {2, 3}, s.tensors().get(0).shape());
            assertArrayEquals(new double[] {1, 2, 3, 4, 5, 6}, readAll(s, "m"));
        }
    }

    private static boolean python(Path script, Path cwd) throws IOException, InterruptedException {
        try {
            Process p = new ProcessBuilder("python3", script.toString()).directory(cwd.toFile()).redirectErrorStream(true)
                    .start();
            String out = new String(p.getInputStream().readAllBytes());
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                System.out.println("python3 unavailable or failed: " + out);
                return false;
            }
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    @Test
    void numpyWrittenFilesInEveryLayout() throws Exception {
        Path script = dir.resolve("make.py");
        Files.writeString(script, """
                import numpy as np
                def a(shape, dtype):
                    n = int(np.prod(shape))
                    return (0.25 * np.arange(n) - 3).reshape(shape).astype(dtype)
                np.save('f16.npy', a((4, 6), '<f2'))
                np.save('be32.npy', a((5, 3), '>f4'))
                np.save('fortran64.npy', np.asfortranarray(a((3, 7), '<f8')))
                np.save('conv.npy', a((4, 3, 2, 2), '<f4'))
                np.save('ints.npy', np.arange(6).reshape(2, 3))
                np.savez('plain.npz', w=a((6, 5), '<f4'), b=a((5,), '<f4'))
                np.savez_compressed('packed.npz', w=a((8, 3), '<f8'), h=a((2, 3), '<f2'),
                                    f=np.asfortranarray(a((3, 4), '<f4')))
                """);
        assumeTrue(python(script, dir), "python3 with numpy is needed for this test");
        try (ModelSource s = ModelSource.open(dir.resolve("f16.npy"))) {
            assertEquals(DType.FLOAT16, s.tensors().get(0).dtype());
            assertArrayEquals(expected(24), readAll(s, "f16"));
        }
        try (ModelSource s = ModelSource.open(dir.resolve("be32.npy"))) {
            assertArrayEquals(expected(15), readAll(s, "be32"));
        }
        try (ModelSource s = ModelSource.open(dir.resolve("fortran64.npy"))) {
            assertArrayEquals(new long[] {3, 7}, s.tensors().get(0).shape());
            assertArrayEquals(expected(21), readAll(s, "fortran64"));
        }
        try (ModelSource s = ModelSource.open(dir.resolve("conv.npy"))) {
            assertArrayEquals(new long[] {4, 3, 2, 2}, s.tensors().get(0).shape());
            assertArrayEquals(expected(48), readAll(s, "conv"));
        }
        try (ModelSource s = ModelSource.open(dir.resolve("ints.npy"))) {
            assertEquals(DType.UNSUPPORTED, s.tensors().get(0).dtype());
            assertThrows(InvalidInputException.class, () -> readAll(s, "ints"));
        }
        try (ModelSource s = ModelSource.open(dir.resolve("plain.npz"))) {
            assertEquals("npz", s.format());
            assertEquals(List.of("w", "b"), s.tensors().stream().map(TensorInfo::name).toList());
            assertArrayEquals(expected(30), readAll(s, "w"));
            assertArrayEquals(expected(5), readAll(s, "b"));
        }
        try (ModelSource s = ModelSource.open(dir.resolve("packed.npz"))) {
            assertArrayEquals(expected(24), readAll(s, "w"));
            assertArrayEquals(expected(6), readAll(s, "h"));
            assertArrayEquals(expected(12), readAll(s, "f"));
        }
        // A truncated archive has lost its central directory: one-line error.
        byte[] b = Files.readAllBytes(dir.resolve("plain.npz"));
        Path cut = dir.resolve("cut.npz");
        Files.write(cut, Arrays.copyOf(b, b.length / 2));
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> ModelSource.open(cut));
        assertEquals(1, e.getMessage().lines().count());
        // A truncated .npy keeps its header: the data check fails in one line.
        byte[] n = Files.readAllBytes(dir.resolve("conv.npy"));
        Path cutNpy = dir.resolve("cut.npy");
        Files.write(cutNpy, Arrays.copyOf(n, n.length - 5));
        e = assertThrows(InvalidInputException.class, () -> ModelSource.open(cutNpy));
        assertEquals(1, e.getMessage().lines().count());
    }
}
