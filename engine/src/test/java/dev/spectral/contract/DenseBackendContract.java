package dev.spectral.contract;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.spectral.InvalidInputException;
import dev.spectral.linalg.EigenSelection;
import dev.spectral.linalg.Factorization;
import dev.spectral.linalg.LogDet;
import dev.spectral.linalg.Svd;
import dev.spectral.linalg.SvdSelection;
import dev.spectral.linalg.SymmetricEigen;
import dev.spectral.matrix.DenseMatrix;
import dev.spectral.spi.DenseBackend;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * What every {@link DenseBackend} must do, checked against truth known by construction ({@link KnownMatrices}: Q
 * diag(λ) Qᵀ, U diag(s) Vᵀ with pure-Java Householder Q), never against another backend. A backend's test class
 * extends this and supplies {@link #backend()}. Every call also checks that the inputs were not modified.
 *
 * <p>Tolerances come from backward-error bounds, in units of ε = 2⁻⁵²:
 * <ul>
 *   <li>A backward-stable dense solver (eigensolver, SVD, factorization) computes the exact answer for A + E with
 *       ‖E‖ ≤ c·n·ε·‖A‖. LAPACK's own test suite scales such residuals by n·ε·‖A‖ and accepts ratios below a threshold
 *       of order 10-50; we use {@link #THRESHOLD} = 20 as c. The worst-case theory has larger polynomial factors
 *       (and growth factors for LU/LDL) that random, well-conditioned test matrices do not reach.
 *   <li>Building a test matrix with p reflectors on each side applies 2p reflections, each an n-term inner product and
 *       update (relative error ≤ 2n·ε): the stored matrix is the exact one plus ‖E_build‖ ≤ 4·p·n·ε·‖A‖.
 *   <li>Eigenvalues and singular values move at most ‖E‖ (Weyl), so |λ̂ - λ| ≤ (THRESHOLD·n + 4pn)·ε·‖A‖.
 *   <li>log|det(A + E)| - log|det A| = Σ log|1 + μ_i| with μ_i the eigenvalues of A⁻¹E; when ‖A⁻¹E‖ ≤ 1/2 this is
 *       at most 2·n·‖A⁻¹E‖ ≤ 2·n·κ·‖E‖/‖A‖, to which the rounding of the n-term sum of logs adds n·ε·Σ|log|λ||.
 *       This is the "c·n·ε·cond" bound, here 2·n·κ·(THRESHOLD·n + 4pn)·ε. It is loose (errors add in quadrature in
 *       practice) but orders of magnitude below what a wrong pivot, block or sign would cost.
 * </ul>
 * Matrices of order >= {@value #LARGE_N} are factored from a thread with the JVM's default 1 MB stack: OpenBLAS's
 * LAPACK needs far more stack than that at this size, so a backend must move native calls onto its own threads.
 */
public abstract class DenseBackendContract {
    private static final double EPS = Math.ulp(1.0);
    /** The c of ‖E‖ ≤ c·n·ε·‖A‖ for a backward-stable solver (LAPACK test-suite style threshold). */
    private static final double THRESHOLD = 20;
    /** Order of the large tests: big enough for blocked, multithreaded LAPACK paths and their stack use. */
    protected static final int LARGE_N = 2000;
    /** Reflectors per side for large test matrices: O(p n²) to build, and still a dense matrix. */
    private static final int LARGE_REFLECTORS = 16;
    /** The JVM's default thread stack on Linux x64, on which native LAPACK crashes at n = 1000 and above. */
    private static final long DEFAULT_STACK_BYTES = 1L << 20;

    /** The backend under test; the same instance may be returned on every call. */
    protected abstract DenseBackend backend();

    // ================================================================ symmetric eigenproblems

    /** -7 three times, 2 four times, 0, and a grid -3, -2.875, ..., 7.875 (step 1/8): gaps of 1/8 for ranges. */
    private static double[] mixedSpectrum() {
        List<Double> values = new ArrayList<>(List.of(-7.0, -7.0, -7.0, 2.0, 2.0, 2.0));
        for (int k = 0; k < 88; k++) {
            values.add(-3 + k / 8.0);
        }
        return values.stream().mapToDouble(Double::doubleValue).toArray();
    }

    private static DenseMatrix mixedSymmetric(long seed) {
        double[] lambda = mixedSpectrum();
        return KnownMatrices.symmetric(lambda, RandomOrthogonal.haar(lambda.length, new Random(seed)));
    }

    private static double[] sorted(double[] x) {
        double[] s = x.clone();
        Arrays.sort(s);
        return s;
    }

    /** |λ̂ - λ| bound for a matrix built with p reflectors per side (see the class comment). */
    private static double eigenvalueTolerance(int n, int p, double norm) {
        return (THRESHOLD * n + 4.0 * p * n) * EPS * norm;
    }

    @Test
    void eighAllMatchesKnownSpectrumWithRepeatedAndNegativeEigenvalues() {
        DenseMatrix a = mixedSymmetric(11);
        int n = a.rows();
        double[] expected = sorted(mixedSpectrum());
        double tol = eigenvalueTolerance(n, n - 1, 7.875);
        SymmetricEigen values = unchanged(() -> backend().eigh(a, EigenSelection.all(), false), a);
        assertNull(values.vectors());
        assertClose(expected, values.values(), tol, "eigenvalues (values only)");
        SymmetricEigen pairs = unchanged(() -> backend().eigh(a, EigenSelection.all(), true), a);
        assertClose(expected, pairs.values(), tol, "eigenvalues (with vectors)");
        assertEigenpairs(a, pairs, 7.875);
    }

    @Test
    void eighLargestAndSmallestK() {
        DenseMatrix a = mixedSymmetric(12);
        int n = a.rows();
        double[] all = sorted(mixedSpectrum());
        double tol = eigenvalueTolerance(n, n - 1, 7.875);
        for (int k : new int[] {1, 2, 5, n}) {
            double[] top = Arrays.copyOfRange(all, n - k, n);
            double[] bottom = Arrays.copyOfRange(all, 0, k);
            for (boolean vectors : new boolean[] {false, true}) {
                SymmetricEigen largest = unchanged(() -> backend().eigh(a, EigenSelection.largest(k), vectors), a);
                assertClose(top, largest.values(), tol, "largest " + k);
                SymmetricEigen smallest = unchanged(() -> backend().eigh(a, EigenSelection.smallest(k), vectors), a);
                assertClose(bottom, smallest.values(), tol, "smallest " + k);
                if (vectors) {
                    assertEigenpairs(a, largest, 7.875);
                    assertEigenpairs(a, smallest, 7.875);
                } else {
                    assertNull(largest.vectors());
                    assertNull(smallest.vectors());
                }
            }
        }
    }

    @ParameterizedTest(name = "({0}, {1}]")
    @CsvSource({
        "-3.0625, 1.9375", // the grid from -3 up to 1.875, excluding the cluster at 2
        "1.9375, 2.0625", // exactly the four-fold eigenvalue 2
        "-8, -6", // exactly the three-fold -7
        "-Infinity, -6", // an unbounded end
        "7.5625, Infinity",
        "-Infinity, Infinity",
        "-6.5, -5.5", // no eigenvalue inside
    })
    void eighRangeReturnsEigenvaluesInTheHalfOpenInterval(double low, double high) {
        DenseMatrix a = mixedSymmetric(13);
        int n = a.rows();
        double tol = eigenvalueTolerance(n, n - 1, 7.875);
        double[] expected = Arrays.stream(sorted(mixedSpectrum())).filter(l -> l > low && l <= high).toArray();
        for (double l : mixedSpectrum()) {
            // The test's own premise: no eigenvalue so close to an end that rounding could move it across.
            assertTrue(Math.abs(l - low) > 1e3 * tol && Math.abs(l - high) > 1e3 * tol, "interval end too close to " + l);
        }
        for (boolean vectors : new boolean[] {false, true}) {
            SymmetricEigen e = unchanged(() -> backend().eigh(a, EigenSelection.range(low, high), vectors), a);
            assertClose(expected, e.values(), tol, "eigenvalues in (" + low + ", " + high + "]");
            if (vectors) {
                assertEquals(n, e.vectors().rows());
                assertEquals(expected.length, e.vectors().cols());
                assertEigenpairs(a, e, 7.875);
            }
        }
    }

    @Test
    void eighOfTinyMatrices() {
        DenseMatrix one = DenseMatrix.fromRows(new double[][] {{-3}});
        SymmetricEigen e = unchanged(() -> backend().eigh(one, EigenSelection.all(), true), one);
        assertArrayEquals(new double[] {-3}, e.values());
        assertEquals(1.0, Math.abs(e.vectors().get(0, 0)), EPS);
        DenseMatrix empty = DenseMatrix.zeros(0, 0);
        assertEquals(0, backend().eigh(empty, EigenSelection.all(), false).values().length);
        // [[2, 1], [1, 2]]: eigenvalues 1 and 3.
        DenseMatrix two = DenseMatrix.fromRows(new double[][] {{2, 1}, {1, 2}});
        assertClose(new double[] {1, 3}, backend().eigh(two, EigenSelection.all(), false).values(), 4 * EPS * 3, "2x2");
        assertClose(new double[] {3}, backend().eigh(two, EigenSelection.largest(1), false).values(), 4 * EPS * 3, "2x2 top");
    }

    /** Every returned pair: ‖A v - λ v‖ ≤ THRESHOLD·n·ε·‖A‖, and VᵀV = I to THRESHOLD·n·ε. */
    private static void assertEigenpairs(DenseMatrix a, SymmetricEigen e, double norm) {
        assertNotNull(e.vectors(), "vectors were asked for");
        int[] all = new int[e.values().length];
        Arrays.setAll(all, i -> i);
        assertEigenpairs(a, e, norm, all);
    }

    private static void assertEigenpairs(DenseMatrix a, SymmetricEigen e, double norm, int[] columns) {
        int n = a.rows();
        DenseMatrix v = e.vectors();
        assertEquals(n, v.rows());
        assertEquals(e.values().length, v.cols());
        double residualTol = THRESHOLD * n * EPS * norm;
        for (int j : columns) {
            double[] x = v.column(j);
            double[] ax = times(a, x);
            double r = 0;
            for (int i = 0; i < n; i++) {
                double d = ax[i] - e.values()[j] * x[i];
                r += d * d;
            }
            assertTrue(Math.sqrt(r) <= residualTol,
                    "‖A v - λ v‖ = " + Math.sqrt(r) + " > " + residualTol + " for λ = " + e.values()[j]);
        }
        assertOrthonormalColumns(v, columns, THRESHOLD * n * EPS, "eigenvectors");
    }

    // ================================================================ SVD

    /** Singular values for an r-dimensional test: repeated (3 three times), zeros, and a geometric tail. */
    private static double[] knownSingularValues(int r) {
        double[] s = new double[r];
        s[0] = 10;
        for (int i = 1; i < Math.min(4, r); i++) {
            s[i] = 3;
        }
        for (int i = 4; i < r - 2; i++) {
            s[i] = 2 * Math.pow(1e-3, (i - 4.0) / Math.max(1, r - 7));
        }
        // The last two stay 0: a rank-deficient matrix.
        return s;
    }

    @ParameterizedTest(name = "{0} x {1}")
    @CsvSource({"90, 40", "40, 90", "50, 50"})
    void svdReconstructsWithOrthonormalFactorsAndKnownSingularValues(int m, int n) {
        Random rng = new Random(m * 1000L + n);
        int r = Math.min(m, n);
        double[] s = knownSingularValues(r);
        DenseMatrix a = KnownMatrices.product(RandomOrthogonal.haar(m, rng), s, RandomOrthogonal.haar(n, rng));
        int dim = Math.max(m, n);
        double tol = (THRESHOLD * dim + 2.0 * (m + n) * dim) * EPS * s[0];

        Svd values = unchanged(() -> backend().svd(a, SvdSelection.all(), false), a);
        assertNull(values.u());
        assertNull(values.vt());
        assertClose(s, values.singularValues(), tol, "singular values (values only)");

        Svd full = unchanged(() -> backend().svd(a, SvdSelection.all(), true), a);
        assertClose(s, full.singularValues(), tol, "singular values (with vectors)");
        assertEquals(m, full.u().rows());
        assertEquals(r, full.u().cols());
        assertEquals(r, full.vt().rows());
        assertEquals(n, full.vt().cols());
        // Reconstruction: A = U diag(s) Vᵀ to backward-error accuracy.
        double[] sv = full.singularValues();
        double worst = 0;
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double x = 0;
                for (int l = 0; l < r; l++) {
                    x += full.u().get(i, l) * sv[l] * full.vt().get(l, j);
                }
                worst = Math.max(worst, Math.abs(x - a.get(i, j)));
            }
        }
        assertTrue(worst <= THRESHOLD * dim * EPS * s[0], "|A - U S Vᵀ| = " + worst);
        int[] cols = range(r);
        assertOrthonormalColumns(full.u(), cols, THRESHOLD * dim * EPS, "left singular vectors");
        assertOrthonormalColumns(full.vt().transpose(), cols, THRESHOLD * dim * EPS, "right singular vectors");
    }

    @ParameterizedTest(name = "{0} x {1}")
    @CsvSource({"80, 30", "30, 80"})
    void svdTopK(int m, int n) {
        Random rng = new Random(7 * m + n);
        int r = Math.min(m, n);
        double[] s = knownSingularValues(r);
        DenseMatrix a = KnownMatrices.product(RandomOrthogonal.haar(m, rng), s, RandomOrthogonal.haar(n, rng));
        int dim = Math.max(m, n);
        double tol = (THRESHOLD * dim + 2.0 * (m + n) * dim) * EPS * s[0];
        DenseMatrix at = a.transpose();
        for (int k : new int[] {1, 6, r}) {
            double[] expected = Arrays.copyOf(s, k);
            Svd values = unchanged(() -> backend().svd(a, SvdSelection.top(k), false), a);
            assertClose(expected, values.singularValues(), tol, "top " + k + " (values only)");
            assertNull(values.u());
            Svd top = unchanged(() -> backend().svd(a, SvdSelection.top(k), true), a);
            assertClose(expected, top.singularValues(), tol, "top " + k);
            assertEquals(m, top.u().rows());
            assertEquals(k, top.u().cols());
            assertEquals(k, top.vt().rows());
            assertEquals(n, top.vt().cols());
            // Each triple: A v_i = s_i u_i and Aᵀ u_i = s_i v_i.
            double resTol = THRESHOLD * dim * EPS * s[0];
            DenseMatrix v = top.vt().transpose();
            for (int i = 0; i < k; i++) {
                double[] vi = v.column(i);
                double[] u = top.u().column(i);
                double[] av = times(a, vi);
                double[] atu = times(at, u);
                double si = top.singularValues()[i];
                for (int row = 0; row < m; row++) {
                    assertEquals(si * u[row], av[row], resTol, "A v = s u");
                }
                for (int col = 0; col < n; col++) {
                    assertEquals(si * vi[col], atu[col], resTol, "Aᵀ u = s v");
                }
            }
            assertOrthonormalColumns(top.u(), range(k), THRESHOLD * dim * EPS, "top-k left vectors");
            assertOrthonormalColumns(v, range(k), THRESHOLD * dim * EPS, "top-k right vectors");
        }
    }

    // ================================================================ log-determinants

    /** The tolerance of the class comment: 2·n·κ·(THRESHOLD·n + 4pn)·ε + n·ε·Σ|log|λ||. */
    private static double logdetTolerance(double[] lambda, int p) {
        int n = lambda.length;
        double max = 0;
        double min = Double.POSITIVE_INFINITY;
        double sumAbsLog = 0;
        for (double l : lambda) {
            max = Math.max(max, Math.abs(l));
            min = Math.min(min, Math.abs(l));
            sumAbsLog += Math.abs(Math.log(Math.abs(l)));
        }
        double kappa = max / min;
        double relBackward = (THRESHOLD * n + 4.0 * p * n) * EPS;
        assertTrue(kappa * relBackward <= 0.5, "test premise: ‖A⁻¹E‖ <= 1/2");
        return 2 * n * kappa * relBackward + n * EPS * sumAbsLog;
    }

    private static double sumLogAbs(double[] lambda) {
        double s = 0;
        for (double l : lambda) {
            s += Math.log(Math.abs(l));
        }
        return s;
    }

    private static int signOfProduct(double[] lambda) {
        int sign = 1;
        for (double l : lambda) {
            sign *= l < 0 ? -1 : 1;
        }
        return sign;
    }

    private void assertLogDet(DenseMatrix a, Factorization requested, Factorization used, double expectedLog,
            int expectedSign, double tol) {
        LogDet d = unchanged(() -> backend().logdet(a, requested), a);
        assertEquals(used, d.factorization(), "factorization used for " + requested);
        assertEquals(a.rows(), d.n());
        assertEquals(expectedSign, d.sign(), "sign of det by " + requested);
        assertEquals(expectedLog, d.logAbsDet(), tol, "log|det| by " + requested);
    }

    @Test
    void choleskyLogDetIsTheSumOfLogEigenvalues() {
        Random rng = new Random(21);
        int n = 150;
        double[] lambda = KnownMatrices.logUniform(n, 1, 100, 0, rng);
        DenseMatrix a = KnownMatrices.symmetric(lambda, RandomOrthogonal.haar(n, rng));
        double tol = logdetTolerance(lambda, n - 1);
        assertLogDet(a, Factorization.CHOLESKY, Factorization.CHOLESKY, sumLogAbs(lambda), 1, tol);
        assertLogDet(a, Factorization.AUTO, Factorization.CHOLESKY, sumLogAbs(lambda), 1, tol);
        // The other factorizations agree on an SPD matrix.
        assertLogDet(a, Factorization.LDL, Factorization.LDL, sumLogAbs(lambda), 1, tol);
        assertLogDet(a, Factorization.LU, Factorization.LU, sumLogAbs(lambda), 1, tol);
    }

    @ParameterizedTest(name = "negative eigenvalue count parity {0}")
    @CsvSource({"0", "1"})
    void ldlLogDetOfSymmetricIndefinite(int parity) {
        Random rng = new Random(22 + parity);
        int n = 150;
        double[] lambda = KnownMatrices.logUniform(n, 1, 100, 0.5, rng);
        long negatives = Arrays.stream(lambda).filter(l -> l < 0).count();
        if (negatives % 2 != parity) {
            lambda[0] = -lambda[0];
        }
        DenseMatrix a = KnownMatrices.symmetric(lambda, RandomOrthogonal.haar(n, rng));
        double tol = logdetTolerance(lambda, n - 1);
        int sign = signOfProduct(lambda);
        assertEquals(parity == 0 ? 1 : -1, sign);
        assertLogDet(a, Factorization.LDL, Factorization.LDL, sumLogAbs(lambda), sign, tol);
        assertLogDet(a, Factorization.AUTO, Factorization.LDL, sumLogAbs(lambda), sign, tol);
        assertLogDet(a, Factorization.LU, Factorization.LU, sumLogAbs(lambda), sign, tol);
    }

    @ParameterizedTest(name = "k = {0}")
    @CsvSource({"60", "61"})
    void ldlLogDetWithZeroDiagonalTwoByTwoPivots(int k) {
        Random rng = new Random(30 + k);
        double[] s = KnownMatrices.logUniform(k, 0.5, 20, 0, rng);
        DenseMatrix a = KnownMatrices.zeroDiagonal(s, rng);
        double[] lambda = new double[2 * k];
        for (int i = 0; i < k; i++) {
            lambda[2 * i] = s[i];
            lambda[2 * i + 1] = -s[i];
        }
        // B = U S Vᵀ is built with 2(k - 1) reflectors; placing it in the block matrix adds no rounding.
        double tol = logdetTolerance(lambda, k - 1);
        int sign = k % 2 == 0 ? 1 : -1;
        assertLogDet(a, Factorization.LDL, Factorization.LDL, sumLogAbs(lambda), sign, tol);
        assertLogDet(a, Factorization.AUTO, Factorization.LDL, sumLogAbs(lambda), sign, tol);
        assertLogDet(a, Factorization.LU, Factorization.LU, sumLogAbs(lambda), sign, tol);
    }

    /**
     * Hand-computed cases: n <= 3 and κ < 10³, so the bound 2·n·κ·THRESHOLD·n·ε of the class comment is below 1e-10,
     * while every plausible wrong answer (a lost pivot, a wrong block) is off by at least log 2.
     */
    private static final double SMALL_CASE_TOLERANCE = 1e-10;

    @Test
    void smallExplicitDeterminants() {
        // Symmetric; [[0,1],[1,0]] and [[1,3],[3,1]] are single 2x2 Bunch-Kaufman pivots.
        assertSmallDet(new double[][] {{0, 1}, {1, 0}}, -1, Factorization.LDL);
        assertSmallDet(new double[][] {{1, 3}, {3, 1}}, -8, Factorization.LDL);
        assertSmallDet(new double[][] {{0, 2, 0}, {2, 0, 0}, {0, 0, -3}}, 12, Factorization.LDL);
        assertSmallDet(new double[][] {{4, 2}, {2, 3}}, 8, Factorization.CHOLESKY);
        assertSmallDet(new double[][] {{-3}}, -3, Factorization.LDL);
        // Nonsymmetric: triangular (product of the diagonal), a cyclic permutation (even), a swap, a full 3x3.
        assertSmallDet(new double[][] {{2, 5, 1}, {0, -3, 4}, {0, 0, 0.5}}, -3, Factorization.LU);
        assertSmallDet(new double[][] {{0, 1, 0}, {0, 0, 1}, {1, 0, 0}}, 1, Factorization.LU);
        assertSmallDet(new double[][] {{0, 2}, {3, 0}}, -6, Factorization.LU);
        assertSmallDet(new double[][] {{1, 2, 3}, {0, 1, 4}, {5, 6, 0}}, 1, Factorization.LU);
    }

    /** det A by AUTO (which must pick {@code auto}), LU, and the symmetric factorizations that apply. */
    private void assertSmallDet(double[][] rows, double det, Factorization auto) {
        DenseMatrix a = DenseMatrix.fromRows(rows);
        int sign = det < 0 ? -1 : 1;
        double log = Math.log(Math.abs(det));
        assertLogDet(a, Factorization.AUTO, auto, log, sign, SMALL_CASE_TOLERANCE);
        assertLogDet(a, Factorization.LU, Factorization.LU, log, sign, SMALL_CASE_TOLERANCE);
        if (auto != Factorization.LU) {
            assertLogDet(a, Factorization.LDL, Factorization.LDL, log, sign, SMALL_CASE_TOLERANCE);
        }
        if (auto == Factorization.CHOLESKY) {
            assertLogDet(a, Factorization.CHOLESKY, Factorization.CHOLESKY, log, sign, SMALL_CASE_TOLERANCE);
        }
    }

    @Test
    void logDetStaysFiniteWhereTheDeterminantOverflowsOrUnderflows() {
        for (double scale : new double[] {1e200, 1e-200}) {
            // det [[0, s], [s, 0]] = -s², outside the double range; a 2x2 Bunch-Kaufman block.
            DenseMatrix swap = DenseMatrix.fromRows(new double[][] {{0, scale}, {scale, 0}});
            double log = 2 * Math.log(scale);
            double tol = SMALL_CASE_TOLERANCE * Math.abs(log);
            assertLogDet(swap, Factorization.LDL, Factorization.LDL, log, -1, tol);
            assertLogDet(swap, Factorization.AUTO, Factorization.LDL, log, -1, tol);
            assertLogDet(swap, Factorization.LU, Factorization.LU, log, -1, tol);
            // s·[[4, 2], [2, 3]]: det = 8 s².
            DenseMatrix spd = DenseMatrix.fromRows(new double[][] {{4 * scale, 2 * scale}, {2 * scale, 3 * scale}});
            for (Factorization f : Factorization.values()) {
                Factorization used = f == Factorization.AUTO ? Factorization.CHOLESKY : f;
                assertLogDet(spd, f, used, Math.log(8) + log, 1, tol);
            }
        }
    }

    @Test
    void logDetOfNonsymmetricMatrixByLu() {
        Random rng = new Random(41);
        int n = 150;
        double[] d = KnownMatrices.logUniform(n, 0.5, 50, 0.3, rng);
        RandomOrthogonal u = RandomOrthogonal.haar(n, rng);
        RandomOrthogonal v = RandomOrthogonal.fromGaussian(n, 20, rng);
        DenseMatrix a = KnownMatrices.product(u, d, v);
        assertTrue(a.relativeAsymmetry() > 0.1, "test premise: clearly nonsymmetric");
        int sign = signOfProduct(d) * u.determinant() * v.determinant();
        // U has n - 1 reflectors and V 20: at most n - 1 per side in the bound.
        double tol = logdetTolerance(d, n - 1);
        assertLogDet(a, Factorization.LU, Factorization.LU, sumLogAbs(d), sign, tol);
        assertLogDet(a, Factorization.AUTO, Factorization.LU, sumLogAbs(d), sign, tol);
    }

    @Test
    void singularMatricesGiveMinusInfinityAndSignZeroForEveryFactorization() {
        // Exactly singular in floating point: the elimination meets an exact zero pivot.
        DenseMatrix psd = DenseMatrix.fromRows(new double[][] {{1, 1, 0}, {1, 1, 0}, {0, 0, 2}});
        DenseMatrix indefinite = DenseMatrix.fromRows(new double[][] {{0, 1, 0}, {1, 0, 0}, {0, 0, 0}});
        DenseMatrix nonsymmetric = DenseMatrix.fromRows(new double[][] {{1, 0, 2}, {3, 0, 4}, {5, 0, 6}});
        DenseMatrix zero = DenseMatrix.zeros(4, 4);
        for (DenseMatrix a : List.of(psd, indefinite, zero)) {
            for (Factorization f : Factorization.values()) {
                assertSingular(a, f);
            }
        }
        assertSingular(nonsymmetric, Factorization.LU);
        assertSingular(nonsymmetric, Factorization.AUTO);
        assertEquals(Factorization.LU, backend().logdet(nonsymmetric, Factorization.AUTO).factorization());
    }

    private void assertSingular(DenseMatrix a, Factorization f) {
        LogDet d = unchanged(() -> backend().logdet(a, f), a);
        assertEquals(Double.NEGATIVE_INFINITY, d.logAbsDet(), f + " on a singular matrix");
        assertEquals(0, d.sign(), f + " sign on a singular matrix");
        assertTrue(d.isSingular());
        assertTrue(d.factorization() != Factorization.AUTO);
    }

    @Test
    void explicitCholeskyOfIndefiniteMatrixIsRejected() {
        Random rng = new Random(51);
        double[] lambda = KnownMatrices.logUniform(40, 1, 10, 0.3, rng);
        lambda[0] = -2; // at least one negative eigenvalue
        DenseMatrix a = KnownMatrices.symmetric(lambda, RandomOrthogonal.haar(40, rng));
        assertThrows(InvalidInputException.class, () -> backend().logdet(a, Factorization.CHOLESKY));
        // A zero leading pivot on a nonsingular indefinite matrix is not "singular".
        DenseMatrix swap = DenseMatrix.fromRows(new double[][] {{0, 1}, {1, 0}});
        assertThrows(InvalidInputException.class, () -> backend().logdet(swap, Factorization.CHOLESKY));
    }

    @Test
    void symmetricFactorizationsRejectAsymmetricMatrices() {
        DenseMatrix a = DenseMatrix.fromRows(new double[][] {{4, 1}, {2, 3}});
        assertThrows(InvalidInputException.class, () -> backend().logdet(a, Factorization.CHOLESKY));
        assertThrows(InvalidInputException.class, () -> backend().logdet(a, Factorization.LDL));
        assertLogDet(a, Factorization.LU, Factorization.LU, Math.log(10), 1, SMALL_CASE_TOLERANCE);
        assertLogDet(a, Factorization.AUTO, Factorization.LU, Math.log(10), 1, SMALL_CASE_TOLERANCE);
    }

    @Test
    void logDetOfEmptyMatrixIsZero() {
        for (Factorization f : Factorization.values()) {
            LogDet d = backend().logdet(DenseMatrix.zeros(0, 0), f);
            assertEquals(0.0, d.logAbsDet());
            assertEquals(1, d.sign());
        }
    }

    // ================================================================ large matrices, default-size caller stack

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = Factorization.class, names = {"CHOLESKY", "LDL", "LU"})
    void largeLogDetFromDefaultStackThread(Factorization f) {
        Random rng = new Random(61 + f.ordinal());
        int n = LARGE_N;
        int p = LARGE_REFLECTORS;
        double[] lambda = KnownMatrices.logUniform(n, 1, 100, f == Factorization.CHOLESKY ? 0 : 0.5, rng);
        DenseMatrix a;
        int sign;
        if (f == Factorization.LU) {
            RandomOrthogonal u = RandomOrthogonal.fromGaussian(n, p, rng);
            RandomOrthogonal v = RandomOrthogonal.fromGaussian(n, p + 1, rng);
            a = KnownMatrices.product(u, lambda, v);
            sign = signOfProduct(lambda) * u.determinant() * v.determinant();
        } else {
            a = KnownMatrices.symmetric(lambda, RandomOrthogonal.fromGaussian(n, p, rng));
            sign = signOfProduct(lambda);
        }
        double tol = logdetTolerance(lambda, p + 1);
        LogDet d = onDefaultStack(() -> unchanged(() -> backend().logdet(a, f), a));
        assertEquals(f, d.factorization());
        assertEquals(sign, d.sign());
        assertEquals(sumLogAbs(lambda), d.logAbsDet(), tol);
    }

    @Test
    void largeEighFromDefaultStackThread() {
        Random rng = new Random(71);
        int n = LARGE_N;
        double[] lambda = KnownMatrices.logUniform(n, 0.01, 10, 0.5, rng);
        DenseMatrix a = KnownMatrices.symmetric(lambda, RandomOrthogonal.fromGaussian(n, LARGE_REFLECTORS, rng));
        double tol = eigenvalueTolerance(n, LARGE_REFLECTORS, 10);
        SymmetricEigen values = onDefaultStack(() -> unchanged(() -> backend().eigh(a, EigenSelection.all(), false), a));
        assertClose(sorted(lambda), values.values(), tol, "eigenvalues, n = " + n);
        SymmetricEigen pairs = onDefaultStack(() -> unchanged(() -> backend().eigh(a, EigenSelection.all(), true), a));
        assertClose(sorted(lambda), pairs.values(), tol, "eigenvalues with vectors, n = " + n);
        // A spread sample of pairs (the full check would be an O(n³) product in Java).
        int[] sample = new int[16];
        for (int i = 0; i < sample.length; i++) {
            sample[i] = (int) Math.round(i * (n - 1) / (sample.length - 1.0));
        }
        assertEigenpairs(a, pairs, 10, sample);
    }

    // ================================================================ multiply

    @ParameterizedTest(name = "transA={0}, transB={1}")
    @CsvSource({"false, false", "true, false", "false, true", "true, true"})
    void multiplyMatchesNaiveTripleLoop(boolean ta, boolean tb) {
        Random rng = new Random(81);
        for (int[] mkn : new int[][] {{7, 13, 5}, {67, 45, 31}, {1, 9, 1}}) {
            int m = mkn[0];
            int k = mkn[1];
            int n = mkn[2];
            DenseMatrix a = ta ? KnownMatrices.gaussian(k, m, rng) : KnownMatrices.gaussian(m, k, rng);
            DenseMatrix b = tb ? KnownMatrices.gaussian(n, k, rng) : KnownMatrices.gaussian(k, n, rng);
            DenseMatrix c = unchanged(() -> backend().multiply(a, ta, b, tb), a, b);
            DenseMatrix expected = KnownMatrices.naiveProduct(a, ta, b, tb);
            DenseMatrix scale = KnownMatrices.absProduct(a, ta, b, tb);
            assertEquals(m, c.rows());
            assertEquals(n, c.cols());
            // Both sums have |error| <= γ_k |A||B| with γ_k = k ε / (1 - k ε).
            double gamma = k * EPS / (1 - k * EPS);
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < n; j++) {
                    assertEquals(expected.get(i, j), c.get(i, j), 2 * gamma * scale.get(i, j), "C(" + i + ", " + j + ")");
                }
            }
        }
    }

    @Test
    void multiplyEdgeCasesAndBadShapes() {
        DenseMatrix c = backend().multiply(DenseMatrix.zeros(3, 0), false, DenseMatrix.zeros(0, 4), false);
        assertEquals(3, c.rows());
        assertEquals(4, c.cols());
        assertTrue(Arrays.stream(c.data()).allMatch(x -> x == 0));
        DenseMatrix a = DenseMatrix.zeros(3, 4);
        assertThrows(InvalidInputException.class, () -> backend().multiply(a, false, a, false));
        assertEquals(4, backend().multiply(a, true, a, false).rows());
    }

    // ================================================================ bad input

    @Test
    void nonSquareMatricesAreRejected() {
        DenseMatrix a = DenseMatrix.zeros(3, 4);
        assertThrows(InvalidInputException.class, () -> backend().eigh(a, EigenSelection.all(), false));
        assertThrows(InvalidInputException.class, () -> backend().eigh(a, EigenSelection.largest(1), true));
        for (Factorization f : Factorization.values()) {
            assertThrows(InvalidInputException.class, () -> backend().logdet(a, f), f.name());
        }
    }

    @Test
    void nonFiniteEntriesAreRejected() {
        for (double bad : new double[] {Double.NaN, Double.POSITIVE_INFINITY}) {
            DenseMatrix a = DenseMatrix.fromRows(new double[][] {{2, 1, 0}, {1, 2, 1}, {0, 1, 2}});
            a.set(1, 1, bad);
            assertThrows(InvalidInputException.class, () -> backend().eigh(a, EigenSelection.all(), false));
            assertThrows(InvalidInputException.class, () -> backend().eigh(a, EigenSelection.smallest(1), false));
            assertThrows(InvalidInputException.class, () -> backend().svd(a, SvdSelection.all(), false));
            assertThrows(InvalidInputException.class, () -> backend().svd(a, SvdSelection.top(1), true));
            for (Factorization f : Factorization.values()) {
                assertThrows(InvalidInputException.class, () -> backend().logdet(a, f), f + " with " + bad);
            }
        }
    }

    @Test
    void eighRejectsAsymmetryBeyondTheToleranceAndAcceptsRoundOff() {
        DenseMatrix base = mixedSymmetric(91);
        int n = base.rows();
        double max = Arrays.stream(base.data()).map(Math::abs).max().orElseThrow();
        DenseMatrix skewed = base.copy();
        skewed.set(3, 1, skewed.get(3, 1) + 1e-8 * max);
        assertThrows(InvalidInputException.class, () -> backend().eigh(skewed, EigenSelection.all(), false));
        assertThrows(InvalidInputException.class, () -> backend().eigh(skewed, EigenSelection.range(-1, 1), false));
        // Round-off far below Validate.SYMMETRY_TOLERANCE is accepted.
        DenseMatrix roundOff = base.copy();
        roundOff.set(3, 1, roundOff.get(3, 1) + 1e-14 * max);
        double tol = eigenvalueTolerance(n, n - 1, 7.875) + 1e-14 * max;
        assertClose(sorted(mixedSpectrum()), backend().eigh(roundOff, EigenSelection.all(), false).values(), tol, "eig");
    }

    @Test
    void selectionsLargerThanTheMatrixAreRejected() {
        DenseMatrix a = DenseMatrix.identity(4);
        assertThrows(InvalidInputException.class, () -> backend().eigh(a, EigenSelection.largest(5), false));
        assertThrows(InvalidInputException.class, () -> backend().eigh(a, EigenSelection.smallest(5), true));
        DenseMatrix wide = DenseMatrix.zeros(3, 6);
        assertThrows(InvalidInputException.class, () -> backend().svd(wide, SvdSelection.top(4), false));
    }

    // ================================================================ support

    /** Runs {@code op} and checks that it left every input exactly as it was. */
    private static <T> T unchanged(Supplier<T> op, DenseMatrix... inputs) {
        double[][] before = new double[inputs.length][];
        for (int i = 0; i < inputs.length; i++) {
            before[i] = inputs[i].data().clone();
        }
        T result = op.get();
        for (int i = 0; i < inputs.length; i++) {
            assertArrayEquals(before[i], inputs[i].data(), "input " + i + " was modified");
        }
        return result;
    }

    /** Runs {@code op} on a fresh thread with the JVM's default stack size and returns its result. */
    private static <T> T onDefaultStack(Supplier<T> op) {
        AtomicReference<T> result = new AtomicReference<>();
        AtomicReference<Throwable> error = new AtomicReference<>();
        Thread t = new Thread(null, () -> {
            try {
                result.set(op.get());
            } catch (Throwable e) {
                error.set(e);
            }
        }, "contract-default-stack", DEFAULT_STACK_BYTES);
        t.start();
        try {
            t.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            fail("interrupted");
        }
        if (error.get() instanceof RuntimeException r) {
            throw r;
        }
        if (error.get() instanceof Error err) {
            throw err;
        }
        return result.get();
    }

    private static void assertClose(double[] expected, double[] actual, double tol, String what) {
        assertEquals(expected.length, actual.length, what + ": count");
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], actual[i], tol, what + " [" + i + "]");
        }
    }

    private static void assertOrthonormalColumns(DenseMatrix v, int[] columns, double tol, String what) {
        int n = v.rows();
        for (int a = 0; a < columns.length; a++) {
            for (int b = a; b < columns.length; b++) {
                double dot = 0;
                int ca = columns[a] * n;
                int cb = columns[b] * n;
                for (int i = 0; i < n; i++) {
                    dot += v.data()[ca + i] * v.data()[cb + i];
                }
                assertEquals(a == b ? 1.0 : 0.0, dot, tol, what + ": column " + columns[a] + " · column " + columns[b]);
            }
        }
    }

    private static double[] times(DenseMatrix a, double[] x) {
        double[] y = new double[a.rows()];
        for (int j = 0; j < a.cols(); j++) {
            double xj = x[j];
            int col = j * a.rows();
            for (int i = 0; i < a.rows(); i++) {
                y[i] += a.data()[col + i] * xj;
            }
        }
        return y;
    }

    private static int[] range(int k) {
        int[] r = new int[k];
        Arrays.setAll(r, i -> i);
        return r;
    }
}
