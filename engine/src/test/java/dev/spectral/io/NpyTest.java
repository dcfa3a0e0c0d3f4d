package dev.spectral.io;

import static dev.spectral.io.Failures.assertInvalid;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spectral.matrix.DenseMatrix;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class NpyTest {
    /** numpy-written files, each next to a .txt of the same values as float64 printed with 17 digits. */
    @TempDir
    static Path numpyDir;

    @TempDir
    Path dir;

    @BeforeAll
    static void writeNumpyFixtures() {
        try {
            Python.assumeNumpy();
        } catch (org.opentest4j.TestAbortedException e) {
            return; // the numpy tests skip themselves; the others still run
        }
        Python.run(numpyDir, """
                import numpy as np
                import numpy.lib.format as fmt
                rng = np.random.default_rng(20240601)
                a = rng.standard_normal((3, 5)) * 10.0 ** rng.integers(-5, 6, (3, 5))
                def save(name, x, version=None):
                    if version is None:
                        np.save(name + '.npy', x)
                    else:
                        with open(name + '.npy', 'wb') as f:
                            fmt.write_array(f, x, version=version)
                    np.savetxt(name + '.txt', np.atleast_2d(x).astype(np.float64).reshape(x.shape[0] if x.ndim else 1, -1), fmt='%.17g')
                save('c_f8', a)
                save('f_f8', np.asfortranarray(a))
                save('be_f8', a.astype('>f8'))
                save('le_f4', a.astype('<f4'))
                save('be_f4_fortran', np.asfortranarray(a.astype('>f4')))
                save('v2', a, (2, 0))
                save('v3', np.asfortranarray(a), (3, 0))
                save('tall', a.T.copy())
                save('vector', rng.standard_normal(7))
                save('scalar', np.float64(2.5))
                save('single_row', a[:1].copy())
                np.save('empty.npy', np.zeros((0, 4)))
                np.save('int64.npy', np.arange(6, dtype='<i8').reshape(2, 3))
                np.save('complex.npy', np.ones(3, dtype='<c16'))
                np.save('cube.npy', np.zeros((2, 3, 4)))
                """);
    }

    @ParameterizedTest
    @ValueSource(strings = {"c_f8", "f_f8", "be_f8", "le_f4", "be_f4_fortran", "v2", "v3", "tall", "vector", "scalar",
            "single_row"})
    void readsWhatNumpyWrote(String name) throws IOException {
        Python.assumeNumpy();
        DenseMatrix expected = Python.readText(numpyDir.resolve(name + ".txt"));
        DenseMatrix m = Npy.read(numpyDir.resolve(name + ".npy"));
        assertEquals(expected.rows(), m.rows());
        assertEquals(expected.cols(), m.cols());
        assertArrayEquals(expected.data(), m.data(), 0.0);
    }

    @Test
    void numpyFixturesCoverTheClaimedLayouts() throws IOException {
        Python.assumeNumpy();
        assertFalse(Npy.header(numpyDir.resolve("c_f8.npy")).fortranOrder());
        assertTrue(Npy.header(numpyDir.resolve("f_f8.npy")).fortranOrder());
        assertTrue(Npy.header(numpyDir.resolve("be_f4_fortran.npy")).fortranOrder());
        assertEquals(">f8", Npy.header(numpyDir.resolve("be_f8.npy")).descr());
        assertEquals("<f4", Npy.header(numpyDir.resolve("le_f4.npy")).descr());
        assertEquals(">f4", Npy.header(numpyDir.resolve("be_f4_fortran.npy")).descr());
        assertEquals(1, Files.readAllBytes(numpyDir.resolve("c_f8.npy"))[6]);
        assertEquals(2, Files.readAllBytes(numpyDir.resolve("v2.npy"))[6]);
        assertEquals(3, Files.readAllBytes(numpyDir.resolve("v3.npy"))[6]);
        assertArrayEquals(new long[] {3, 5}, Npy.header(numpyDir.resolve("v3.npy")).shape());
    }

    @Test
    void readsNumpyVectorAndEmptyArray() throws IOException {
        Python.assumeNumpy();
        double[] v = Npy.readVector(numpyDir.resolve("vector.npy"));
        assertArrayEquals(Python.readText(numpyDir.resolve("vector.txt")).data(), v, 0.0);
        DenseMatrix e = Npy.read(numpyDir.resolve("empty.npy"));
        assertEquals(0, e.rows());
        assertEquals(4, e.cols());
    }

    @Test
    void numpyReadsWhatWeWrite() throws IOException {
        Python.assumeNumpy();
        DenseMatrix m = randomMatrix(4, 6, 11);
        double[] v = randomMatrix(5, 1, 12).data();
        Npy.write(dir.resolve("m.npy"), m);
        Npy.writeVector(dir.resolve("v.npy"), v);
        Python.run(dir, """
                import numpy as np
                m = np.load('m.npy'); v = np.load('v.npy')
                assert m.dtype == np.float64 and m.shape == (4, 6), (m.dtype, m.shape)
                assert v.dtype == np.float64 and v.shape == (5,), (v.dtype, v.shape)
                np.savetxt('m.txt', m, fmt='%.17g'); np.savetxt('v.txt', v, fmt='%.17g')
                """);
        assertArrayEquals(m.data(), Python.readText(dir.resolve("m.txt")).data(), 0.0);
        assertArrayEquals(v, Python.readText(dir.resolve("v.txt")).data(), 0.0);
    }

    @Test
    void roundTripsMatrixExactly() {
        DenseMatrix m = randomMatrix(7, 3, 1);
        m.set(0, 0, -0.0);
        m.set(1, 0, Double.MIN_VALUE);
        m.set(2, 0, Double.MAX_VALUE);
        Path f = dir.resolve("m.npy");
        Npy.write(f, m);
        DenseMatrix back = Npy.read(f);
        assertEquals(7, back.rows());
        assertEquals(3, back.cols());
        assertArrayEquals(m.data(), back.data(), 0.0);
        assertEquals(Double.doubleToRawLongBits(-0.0), Double.doubleToRawLongBits(back.get(0, 0)));
        Npy.Header h = Npy.header(f);
        assertEquals("<f8", h.descr());
        assertTrue(h.fortranOrder());
        assertArrayEquals(new long[] {7, 3}, h.shape());
        assertEquals(0, h.dataOffset() % 64, "numpy aligns the data to 64 bytes");
    }

    @Test
    void roundTripsVector() {
        double[] v = randomMatrix(9, 1, 2).data();
        Path f = dir.resolve("v.npy");
        Npy.writeVector(f, v);
        assertArrayEquals(new long[] {9}, Npy.header(f).shape());
        assertArrayEquals(v, Npy.readVector(f), 0.0);
        DenseMatrix asMatrix = Npy.read(f);
        assertEquals(9, asMatrix.rows());
        assertEquals(1, asMatrix.cols());
    }

    @Test
    void readsCOrderByRows() throws IOException {
        // Row-major 2 x 3 data 1..6 must land at (i, j) = value (i*3 + j + 1), whatever the storage of the result.
        Path f = dir.resolve("c.npy");
        Files.write(f, npy(1, "{'descr': '<f8', 'fortran_order': False, 'shape': (2, 3), }",
                data(ByteOrder.LITTLE_ENDIAN, 8, 1, 2, 3, 4, 5, 6)));
        DenseMatrix m = Npy.read(f);
        for (int i = 0; i < 2; i++) {
            for (int j = 0; j < 3; j++) {
                assertEquals(i * 3 + j + 1, m.get(i, j));
            }
        }
    }

    @Test
    void readsCOrderAcrossChunks() throws IOException {
        // Reading decodes 4 MiB at a time: whole rows when they fit (1000 x 700: 749 rows, then 251), else pieces of a
        // row (2 x 600000 float64: 524288 elements, then the rest of the row).
        for (int[] shape : new int[][] {{1000, 700}, {2, 600_000}}) {
            int rows = shape[0];
            int cols = shape[1];
            double[] values = new double[rows * cols];
            for (int k = 0; k < values.length; k++) {
                values[k] = k; // row-major position, so entry (i, j) must read as i * cols + j
            }
            Path f = dir.resolve("big.npy");
            Files.write(f, npy(1, "{'descr': '<f8', 'fortran_order': False, 'shape': (" + rows + ", " + cols + "), }",
                    data(ByteOrder.LITTLE_ENDIAN, 8, values)));
            DenseMatrix m = Npy.read(f);
            for (int i = 0; i < rows; i++) {
                for (int j = 0; j < cols; j++) {
                    if (m.get(i, j) != (double) i * cols + j) {
                        throw new AssertionError("shape " + rows + " x " + cols + ": (" + i + ", " + j + ") = " + m.get(i, j));
                    }
                }
            }
        }
    }

    @Test
    void readsPython2StyleLongShape() throws IOException {
        Path f = dir.resolve("py2.npy");
        Files.write(f, npy(1, "{'descr': '>f4', 'fortran_order': True, 'shape': (2L, 1L), }",
                data(ByteOrder.BIG_ENDIAN, 4, 0.5, -2)));
        assertArrayEquals(new double[] {0.5, -2}, Npy.read(f).data(), 0.0);
    }

    @Test
    void rejectsMissingFile() {
        Path f = dir.resolve("absent.npy");
        assertInvalid(() -> Npy.read(f), f, "no such file");
        assertInvalid(() -> Npy.readVector(f), f, "no such file");
        assertInvalid(() -> Npy.header(f), f, "no such file");
    }

    @Test
    void rejectsFileTooShortForAHeader() throws IOException {
        Path f = dir.resolve("short.npy");
        Files.write(f, new byte[] {(byte) 0x93, 'N', 'U', 'M'});
        assertInvalid(() -> Npy.read(f), f, "truncated .npy header");
    }

    @Test
    void rejectsTruncatedHeader() throws IOException {
        byte[] whole = npy(1, "{'descr': '<f8', 'fortran_order': False, 'shape': (2, 2), }", new byte[0]);
        Path f = dir.resolve("trunc_header.npy");
        Files.write(f, java.util.Arrays.copyOf(whole, 30));
        assertInvalid(() -> Npy.read(f), f, "truncated .npy header");
    }

    @Test
    void rejectsWrongMagic() throws IOException {
        Path f = dir.resolve("text.npy");
        Files.writeString(f, "1.0 2.0\n3.0 4.0\n");
        assertInvalid(() -> Npy.read(f), f, "not a .npy file");
    }

    @Test
    void rejectsUnknownFormatVersion() throws IOException {
        Path f = dir.resolve("v4.npy");
        Files.write(f, npy(4, "{'descr': '<f8', 'fortran_order': False, 'shape': (1,), }", data(ByteOrder.LITTLE_ENDIAN, 8, 1)));
        assertInvalid(() -> Npy.read(f), f, "unsupported .npy format version 4");
    }

    @Test
    void rejectsTruncatedData() throws IOException {
        Path f = dir.resolve("trunc_data.npy");
        Files.write(f, npy(1, "{'descr': '<f8', 'fortran_order': False, 'shape': (3, 4), }",
                data(ByteOrder.LITTLE_ENDIAN, 8, 1, 2, 3, 4, 5)));
        assertInvalid(() -> Npy.read(f), f, "truncated", "(3, 4)", "96 bytes", "found 40");
    }

    @Test
    void rejectsMoreDataThanTheShape() throws IOException {
        Path f = dir.resolve("long.npy");
        Files.write(f, npy(1, "{'descr': '<f4', 'fortran_order': False, 'shape': (2,), }",
                data(ByteOrder.LITTLE_ENDIAN, 4, 1, 2, 3)));
        assertInvalid(() -> Npy.read(f), f, "shape (2,)", "needs 8 bytes", "12 bytes follow");
    }

    @Test
    void rejectsInt64() throws IOException {
        Path f = dir.resolve("i8.npy");
        Files.write(f, npy(1, "{'descr': '<i8', 'fortran_order': False, 'shape': (2,), }", new byte[16]));
        assertInvalid(() -> Npy.read(f), f, "unsupported dtype '<i8'");
    }

    @Test
    void rejectsComplex() throws IOException {
        Path f = dir.resolve("c16.npy");
        Files.write(f, npy(1, "{'descr': '<c16', 'fortran_order': False, 'shape': (1,), }", new byte[16]));
        assertInvalid(() -> Npy.read(f), f, "unsupported dtype '<c16'");
    }

    @Test
    void rejectsStructuredDtype() throws IOException {
        Path f = dir.resolve("rec.npy");
        Files.write(f, npy(1, "{'descr': [('x', '<f8'), ('y', '<f8')], 'fortran_order': False, 'shape': (1,), }",
                new byte[16]));
        assertInvalid(() -> Npy.read(f), f, "unsupported dtype");
    }

    @Test
    void rejectsNumpyWrittenIntegerComplexAndCube() {
        Python.assumeNumpy();
        assertInvalid(() -> Npy.read(numpyDir.resolve("int64.npy")), "int64.npy", "unsupported dtype '<i8'");
        assertInvalid(() -> Npy.read(numpyDir.resolve("complex.npy")), "complex.npy", "unsupported dtype '<c16'");
        assertInvalid(() -> Npy.read(numpyDir.resolve("cube.npy")), "cube.npy", "3-D array", "(2, 3, 4)");
    }

    @Test
    void rejectsThreeDimensionalArray() throws IOException {
        Path f = dir.resolve("cube.npy");
        Files.write(f, npy(1, "{'descr': '<f8', 'fortran_order': False, 'shape': (2, 2, 2), }", new byte[64]));
        assertInvalid(() -> Npy.read(f), f, "3-D array", "(2, 2, 2)");
    }

    @Test
    void rejectsMatrixWhereVectorIsExpected() {
        Path f = dir.resolve("m.npy");
        Npy.write(f, randomMatrix(2, 3, 3));
        assertInvalid(() -> Npy.readVector(f), f, "2-D array", "(2, 3)", "1-D vector was expected");
    }

    @Test
    void rejectsMalformedHeader() throws IOException {
        Path f = dir.resolve("bad_header.npy");
        Files.write(f, npy(1, "{'descr': '<f8', 'shape': (2,), }", new byte[16]));
        assertInvalid(() -> Npy.read(f), f, "malformed .npy header");
        Path g = dir.resolve("bad_shape.npy");
        Files.write(g, npy(1, "{'descr': '<f8', 'fortran_order': False, 'shape': (two,), }", new byte[16]));
        assertInvalid(() -> Npy.read(g), g, "malformed .npy shape");
    }

    @Test
    void rejectsNaN() throws IOException {
        Path f = dir.resolve("nan.npy");
        // C order: the sixth element of a 2 x 3 array is (1, 2).
        Files.write(f, npy(1, "{'descr': '<f8', 'fortran_order': False, 'shape': (2, 3), }",
                data(ByteOrder.LITTLE_ENDIAN, 8, 1, 2, 3, 4, 5, Double.NaN)));
        assertInvalid(() -> Npy.read(f), f, "non-finite entry NaN at (1, 2)");
    }

    @Test
    void rejectsInfinity() throws IOException {
        Path f = dir.resolve("inf.npy");
        Files.write(f, npy(1, "{'descr': '>f4', 'fortran_order': True, 'shape': (2, 2), }",
                data(ByteOrder.BIG_ENDIAN, 4, 1, Double.POSITIVE_INFINITY, 3, 4)));
        assertInvalid(() -> Npy.read(f), f, "non-finite entry Infinity at (1, 0)");
        Path g = dir.resolve("inf_vector.npy");
        Files.write(g, npy(1, "{'descr': '<f8', 'fortran_order': False, 'shape': (2,), }",
                data(ByteOrder.LITTLE_ENDIAN, 8, Double.NEGATIVE_INFINITY, 0)));
        assertInvalid(() -> Npy.readVector(g), g, "non-finite entry -Infinity");
    }

    @Test
    void requireSquareAndSymmetricNameTheFile() {
        Path f = dir.resolve("rect.npy");
        Npy.write(f, randomMatrix(3, 4, 4));
        assertInvalid(() -> Npy.read(f).requireSquare(f.toString()), f, "needs a square matrix, got 3 x 4");
        Path g = dir.resolve("asym.npy");
        Npy.write(g, DenseMatrix.fromRows(new double[][] {{2, 1}, {1 + 1e-6, 2}}));
        assertInvalid(() -> Npy.read(g).requireSymmetric(g.toString(), 1e-10), g, "needs a symmetric matrix",
                "relative asymmetry 5.00e-07");
        // Within tolerance passes.
        Npy.read(g).requireSymmetric(g.toString(), 1e-6);
    }

    static DenseMatrix randomMatrix(int rows, int cols, long seed) {
        Random r = new Random(seed);
        double[] d = new double[rows * cols];
        for (int k = 0; k < d.length; k++) {
            d[k] = r.nextGaussian() * Math.pow(10, r.nextInt(11) - 5);
        }
        return DenseMatrix.of(rows, cols, d);
    }

    /** A .npy file with the given version and header dict, padded as numpy does, followed by {@code data}. */
    static byte[] npy(int major, String dict, byte[] data) {
        int lengthBytes = major == 1 ? 2 : 4;
        int unpadded = 8 + lengthBytes + dict.length() + 1;
        String header = dict + " ".repeat((64 - unpadded % 64) % 64) + "\n";
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', (byte) major, 0});
        ByteBuffer len = ByteBuffer.allocate(lengthBytes).order(ByteOrder.LITTLE_ENDIAN);
        if (lengthBytes == 2) {
            len.putShort((short) header.length());
        } else {
            len.putInt(header.length());
        }
        out.writeBytes(len.array());
        out.writeBytes(header.getBytes(StandardCharsets.ISO_8859_1));
        out.writeBytes(data);
        return out.toByteArray();
    }

    /** Values as float32 (size 4) or float64 (size 8) in the given byte order. */
    static byte[] data(ByteOrder order, int size, double... values) {
        ByteBuffer b = ByteBuffer.allocate(values.length * size).order(order);
        for (double v : values) {
            if (size == 4) {
                b.putFloat((float) v);
            } else {
                b.putDouble(v);
            }
        }
        return b.array();
    }
}
