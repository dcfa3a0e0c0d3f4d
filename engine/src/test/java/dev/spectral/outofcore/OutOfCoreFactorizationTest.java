package dev.spectral.outofcore;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spectral.InvalidInputException;
import dev.spectral.internal.cpu.CpuBackend;
import dev.spectral.internal.cpu.NativeThreads;
import dev.spectral.io.Idx;
import dev.spectral.io.Npy;
import dev.spectral.kernel.Kernel;
import dev.spectral.kernel.KernelMatrix;
import dev.spectral.kernel.Points;
import dev.spectral.linalg.Factorization;
import dev.spectral.linalg.LogDet;
import dev.spectral.matrix.DenseMatrix;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.netlib.util.intW;

/** Out-of-core results against LAPACK on the same matrix in memory, with many blocks. */
class OutOfCoreFactorizationTest {
    @TempDir
    Path tmp;

    private final CpuBackend cpu = new CpuBackend();

    private OutOfCoreResult run(DenseMatrix a, Factorization kind, int blockSize, int stride) {
        OutOfCoreOptions o = OutOfCoreOptions.of(kind, 1L << 30).withBlockSize(blockSize).withLeadingStride(stride)
                .withScratchDir(tmp.resolve("scratch-" + kind));
        return OutOfCore.factor(new Matrices.Dense(a, "test"), o);
    }

    private static void assertRelative(double expected, double actual, double rel) {
        assertEquals(expected, actual, rel * Math.max(1, Math.abs(expected)));
    }

    /** Leading log-determinants from an in-core dpotrf: prefix sums of 2 log L_ii. */
    private static double[] inCoreCholeskyPrefix(DenseMatrix a) {
        int n = a.rows();
        double[] l = a.data().clone();
        intW info = new intW(0);
        NativeThreads.call(() -> {
            dev.spectral.internal.cpu.NetlibRuntime.get().lapack().dpotrf("L", n, l, n, info);
            return null;
        });
        assertEquals(0, info.val);
        double[] prefix = new double[n];
        double s = 0;
        for (int i = 0; i < n; i++) {
            s += 2 * Math.log(l[i + i * n]);
            prefix[i] = s;
        }
        return prefix;
    }

    @Test
    void choleskyMatchesInCoreWithEveryLeadingLogdet() {
        DenseMatrix a = Matrices.spd(537, 1, 0.5);
        OutOfCoreResult r = run(a, Factorization.CHOLESKY, 64, 1);
        LogDet ref = cpu.logdet(a, Factorization.CHOLESKY);
        assertRelative(ref.logAbsDet(), r.logAbsDet(), 1e-10);
        assertEquals(1, r.sign());
        assertEquals(9, r.blocks());
        assertEquals(0, r.pivots().length);
        double[] prefix = inCoreCholeskyPrefix(a);
        LeadingLogdets lead = r.leading();
        assertEquals(537, lead.count());
        assertEquals(0, lead.skipped());
        for (int k = 0; k < lead.count(); k++) {
            assertEquals(k + 1, lead.sizes()[k]);
            assertRelative(prefix[k], lead.logAbsDet()[k], 1e-10);
            assertEquals(1, lead.signs()[k]);
        }
        assertTrue(Files.notExists(tmp.resolve("scratch-CHOLESKY")), "scratch removed after success");
    }

    @Test
    void choleskyStrideAndOddSizes() {
        DenseMatrix a = Matrices.spd(257, 4, 1.0);
        double[] prefix = inCoreCholeskyPrefix(a);
        for (int b : new int[] {8, 32, 256, 257, 1000}) {
            OutOfCoreResult r = run(a, Factorization.CHOLESKY, b, 10);
            assertRelative(prefix[256], r.logAbsDet(), 1e-10);
            LeadingLogdets lead = r.leading();
            assertEquals(26, lead.count()); // 10, 20, ..., 250 and n = 257
            assertEquals(257, lead.lastSize());
            for (int k = 0; k < lead.count(); k++) {
                assertRelative(prefix[lead.sizes()[k] - 1], lead.logAbsDet()[k], 1e-10);
            }
        }
    }

    @Test
    void ldlMatchesInCoreAndItsLeadingMinorsAreExact() {
        DenseMatrix a = Matrices.symmetricIndefinite(301, 2);
        OutOfCoreResult r = run(a, Factorization.LDL, 50, 1);
        LogDet ref = cpu.logdet(a, Factorization.LDL);
        assertRelative(ref.logAbsDet(), r.logAbsDet(), 1e-10);
        assertEquals(ref.sign(), r.sign());
        assertTrue(r.pivots().length == 301, "Bunch-Kaufman interchanges on a random indefinite matrix");
        LeadingLogdets lead = r.leading();
        assertTrue(lead.skipped() > 0, "pivoting inside blocks hides some leading minors");
        for (int m = 50; m < 301; m += 50) {
            assertTrue(java.util.Arrays.binarySearch(lead.sizes(), m) >= 0, "block boundary " + m + " is always exact");
        }
        for (int k = 0; k < lead.count(); k++) {
            int m = lead.sizes()[k];
            LogDet sub = cpu.logdet(Matrices.leading(a, m), Factorization.LU);
            assertRelative(sub.logAbsDet(), lead.logAbsDet()[k], 1e-9);
            assertEquals(sub.sign(), lead.signs()[k], "sign of det K_{1:" + m + "}");
        }
    }

