package dev.spectral.operator;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spectral.InvalidInputException;
import dev.spectral.estimate.TestMatrices;
import dev.spectral.kernel.Kernel;
import dev.spectral.kernel.KernelMatrix;
import dev.spectral.kernel.Points;
import dev.spectral.kernel.ReluNtk;
import dev.spectral.matrix.CsrMatrix;
import dev.spectral.matrix.DenseMatrix;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class OperatorsTest {
    /** Y = A X by the textbook triple loop: the reference every block product is checked against. */
    private static double[] naive(DenseMatrix a, double[] x, int k, boolean transpose) {
        int m = transpose ? a.cols() : a.rows();
        int n = transpose ? a.rows() : a.cols();
        double[] y = new double[m * k];
        for (int c = 0; c < k; c++) {
            for (int i = 0; i < m; i++) {
                double s = 0;
                for (int j = 0; j < n; j++) {
                    s += (transpose ? a.get(j, i) : a.get(i, j)) * x[c * n + j];
                }
                y[c * m + i] = s;
            }
        }
        return y;
    }

    private static double[] random(int len, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        double[] x = new double[len];
        for (int i = 0; i < len; i++) {
            x[i] = r.nextGaussian();
        }
        return x;
    }

    private static void checkProducts(LinearOperator op, DenseMatrix reference, double tol) {
        for (int k : new int[] {1, 3, 7}) {
            double[] x = random(op.cols() * k, k);
            double[] y = new double[op.rows() * k];
            op.apply(x, y, k);
            assertArrayEquals(naive(reference, x, k, false), y, tol, op.description() + " k=" + k);
        }
    }

    private static CsrMatrix randomCsr(int rows, int cols, double density, long seed, boolean symmetric) {
        SplittableRandom r = new SplittableRandom(seed);
        double[][] d = new double[rows][cols];
        for (int i = 0; i < rows; i++) {
            for (int j = symmetric ? i : 0; j < cols; j++) {
                if (r.nextDouble() < density) {
                    d[i][j] = r.nextGaussian();
                    if (symmetric) {
                        d[j][i] = d[i][j];
                    }
                }
            }
        }
        List<Integer> cols2 = new ArrayList<>();
        List<Double> vals = new ArrayList<>();
        int[] rp = new int[rows + 1];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                if (d[i][j] != 0) {
                    cols2.add(j);
                    vals.add(d[i][j]);
                }
            }
            rp[i + 1] = cols2.size();
        }
        return CsrMatrix.of(rows, cols, rp, cols2.stream().mapToInt(Integer::intValue).toArray(),
                vals.stream().mapToDouble(Double::doubleValue).toArray());
    }

    @Test
    void denseProductsAndTranspose() {
        DenseMatrix a = TestMatrices.gaussian(7, 5, 1);
        DenseOperator op = Operators.dense(a);
        checkProducts(op, a, 1e-13);
        double[] x = random(7 * 3, 2);
        double[] y = new double[5 * 3];
        op.applyTranspose(x, y, 3);
        assertArrayEquals(naive(a, x, 3, true), y, 1e-13);
        assertFalse(op.symmetric());
        assertTrue(Operators.dense(TestMatrices.withSpectrum(new double[] {1, 2, 3}, 1)).symmetric());
    }

    @Test
    void sparseProductsTransposeDiagonalAndSymmetry() {
        CsrMatrix c = randomCsr(40, 25, 0.2, 3, false);
        CsrOperator op = Operators.sparse(c, 3);
        checkProducts(op, c.toDense(), 1e-13);
        double[] x = random(40 * 4, 4);
        double[] y = new double[25 * 4];
        op.applyTranspose(x, y, 4);
        assertArrayEquals(naive(c.toDense(), x, 4, true), y, 1e-13);
        assertFalse(op.symmetric());
        // more rows than one parallel chunk, symmetric pattern
        CsrMatrix s = randomCsr(3000, 3000, 0.002, 5, true);
        CsrOperator sym = Operators.sparse(s, 2);
        assertTrue(sym.symmetric());
        double[] xs = random(3000 * 2, 6);
        double[] ys = new double[3000 * 2];
        double[] ys1 = new double[3000 * 2];
        sym.apply(xs, ys, 2);
        Operators.sparse(s, 1).apply(xs, ys1, 2);
        assertArrayEquals(ys1, ys, 0.0, "thread count must not change the result");
        double[] ref = new double[3000 * 2];
        s.multiply(xs, ref, 2);
        assertArrayEquals(ref, ys, 1e-12);
        double[] d = sym.diagonal().orElseThrow();
        for (int i = 0; i < 3000; i += 97) {
            assertEquals(s.toDense().get(i, i), d[i], 0);
        }
    }

    /** n x n with 5 nonzeros per row: the diagonal and four columns within {@code reach} of it (wrapping around). */
    private static CsrMatrix fivePer(int n, int reach, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        int[] rp = new int[n + 1];
        int[] ci = new int[5 * n];
        double[] v = new double[5 * n];
        for (int i = 0; i < n; i++) {
            java.util.TreeSet<Integer> cols = new java.util.TreeSet<>(List.of(i));
            while (cols.size() < 5) {
                cols.add(Math.floorMod(i + r.nextInt(-reach, reach + 1), n));
            }
            int p = 5 * i;
            for (int c : cols) {
                ci[p] = c;
                v[p++] = r.nextGaussian();
            }
            rp[i + 1] = p;
        }
        return CsrMatrix.of(n, n, rp, ci, v);
    }

    @Test
    void sparseBlockProductsAgreeInBothLayouts() {
        int n = 3 * 2048 + 17; // several row chunks and a ragged last one
        CsrMatrix near = fivePer(n, 40, 1);
        CsrMatrix far = fivePer(n, n / 2, 2);
        assertTrue(CsrOperator.banded(near));
        assertFalse(CsrOperator.banded(fivePer(40000, 20000, 3)));
        for (CsrMatrix m : List.of(near, far)) {
            for (int k : new int[] {1, 3, 8}) {
                double[] x = random(n * k, k);
                double[] ref = new double[n * k];
                m.multiply(x, ref, k);
                double[] banded = new double[n * k];
                double[] interleaved = new double[n * k];
                CsrOperator.multiply(m, true, x, banded, k, 2);
                CsrOperator.multiply(m, false, x, interleaved, k, 3);
                assertArrayEquals(banded, interleaved, 0.0, "both layouts sum each row in the same order");
                assertArrayEquals(ref, banded, 1e-12);
            }
        }
    }

    @Test
    void compositionsMatchTheirDenseEquivalents() {
        DenseMatrix a = TestMatrices.gaussian(6, 6, 7);
        DenseMatrix b = TestMatrices.gaussian(6, 6, 8);
        LinearOperator oa = Operators.dense(a);
        LinearOperator ob = Operators.dense(b);
        DenseMatrix shifted = a.copy();
        DenseMatrix scaled = a.copy();
        DenseMatrix sum = a.copy();
        for (int i = 0; i < 6; i++) {
            shifted.set(i, i, a.get(i, i) + 2.5);
            for (int j = 0; j < 6; j++) {
                scaled.set(i, j, -1.5 * a.get(i, j));
                sum.set(i, j, a.get(i, j) + b.get(i, j));
            }
        }
        checkProducts(oa.shifted(2.5), shifted, 1e-13);
        checkProducts(oa.scaled(-1.5), scaled, 1e-13);
        checkProducts(oa.plus(ob), sum, 1e-13);
        assertArrayEquals(new double[] {a.get(0, 0) + 2.5, a.get(1, 1) + 2.5}, java.util.Arrays.copyOf(
                oa.shifted(2.5).diagonal().orElseThrow(), 2), 1e-15);
        double[] x = random(12, 9);
        double[] y = new double[12];
        oa.plus(ob).scaled(2).applyTranspose(x, y, 2);
        DenseMatrix t = sum.copy();
        for (int i = 0; i < 6; i++) {
            for (int j = 0; j < 6; j++) {
                t.set(i, j, 2 * sum.get(i, j));
            }
        }
        assertArrayEquals(naive(t, x, 2, true), y, 1e-12);
    }

    @Test
    void gramOperatorsOfRectangularFactors() {
        DenseMatrix a = TestMatrices.gaussian(9, 4, 10);
        DenseMatrix ata = DenseMatrix.zeros(4, 4);
        DenseMatrix aat = DenseMatrix.zeros(9, 9);
        for (int i = 0; i < 9; i++) {
            for (int j = 0; j < 9; j++) {
                double s = 0;
                for (int l = 0; l < 4; l++) {
                    s += a.get(i, l) * a.get(j, l);
                }
                aat.set(i, j, s);
            }
        }
        for (int i = 0; i < 4; i++) {
            for (int j = 0; j < 4; j++) {
                double s = 0;
                for (int l = 0; l < 9; l++) {
                    s += a.get(l, i) * a.get(l, j);
                }
                ata.set(i, j, s);
            }
        }
        GramOperator g = Operators.gram(Operators.dense(a));
        GramOperator h = Operators.outerGram(Operators.dense(a));
        checkProducts(g, ata, 1e-12);
        checkProducts(h, aat, 1e-12);
        assertTrue(g.symmetric() && g.positiveSemidefinite());
        assertEquals(4, g.rows());
        assertEquals(9, h.rows());
        assertEquals(ata.get(2, 2), g.diagonal().orElseThrow()[2], 1e-12);
        assertEquals(aat.get(5, 5), h.diagonal().orElseThrow()[5], 1e-12);
        CsrMatrix c = randomCsr(12, 5, 0.4, 12, false);
        checkProducts(Operators.gram(Operators.sparse(c)), Operators.gram(Operators.dense(c.toDense())).toDense(), 1e-12);
    }

    @Test
    void userOperators() {
        DenseMatrix a = TestMatrices.withSpectrum(new double[] {1, 2, 3, 4, 5}, 3);
        LinearOperator block = Operators.symmetric(5, (x, y, k) -> Operators.dense(a).apply(x, y, k));
        LinearOperator vector = Operators.symmetric(5, (x, y) -> {
            for (int i = 0; i < 5; i++) {
                double s = 0;
                for (int j = 0; j < 5; j++) {
                    s += a.get(i, j) * x[j];
                }
                y[i] = s;
            }
        });
        checkProducts(block, a, 1e-13);
        checkProducts(vector, a, 1e-13);
        assertTrue(vector.symmetric());
        assertFalse(vector.positiveSemidefinite());
        assertTrue(Operators.assumePositiveSemidefinite(vector).positiveSemidefinite());
        DenseMatrix r = TestMatrices.gaussian(3, 5, 4);
        LinearOperator general = Operators.general(3, 5, (x, y, k) -> Operators.dense(r).apply(x, y, k),
                (x, y, k) -> Operators.dense(r).applyTranspose(x, y, k));
        checkProducts(general, r, 1e-13);
        checkProducts(Operators.gram(general), Operators.gram(Operators.dense(r)).toDense(), 1e-12);
        LinearOperator noTranspose = Operators.general(3, 5, (x, y, k) -> Operators.dense(r).apply(x, y, k), null);
        assertThrows(InvalidInputException.class, () -> noTranspose.applyTranspose(new double[3], new double[5], 1));
        double[] diag = {1, 2, 3, 4, 5};
        assertArrayEquals(diag, Operators.withDiagonal(block, diag).diagonal().orElseThrow(), 0);
    }

    @Test
    void kernelOperatorMatchesTheDenseKernelMatrix() {
        Points pts = Points.fromRows(TestMatrices.gaussian(300, 4, 20));
        List<Kernel> kernels = List.of(new Kernel.Rbf(1.3), new Kernel.Matern(Kernel.Smoothness.HALF, 0.8),
                new Kernel.Matern(Kernel.Smoothness.THREE_HALVES, 1.1), new Kernel.Matern(Kernel.Smoothness.FIVE_HALVES, 2),
                new ReluNtk(3));
        for (Kernel k : kernels) {
            KernelOperator op = Operators.kernel(pts, k, 0.25, 3);
            DenseMatrix dense = KernelMatrix.dense(pts, k, 0.25);
            double scale = dense.frobeniusNorm();
            checkProducts(op, dense, 1e-12 * scale);
            // k(x, x) is 1 for the stationary kernels and (L + 1)|x|² for the NTK
            double[] diag = op.diagonal().orElseThrow();
            for (int i = 0; i < 300; i++) {
                double expected = (k instanceof ReluNtk ntk ? (ntk.depth() + 1) * pts.squaredNorms()[i] : 1.0) + 0.25;
                assertEquals(expected, diag[i], 1e-14 * expected);
            }
            assertTrue(op.symmetric() && op.positiveSemidefinite());
        }
    }

    @Test
    void kernelOperatorSpansSeveralColumnTilesAndIgnoresThreadCount() {
        int n = 2 * KernelOperator.BLOCK + 150;
        Points pts = Points.fromRows(TestMatrices.gaussian(n, 3, 21));
        Kernel k = new Kernel.Matern(Kernel.Smoothness.FIVE_HALVES, 1.0);
        double[] x = random(n * 2, 22);
        double[] y1 = new double[n * 2];
        double[] y3 = new double[n * 2];
        Operators.kernel(pts, k, 0.1, 1).apply(x, y1, 2);
        Operators.kernel(pts, k, 0.1, 3).apply(x, y3, 2);
        assertArrayEquals(y1, y3, 0.0);
        // rows spot-checked against kernel values computed one by one
        double[] norms = pts.squaredNorms();
        for (int i : new int[] {0, KernelOperator.BLOCK - 1, KernelOperator.BLOCK, n - 1}) {
            for (int c = 0; c < 2; c++) {
                double s = 0;
                for (int j = 0; j < n; j++) {
                    double dot = 0;
                    for (int d = 0; d < 3; d++) {
                        dot += pts.data()[i * 3 + d] * pts.data()[j * 3 + d];
                    }
                    s += (k.value(dot, norms[i], norms[j]) + (i == j ? 0.1 : 0)) * x[c * n + j];
                }
                assertEquals(s, y1[c * n + i], 1e-11 * Math.abs(s) + 1e-11);
            }
        }
    }

    @Test
    void everyKernelScheduleMatchesTheDenseMatrixAndIgnoresTheWorkerCount() {
        // Blocks of 64 on 300 points: 5 blocks, 15 block pairs. Each schedule must equal the dense product and give
        // bit-identical results for 1 and 4 Java workers.
        Points pts = Points.fromRows(TestMatrices.gaussian(300, 5, 23));
        for (Kernel k : List.of(new Kernel.Rbf(1.7), new ReluNtk(2))) {
            DenseMatrix dense = KernelMatrix.dense(pts, k, 0.3);
            double[] x = random(300 * 3, 24);
            double[] expected = new double[300 * 3];
            Operators.dense(dense).apply(x, expected, 3);
            double tol = 1e-12 * dense.frobeniusNorm();
            for (KernelOperator.Schedule schedule : KernelOperator.Schedule.values()) {
                double[] y1 = new double[300 * 3];
                double[] y4 = new double[300 * 3];
                java.util.Arrays.fill(y4, Double.NaN); // every entry must be overwritten
                new KernelOperator(pts, k, 0.3, 1, 64, KernelOperator.ACCUMULATOR_BYTES, schedule).apply(x, y1, 3);
                new KernelOperator(pts, k, 0.3, 4, 64, KernelOperator.ACCUMULATOR_BYTES, schedule).apply(x, y4, 3);
                assertArrayEquals(y1, y4, 0.0, schedule.name());
                assertArrayEquals(expected, y1, tol, schedule.name());
            }
        }
    }

    @Test
    void refusesMismatchedShapes() {
        LinearOperator a = Operators.dense(TestMatrices.gaussian(3, 4, 1));
        LinearOperator b = Operators.dense(TestMatrices.gaussian(4, 3, 1));
        assertThrows(InvalidInputException.class, () -> a.plus(b));
        assertThrows(InvalidInputException.class, () -> a.shifted(1));
        assertThrows(InvalidInputException.class, () -> Operators.assumePositiveSemidefinite(a));
        assertThrows(InvalidInputException.class, () -> Operators.symmetric(0, (x, y, k) -> {}));
        assertThrows(InvalidInputException.class, () -> a.times(new double[3]));
        assertThrows(InvalidInputException.class, () -> Operators.kernel(
                Points.fromRows(TestMatrices.gaussian(5, 2, 1)), new Kernel.Rbf(1), 0, 0));
    }
}
