package dev.spectral.io;

import static dev.spectral.io.Failures.assertInvalid;
import static dev.spectral.io.NpyTest.data;
import static dev.spectral.io.NpyTest.npy;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.spectral.matrix.DenseMatrix;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class NpzTest {
    @TempDir
    static Path numpyDir;

    @TempDir
    Path dir;

    @BeforeAll
    static void writeNumpyFixtures() {
        try {
            Python.assumeNumpy();
        } catch (org.opentest4j.TestAbortedException e) {
            return;
        }
        Python.run(numpyDir, """
                import numpy as np
                rng = np.random.default_rng(5)
                a = rng.standard_normal((4, 3))
                b = rng.standard_normal(6)
                c = np.asfortranarray(rng.standard_normal((2, 5)).astype('>f4'))
                np.savez('stored.npz', a=a, b=b, c=c)
                np.savez_compressed('deflated.npz', a=a, b=b, c=c)
                np.savez('positional.npz', a)
                np.savez('nan.npz', ok=a, bad=np.array([[1.0, np.nan]]))
                np.savez('int.npz', i=np.arange(3))
                for name, x in (('a', a), ('b', b.reshape(-1, 1)), ('c', c)):
                    np.savetxt(name + '.txt', x.astype(np.float64), fmt='%.17g')
                """);
    }

    @ParameterizedTest
    @ValueSource(strings = {"stored", "deflated"})
    void readsNumpyArchives(String kind) throws IOException {
        Python.assumeNumpy();
        Path f = numpyDir.resolve(kind + ".npz");
        assertEquals(List.of("a", "b", "c"), Npz.names(f));
        for (String name : List.of("a", "b", "c")) {
            DenseMatrix expected = Python.readText(numpyDir.resolve(name + ".txt"));
            DenseMatrix m = Npz.read(f, name);
            assertEquals(expected.rows(), m.rows(), name);
            assertEquals(expected.cols(), m.cols(), name);
            assertArrayEquals(expected.data(), m.data(), 0.0, name);
        }
        assertArrayEquals(Npz.read(f, "a").data(), Npz.read(f).data(), 0.0, "the first array is a");
    }

    @Test
    void numpyArchivesAreStoredAndDeflatedRespectively() throws IOException {
        Python.assumeNumpy();
        try (ZipFile z = new ZipFile(numpyDir.resolve("stored.npz").toFile())) {
            assertEquals(ZipEntry.STORED, z.getEntry("a.npy").getMethod());
        }
        try (ZipFile z = new ZipFile(numpyDir.resolve("deflated.npz").toFile())) {
            assertEquals(ZipEntry.DEFLATED, z.getEntry("a.npy").getMethod());
        }
    }

    @Test
    void readsPositionalArray() throws IOException {
        Python.assumeNumpy();
        Path f = numpyDir.resolve("positional.npz");
        assertEquals(List.of("arr_0"), Npz.names(f));
        assertArrayEquals(Python.readText(numpyDir.resolve("a.txt")).data(), Npz.read(f).data(), 0.0);
    }

    @Test
    void readsJavaBuiltArchivesBothWays() throws IOException {
        byte[] x = npy(1, "{'descr': '<f8', 'fortran_order': False, 'shape': (2, 2), }",
                data(ByteOrder.LITTLE_ENDIAN, 8, 1, 2, 3, 4));
        byte[] y = npy(2, "{'descr': '>f4', 'fortran_order': False, 'shape': (3,), }", data(ByteOrder.BIG_ENDIAN, 4, 5, 6, 7));
        for (int method : new int[] {ZipEntry.STORED, ZipEntry.DEFLATED}) {
            Path f = dir.resolve("java" + method + ".npz");
            zip(f, method, "x.npy", x, "y.npy", y);
            assertEquals(List.of("x", "y"), Npz.names(f));
            assertArrayEquals(new double[] {1, 3, 2, 4}, Npz.read(f, "x").data(), 0.0);
            assertArrayEquals(new double[] {5, 6, 7}, Npz.read(f, "y").data(), 0.0);
        }
    }

    @Test
    void rejectsMissingArrayName() throws IOException {
        Path f = dir.resolve("one.npz");
        zip(f, ZipEntry.DEFLATED, "x.npy", npy(1, "{'descr': '<f8', 'fortran_order': False, 'shape': (1,), }",
                data(ByteOrder.LITTLE_ENDIAN, 8, 1)));
        assertInvalid(() -> Npz.read(f, "y"), f, "no array 'y'", "[x]");
    }

    @Test
    void rejectsArchiveWithoutArrays() throws IOException {
        Path f = dir.resolve("none.npz");
        zip(f, ZipEntry.DEFLATED, "readme.txt", "hello".getBytes());
        assertEquals(List.of(), Npz.names(f));
        assertInvalid(() -> Npz.read(f), f, "holds no arrays");
    }

    @Test
    void rejectsMissingFile() {
        Path f = dir.resolve("absent.npz");
        assertInvalid(() -> Npz.names(f), f, "no such file");
        assertInvalid(() -> Npz.read(f), f, "no such file");
        assertInvalid(() -> Npz.read(f, "a"), f, "no such file");
    }

    @Test
    void rejectsNonZipFile() throws IOException {
        Path f = dir.resolve("plain.npz");
        Files.write(f, npy(1, "{'descr': '<f8', 'fortran_order': False, 'shape': (1,), }", data(ByteOrder.LITTLE_ENDIAN, 8, 1)));
        assertInvalid(() -> Npz.read(f), f, "not a .npz (zip) archive");
    }

    @Test
    void rejectsTruncatedArchive() throws IOException {
        Path whole = dir.resolve("whole.npz");
        zip(whole, ZipEntry.DEFLATED, "x.npy", npy(1, "{'descr': '<f8', 'fortran_order': False, 'shape': (50,), }",
                data(ByteOrder.LITTLE_ENDIAN, 8, new double[50])));
        byte[] b = Files.readAllBytes(whole);
        Path f = dir.resolve("cut.npz");
        Files.write(f, Arrays.copyOf(b, b.length / 2));
        assertInvalid(() -> Npz.read(f), f, "not a .npz (zip) archive");
    }

    @Test
    void rejectsEntryWithTooLittleData() throws IOException {
        Path f = dir.resolve("short_entry.npz");
        zip(f, ZipEntry.STORED, "x.npy", npy(1, "{'descr': '<f8', 'fortran_order': False, 'shape': (4,), }",
                data(ByteOrder.LITTLE_ENDIAN, 8, 1, 2)));
        assertInvalid(() -> Npz.read(f, "x"), f + ":x.npy", "truncated", "needs 32 bytes of data, found 16");
    }

    @Test
    void rejectsUnsupportedDtypeInEntry() throws IOException {
        Path f = dir.resolve("i8.npz");
        zip(f, ZipEntry.DEFLATED, "x.npy", npy(1, "{'descr': '<i8', 'fortran_order': False, 'shape': (1,), }", new byte[8]));
        assertInvalid(() -> Npz.read(f), f + ":x.npy", "unsupported dtype '<i8'");
    }

    @Test
    void rejectsNumpyWrittenNaNAndIntegers() {
        Python.assumeNumpy();
        Path f = numpyDir.resolve("nan.npz");
        assertEquals(3, Npz.read(f, "ok").cols());
        assertInvalid(() -> Npz.read(f, "bad"), f + ":bad.npy", "non-finite entry NaN at (0, 1)");
        Path g = numpyDir.resolve("int.npz");
        assertInvalid(() -> Npz.read(g), g + ":i.npy", "unsupported dtype '<i8'");
    }

    /** Writes a zip of (name, content) pairs with one compression method. */
    private static void zip(Path f, int method, Object... entries) throws IOException {
        try (OutputStream raw = Files.newOutputStream(f); ZipOutputStream z = new ZipOutputStream(raw)) {
            for (int k = 0; k < entries.length; k += 2) {
                byte[] content = (byte[]) entries[k + 1];
                ZipEntry e = new ZipEntry((String) entries[k]);
                e.setMethod(method);
                if (method == ZipEntry.STORED) {
                    CRC32 crc = new CRC32();
                    crc.update(content);
                    e.setCrc(crc.getValue());
                    e.setSize(content.length);
                    e.setCompressedSize(content.length);
                }
                z.putNextEntry(e);
                z.write(content);
                z.closeEntry();
            }
        }
    }
}