    @Test
    void ldlOnPositiveDefiniteMatrixNeedsNoInterchange() {
        // A strongly diagonally dominant SPD matrix: Bunch-Kaufman takes every diagonal pivot as it is.
        DenseMatrix a = Matrices.spd(200, 5, 50);
        OutOfCoreResult r = run(a, Factorization.LDL, 30, 1);
        assertRelative(cpu.logdet(a, Factorization.CHOLESKY).logAbsDet(), r.logAbsDet(), 1e-10);
        assertEquals(0, r.pivots().length);
        assertEquals(200, r.leading().count());
        double[] prefix = inCoreCholeskyPrefix(a);
        for (int k = 0; k < 200; k++) {
            assertRelative(prefix[k], r.leading().logAbsDet()[k], 1e-10);
        }
    }

    @Test
    void luMatchesInCoreAndItsLeadingMinorsAreExact() {
        DenseMatrix a = Matrices.general(389, 3);
        OutOfCoreResult r = run(a, Factorization.LU, 40, 1);
        LogDet ref = cpu.logdet(a, Factorization.LU);
        assertRelative(ref.logAbsDet(), r.logAbsDet(), 1e-10);
        assertEquals(ref.sign(), r.sign());
        assertEquals(389, r.pivots().length);
        for (int k = 0; k < r.leading().count(); k++) {
            int m = r.leading().sizes()[k];
            LogDet sub = cpu.logdet(Matrices.leading(a, m), Factorization.LU);
            assertRelative(sub.logAbsDet(), r.leading().logAbsDet()[k], 1e-9);
            assertEquals(sub.sign(), r.leading().signs()[k]);
        }
        assertEquals(389, r.leading().lastSize(), "the whole matrix is always exact");
    }

    @Test
    void luWithoutInterchangesReportsEveryLeadingMinor() {
        // Column-diagonally dominant: partial pivoting never swaps.
        int n = 150;
        DenseMatrix a = Matrices.general(n, 6);
        for (int i = 0; i < n; i++) {
            a.set(i, i, (i % 2 == 0 ? 1 : -1) * 4.0 * n);
        }
        OutOfCoreResult r = run(a, Factorization.LU, 16, 1);
        assertEquals(0, r.pivots().length);
        assertEquals(n, r.leading().count());
        for (int m : new int[] {1, 7, 16, 17, 100, 150}) {
            LogDet sub = cpu.logdet(Matrices.leading(a, m), Factorization.LU);
            assertRelative(sub.logAbsDet(), r.leading().logAbsDet()[m - 1], 1e-10);
            assertEquals(sub.sign(), r.leading().signs()[m - 1]);
        }
    }

    @Test
    void singularMatricesGiveZeroDeterminant() {
        DenseMatrix a = Matrices.general(120, 7);
        for (int i = 0; i < 120; i++) {
            a.set(i, 70, 0.0); // a zero column: dgetrf meets an exactly zero pivot
        }
        OutOfCoreResult r = run(a, Factorization.LU, 32, 1);
        assertEquals(0, r.sign());
        assertEquals(Double.NEGATIVE_INFINITY, r.logAbsDet());
        assertTrue(r.leading().lastSize() <= 70);
    }

