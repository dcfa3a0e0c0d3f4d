package dev.spectral.outofcore;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spectral.internal.cpu.CpuBackend;
import dev.spectral.linalg.Factorization;
import dev.spectral.linalg.LogDet;
import dev.spectral.matrix.DenseMatrix;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OutOfCoreFactorizationTest {
    @TempDir
    Path tmp;

    private final CpuBackend cpu = new CpuBackend();

    private OutOfCoreResult run(DenseMatrix a, Factorization kind, int blockSize, int stride) {
        OutOfCoreOptions o = OutOfCoreOptions.of(kind, 1L << 30).withBlockSize(blockSize).withLeadingStride(stride)
                .withScratchDir(tmp.resolve("scratch-" + kind));
        return OutOfCore.factor(new Matrices.Dense(a, "test"), o);
    }

    @Test
    void choleskyMatchesInCore() {
        DenseMatrix a = Matrices.spd(537, 1, 0.5);
        OutOfCoreResult r = run(a, Factorization.CHOLESKY, 64, 1);
        LogDet ref = cpu.logdet(a, Factorization.CHOLESKY);
        assertEquals(ref.logAbsDet(), r.logAbsDet(), 1e-10 * Math.abs(ref.logAbsDet()));
        assertEquals(1, r.sign());
        assertEquals(9, r.blocks());
        assertEquals(0, r.pivots().length);
        assertTrue(Files.notExists(tmp.resolve("scratch-CHOLESKY")), "scratch removed after success");
    }

    @Test
    void ldlMatchesInCore() {
        DenseMatrix a = Matrices.symmetricIndefinite(411, 2);
        OutOfCoreResult r = run(a, Factorization.LDL, 50, 1);
        LogDet ref = cpu.logdet(a, Factorization.LDL);
        assertEquals(ref.logAbsDet(), r.logAbsDet(), 1e-10 * Math.abs(ref.logAbsDet()));
        assertEquals(ref.sign(), r.sign());
    }

    @Test
    void luMatchesInCore() {
        DenseMatrix a = Matrices.general(389, 3);
        OutOfCoreResult r = run(a, Factorization.LU, 40, 1);
        LogDet ref = cpu.logdet(a, Factorization.LU);
        assertEquals(ref.logAbsDet(), r.logAbsDet(), 1e-10 * Math.abs(ref.logAbsDet()));
        assertEquals(ref.sign(), r.sign());
    }
}
