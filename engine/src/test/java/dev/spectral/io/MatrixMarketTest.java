package dev.spectral.io;

import static dev.spectral.io.Failures.assertInvalid;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spectral.matrix.CsrMatrix;
import dev.spectral.matrix.DenseMatrix;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MatrixMarketTest {
    /** Files written by scipy.io.mmwrite, and by hand; for each, what scipy.io.mmread makes of it as a .txt. */
    @TempDir
    static Path scipyDir;

    @TempDir
    Path dir;

    private static final String DUPLICATES = """
            %%MatrixMarket matrix coordinate real general
            % unsorted rows, a duplicate (2,3) and an explicit zero
            3 4 6
            3 1 -1.5
            2 3 1
            1 4 2e-3

            2 3 0.25
            2 1 7
            1 1 0
            """;

    private static final String SKEW = """
            %%MatrixMarket matrix coordinate integer skew-symmetric
            3 3 2
            2 1 4
            3 2 -5
            """;

    @BeforeAll
    static void writeScipyFixtures() throws IOException {
        try {
            Python.assumeScipy();
        } catch (org.opentest4j.TestAbortedException e) {
            return;
        }
        Files.writeString(scipyDir.resolve("duplicates.mtx"), DUPLICATES);
        Files.writeString(scipyDir.resolve("skew.mtx"), SKEW);
        Python.run(scipyDir, """
                import numpy as np, scipy.io as sio, scipy.sparse as sp
                rng = np.random.default_rng(17)
                a = sp.random(30, 20, density=0.1, random_state=rng, format='coo')
                sio.mmwrite('general.mtx', a, symmetry='general')
                s = sp.random(25, 25, density=0.08, random_state=rng)
                sio.mmwrite('symmetric.mtx', (s + s.T).tocoo(), symmetry='symmetric')
                i = sp.coo_matrix(rng.integers(-9, 10, (8, 11)) * (rng.random((8, 11)) < 0.3))
                sio.mmwrite('integer.mtx', i, symmetry='general')
                sio.mmwrite('pattern.mtx', a, field='pattern', symmetry='general')
                sio.mmwrite('dense.mtx', rng.standard_normal((5, 4)), symmetry='general')
                m = rng.standard_normal((4, 4))
                sio.mmwrite('dense_symmetric.mtx', m + m.T, symmetry='symmetric')
                for name in ('general', 'symmetric', 'integer', 'pattern', 'dense', 'dense_symmetric', 'duplicates', 'skew'):
                    x = sio.mmread(name + '.mtx')
                    x = x.toarray() if sp.issparse(x) else np.asarray(x)
                    np.savetxt(name + '.txt', x.astype(np.float64), fmt='%.17g')
                """);
    }

    @ParameterizedTest
    @CsvSource({
        "general, coordinate real general",
        "symmetric, coordinate real symmetric",
        "integer, coordinate integer general",
        "pattern, coordinate pattern general",
        "dense, array real general",
        "dense_symmetric, array real symmetric",
        "duplicates, coordinate real general",
        "skew, coordinate integer skew-symmetric"})
    void agreesWithScipy(String name, String banner) throws IOException {
        Python.assumeScipy();
        Path f = scipyDir.resolve(name + ".mtx");
        assertTrue(Files.readAllLines(f).getFirst().endsWith(banner), "the fixture is of the kind claimed");
        DenseMatrix expected = Python.readText(scipyDir.resolve(name + ".txt"));
        DenseMatrix dense = MatrixMarket.readDense(f);
        assertEquals(expected.rows(), dense.rows());
        assertEquals(expected.cols(), dense.cols());
        assertArrayEquals(expected.data(), dense.data(), 0.0);
        assertArrayEquals(expected.data(), MatrixMarket.read(f).toDense().data(), 0.0);
    }

    @Test
    void buildsSortedCsrWithDuplicatesSummed() throws IOException {
        CsrMatrix a = MatrixMarket.read(write("dup.mtx", DUPLICATES));
        assertEquals(3, a.rows());
        assertEquals(4, a.cols());
        // Row 0: (0,0)=0 explicit, (0,3)=0.002; row 1: (1,0)=7, (1,2)=1.25; row 2: (2,0)=-1.5.
        assertArrayEquals(new int[] {0, 2, 4, 5}, a.rowPointers());
        assertArrayEquals(new int[] {0, 3, 0, 2, 0}, a.columnIndices());
        assertArrayEquals(new double[] {0, 2e-3, 7, 1.25, -1.5}, a.values(), 0.0);
    }

    @Test
    void expandsSymmetricWithoutDoublingTheDiagonal() throws IOException {
        Path f = write("sym.mtx", """
                %%MatrixMarket matrix coordinate real symmetric
                3 3 4
                1 1 2
                2 1 -1
                3 2 -1
                3 3 5
                """);
        DenseMatrix expected = DenseMatrix.fromRows(new double[][] {{2, -1, 0}, {-1, 0, -1}, {0, -1, 5}});
        assertArrayEquals(expected.data(), MatrixMarket.readDense(f).data(), 0.0);
        assertEquals(6, MatrixMarket.read(f).nonZeros());
    }

    @Test
    void expandsSkewSymmetric() throws IOException {
        DenseMatrix expected = DenseMatrix.fromRows(new double[][] {{0, -4, 0}, {4, 0, 5}, {0, -5, 0}});
        assertArrayEquals(expected.data(), MatrixMarket.readDense(write("skew.mtx", SKEW)).data(), 0.0);
    }

    @Test
    void readsPatternAsOnes() throws IOException {
        Path f = write("p.mtx", """
                %%MatrixMarket matrix coordinate pattern general
                2 2 2
                1 2
                2 1
                """);
        assertArrayEquals(new double[] {0, 1, 1, 0}, MatrixMarket.readDense(f).data(), 0.0);
    }

    @Test
    void readsArrayColumnMajor() throws IOException {
        Path f = write("a.mtx", """
                %%MatrixMarket matrix array real general
                % 2 x 3, by columns
                2 3
                1
                4
                2
                5
                0
                6
                """);
        DenseMatrix expected = DenseMatrix.fromRows(new double[][] {{1, 2, 0}, {4, 5, 6}});
        assertArrayEquals(expected.data(), MatrixMarket.readDense(f).data(), 0.0);
        CsrMatrix sparse = MatrixMarket.read(f);
        assertEquals(5, sparse.nonZeros(), "array zeros are dropped from the sparse form");
        assertArrayEquals(expected.data(), sparse.toDense().data(), 0.0);
    }

    @Test
    void readsArraySymmetricLowerTriangle() throws IOException {
        Path f = write("as.mtx", """
                %%MatrixMarket matrix array real symmetric
                3 3
                1
                2
                3
                4
                5
                6
                """);
        DenseMatrix expected = DenseMatrix.fromRows(new double[][] {{1, 2, 3}, {2, 4, 5}, {3, 5, 6}});
        assertArrayEquals(expected.data(), MatrixMarket.readDense(f).data(), 0.0);
    }

    @Test
    void readsGzippedAndCaseInsensitiveBanner() throws IOException {
        Path f = dir.resolve("m.mtx.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(f))) {
            out.write("%%MatrixMarket MATRIX Coordinate Real General\n1 2 1\n1 2 3.5\n".getBytes(StandardCharsets.UTF_8));
        }
        assertArrayEquals(new double[] {0, 3.5}, MatrixMarket.readDense(f).data(), 0.0);
    }

    @Test
    void rejectsMissingFile() {
        Path f = dir.resolve("absent.mtx");
        assertInvalid(() -> MatrixMarket.read(f), f, "no such file");
        assertInvalid(() -> MatrixMarket.readDense(f), f, "no such file");
    }

    @Test
    void rejectsEmptyFile() throws IOException {
        Path f = write("empty.mtx", "");
        assertInvalid(() -> MatrixMarket.read(f), f, "not a Matrix Market file");
    }

    @Test
    void rejectsFileWithoutBanner() throws IOException {
        Path f = write("plain.mtx", "3 3 1\n1 1 1\n");
        assertInvalid(() -> MatrixMarket.read(f), f + ":1:", "not a Matrix Market file");
    }

    @Test
    void rejectsIncompleteBanner() throws IOException {
        Path f = write("short_banner.mtx", "%%MatrixMarket matrix coordinate real\n1 1 1\n1 1 1\n");
        assertInvalid(() -> MatrixMarket.read(f), f + ":1:", "malformed header");
    }

    @Test
    void rejectsUnsupportedHeaderWords() throws IOException {
        Path complex = write("c.mtx", "%%MatrixMarket matrix coordinate complex general\n1 1 1\n1 1 1 0\n");
        assertInvalid(() -> MatrixMarket.read(complex), complex, "unsupported field 'complex'");
        Path hermitian = write("h.mtx", "%%MatrixMarket matrix coordinate real hermitian\n1 1 1\n1 1 1\n");
        assertInvalid(() -> MatrixMarket.read(hermitian), hermitian, "unsupported symmetry 'hermitian'");
        Path format = write("f.mtx", "%%MatrixMarket matrix sparse real general\n1 1 1\n1 1 1\n");
        assertInvalid(() -> MatrixMarket.read(format), format, "unsupported format 'sparse'");
        Path object = write("v.mtx", "%%MatrixMarket vector coordinate real general\n1 1\n1 1\n");
        assertInvalid(() -> MatrixMarket.read(object), object, "unsupported object 'vector'");
        Path pattern = write("pa.mtx", "%%MatrixMarket matrix array pattern general\n1 1\n1\n");
        assertInvalid(() -> MatrixMarket.read(pattern), pattern, "pattern matrix must be in coordinate format");
    }

    @Test
    void rejectsMalformedSizeLine() throws IOException {
        Path f = write("size.mtx", "%%MatrixMarket matrix coordinate real general\n% comment\n3 3\n1 1 1\n");
        assertInvalid(() -> MatrixMarket.read(f), f + ":3:", "malformed size line '3 3'");
        Path g = write("size2.mtx", "%%MatrixMarket matrix array real general\n-2 2\n");
        assertInvalid(() -> MatrixMarket.read(g), g + ":2:", "malformed number of rows '-2'");
        Path h = write("size3.mtx", "%%MatrixMarket matrix coordinate real general\n");
        assertInvalid(() -> MatrixMarket.read(h), h, "no size line");
    }

    @Test
    void rejectsNonSquareSymmetric() throws IOException {
        Path f = write("ns.mtx", "%%MatrixMarket matrix coordinate real symmetric\n3 4 1\n1 1 1\n");
        assertInvalid(() -> MatrixMarket.read(f), f + ":2:", "symmetric matrix must be square", "3 x 4");
    }

    @Test
    void rejectsMalformedEntries() throws IOException {
        String head = "%%MatrixMarket matrix coordinate real general\n2 2 2\n1 1 1\n";
        Path fields = write("e1.mtx", head + "2 2\n");
        assertInvalid(() -> MatrixMarket.read(fields), fields + ":4:", "malformed entry '2 2' (expected 3 fields)");
        Path extra = write("e2.mtx", head + "2 2 1 9\n");
        assertInvalid(() -> MatrixMarket.read(extra), extra + ":4:", "expected 3 fields");
        Path value = write("e3.mtx", head + "2 2 one\n");
        assertInvalid(() -> MatrixMarket.read(value), value + ":4:", "malformed real value 'one'");
        Path index = write("e4.mtx", head + "2 x 1\n");
        assertInvalid(() -> MatrixMarket.read(index), index + ":4:", "malformed column index 'x'");
        Path integer = write("e5.mtx", "%%MatrixMarket matrix coordinate integer general\n1 1 1\n1 1 1.5\n");
        assertInvalid(() -> MatrixMarket.read(integer), integer + ":3:", "malformed integer value '1.5'");
    }

    @Test
    void rejectsIndicesOutOfRange() throws IOException {
        Path zero = write("r0.mtx", "%%MatrixMarket matrix coordinate real general\n2 3 1\n0 1 1\n");
        assertInvalid(() -> MatrixMarket.read(zero), zero + ":3:", "row index 0 out of range 1..2");
        Path big = write("c4.mtx", "%%MatrixMarket matrix coordinate real general\n2 3 1\n1 4 1\n");
        assertInvalid(() -> MatrixMarket.read(big), big + ":3:", "column index 4 out of range 1..3");
    }

    @Test
    void rejectsTooFewAndTooManyEntries() throws IOException {
        Path few = write("few.mtx", "%%MatrixMarket matrix coordinate real general\n2 2 3\n1 1 1\n2 2 1\n");
        assertInvalid(() -> MatrixMarket.read(few), few, "truncated: 3 entries declared, 2 found");
        Path many = write("many.mtx", "%%MatrixMarket matrix coordinate real general\n2 2 1\n1 1 1\n2 2 1\n");
        assertInvalid(() -> MatrixMarket.read(many), many + ":4:", "more entries than the 1 declared");
        Path shortArray = write("fewa.mtx", "%%MatrixMarket matrix array real general\n2 2\n1\n2\n3\n");
        assertInvalid(() -> MatrixMarket.readDense(shortArray), shortArray, "truncated: 4 values expected, 3 found");
        Path longArray = write("manya.mtx", "%%MatrixMarket matrix array real symmetric\n2 2\n1\n2\n3\n4\n");
        assertInvalid(() -> MatrixMarket.readDense(longArray), longArray + ":6:",
                "more values than the 3 that a 2 x 2 symmetric array holds");
    }

    @Test
    void rejectsNonFiniteValues() throws IOException {
        for (String v : new String[] {"nan", "inf", "-Infinity", "NaN"}) {
            Path f = write("nf.mtx", "%%MatrixMarket matrix coordinate real general\n1 1 1\n1 1 " + v + "\n");
            assertInvalid(() -> MatrixMarket.read(f), f + ":3:", "non-finite value " + v);
        }
        Path overflow = write("ovf.mtx", "%%MatrixMarket matrix coordinate real general\n1 1 2\n1 1 1e308\n1 1 1e308\n");
        assertInvalid(() -> MatrixMarket.read(overflow), overflow, "non-finite entry");
    }

    @Test
    void rejectsDiagonalInSkewSymmetric() throws IOException {
        Path f = write("skewdiag.mtx", "%%MatrixMarket matrix coordinate real skew-symmetric\n2 2 1\n2 2 1\n");
        assertInvalid(() -> MatrixMarket.read(f), f + ":3:", "diagonal entry (2, 2) in a skew-symmetric matrix");
    }

    @Test
    void requireSquareAndSymmetricNameTheFile() throws IOException {
        Path rect = write("rect.mtx", "%%MatrixMarket matrix coordinate real general\n2 3 1\n1 1 1\n");
        assertInvalid(() -> MatrixMarket.readDense(rect).requireSquare(rect.toString()), rect, "needs a square matrix, got 2 x 3");
        Path asym = write("asym.mtx", "%%MatrixMarket matrix coordinate real general\n2 2 2\n1 2 1\n2 1 0.5\n");
        assertInvalid(() -> MatrixMarket.readDense(asym).requireSymmetric(asym.toString(), 1e-10), asym,
                "needs a symmetric matrix", "relative asymmetry 0.500");
    }

    private Path write(String name, String content) throws IOException {
        return Files.writeString(dir.resolve(name), content);
    }
}