    @Test
    void choleskyRefusesIndefiniteMatricesAndCleansUp() {
        DenseMatrix a = Matrices.symmetricIndefinite(100, 8);
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> run(a, Factorization.CHOLESKY, 16, 1));
        assertTrue(e.getMessage().contains("not positive definite"), e.getMessage());
        assertTrue(Files.notExists(tmp.resolve("scratch-CHOLESKY")));
    }

    @Test
    void nonFiniteEntriesAreNamed() {
        DenseMatrix a = Matrices.spd(60, 9, 1);
        a.set(45, 20, Double.NaN);
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> run(a, Factorization.CHOLESKY, 16, 1));
        assertTrue(e.getMessage().contains("(45, 20)"), e.getMessage());
    }

    @Test
    void kernelSourceMatchesDenseKernel() {
        Random rnd = new Random(10);
        int n = 400;
        int d = 3;
        double[] coords = new double[n * d];
        for (int i = 0; i < coords.length; i++) {
            coords[i] = rnd.nextDouble();
        }
        Points x = Points.ofColumns(n, d, coords);
        Kernel k = new Kernel.Matern(Kernel.Smoothness.THREE_HALVES, 0.3);
        DenseMatrix dense = KernelMatrix.dense(x, k, 1e-3);
        OutOfCoreResult r = OutOfCore.factor(TileSource.kernel(x, k, 1e-3), OutOfCoreOptions.of(Factorization.CHOLESKY,
                1L << 30).withBlockSize(48).withScratchDir(tmp.resolve("k")));
        assertRelative(cpu.logdet(dense, Factorization.CHOLESKY).logAbsDet(), r.logAbsDet(), 1e-10);
    }

    @Test
    void npySourceMatchesInMemory() {
        DenseMatrix a = Matrices.general(150, 11);
        Path file = tmp.resolve("a.npy");
        Npy.write(file, a);
        try (TileSource src = TileSource.npy(file)) {
            OutOfCoreResult r = OutOfCore.factor(src, OutOfCoreOptions.of(Factorization.LU, 1L << 30).withBlockSize(32)
                    .withScratchDir(tmp.resolve("n")));
            assertRelative(cpu.logdet(a, Factorization.LU).logAbsDet(), r.logAbsDet(), 1e-10);
        }
    }

    @Test
    void memoryCapSetsTheBlockSize() {
        int n = 2000;
        Plan tiny = OutOfCore.plan(n, Factorization.CHOLESKY, 2L << 20);
        assertTrue(tiny.blockSize() >= 8 && tiny.blockSize() < 120, "block " + tiny.blockSize());
        assertTrue(tiny.totalBytes() <= 2L << 20);
        Plan next = dev.spectral.internal.outofcore.Planner.describe(n, Factorization.CHOLESKY, tiny.blockSize() + 1, 1);
        assertTrue(next.totalBytes() > 2L << 20, "the largest block that fits");
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> OutOfCore.plan(n, Factorization.CHOLESKY, 100_000));
        assertTrue(e.getMessage().contains("too small"), e.getMessage());
        // The predicted read volume follows n³/(6b) doubles.
        double model = 8.0 * n * n * n / (6.0 * tiny.blockSize());
        assertEquals(1.0, tiny.predictedReadBytes() / model, 0.1);
    }

    @Test
    void tinyMemoryCapRunsWithManyBlocks() {
        DenseMatrix a = Matrices.spd(600, 12, 1.0);
        OutOfCoreOptions o = OutOfCoreOptions.of(Factorization.CHOLESKY, 1L << 20).withScratchDir(tmp.resolve("cap"));
        OutOfCoreResult r = OutOfCore.factor(new Matrices.Dense(a, "cap"), o);
        assertTrue(r.blocks() >= 5, "blocks " + r.blocks());
        assertRelative(cpu.logdet(a, Factorization.CHOLESKY).logAbsDet(), r.logAbsDet(), 1e-10);
        assertEquals(OutOfCore.plan(600, o).predictedReadBytes(), r.bytesRead());
        assertEquals(OutOfCore.plan(600, o).scratchBytes(), r.bytesWritten());
        assertArrayEquals(new int[0], r.pivots());
    }

    @Test
    void tinyOrders() {
        for (Factorization kind : new Factorization[] {Factorization.CHOLESKY, Factorization.LDL, Factorization.LU}) {
            DenseMatrix one = DenseMatrix.fromRows(new double[][] {{kind == Factorization.CHOLESKY ? 3 : -3}});
            OutOfCoreResult r = run(one, kind, 0, 1);
            assertEquals(Math.log(3), r.logAbsDet(), 1e-15);
            assertEquals(kind == Factorization.CHOLESKY ? 1 : -1, r.sign());
            DenseMatrix two = DenseMatrix.fromRows(new double[][] {{0, 2}, {2, 0}}); // needs a 2x2 pivot or a swap
            if (kind != Factorization.CHOLESKY) {
                OutOfCoreResult t = run(two, kind, 0, 1);
                assertEquals(Math.log(4), t.logAbsDet(), 1e-15);
                assertEquals(-1, t.sign());
                assertEquals(1, t.leading().count(), "det K_{1:1} = 0 is not a product of pivots here");
            }
        }
    }

    @Test
    void progressReportsEveryColumn() {
        DenseMatrix a = Matrices.spd(300, 13, 1.0);
        java.util.List<Progress> seen = new java.util.ArrayList<>();
        OutOfCoreOptions o = OutOfCoreOptions.of(Factorization.CHOLESKY, 1L << 30).withBlockSize(50)
                .withScratchDir(tmp.resolve("p")).withProgress(seen::add);
        OutOfCoreResult r = OutOfCore.factor(new Matrices.Dense(a, "p"), o);
        assertEquals(6, seen.size());
        for (int k = 0; k < seen.size(); k++) {
            Progress p = seen.get(k);
            assertEquals(k + 1, p.columnsDone());
            assertEquals(6, p.columns());
            assertTrue(k == 0 || p.fraction() > seen.get(k - 1).fraction());
            assertTrue(p.etaSeconds() >= 0 && Double.isFinite(p.etaSeconds()));
        }
        assertEquals(1.0, seen.get(5).fraction(), 1e-12);
        assertEquals(0.0, seen.get(5).etaSeconds(), 1e-12);
        assertEquals(OutOfCore.plan(300, o).flops(), r.flops(), 1.0);
        assertTrue(r.secondsCompute() > 0 && r.secondsWall() >= r.secondsCompute());
    }
}
