package dev.spectral.outofcore;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spectral.InvalidInputException;
import dev.spectral.internal.outofcore.Blocks;
import dev.spectral.internal.outofcore.PanelFormat;
import dev.spectral.linalg.Factorization;
import dev.spectral.matrix.DenseMatrix;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Resume after a stop, detection of damaged scratch files, disk-space refusal and the lock. */
class ScratchRecoveryTest {
    private static final int N = 700;
    private static final int B = 64; // 11 block columns

    @TempDir
    Path tmp;

    /** Thrown by a listener to stop a run after a given column. */
    static final class Stop extends RuntimeException {
        Stop() {
            super("stopped by the test", null, false, false);
        }
    }

    private static OutOfCoreOptions options(Factorization kind, Path dir) {
        return OutOfCoreOptions.of(kind, 1L << 30).withBlockSize(B).withScratchDir(dir);
    }

    private static DenseMatrix matrix(Factorization kind) {
        return switch (kind) {
            case CHOLESKY -> Matrices.spd(N, 21, 0.5);
            case LDL -> Matrices.symmetricIndefinite(N, 22);
            default -> Matrices.general(N, 23);
        };
    }

    /** Runs until the listener sees column {@code stopAfter} (1-based count) and stops there. */
    private static void stopAfter(TileSource src, OutOfCoreOptions o, int stopAfter) {
        assertThrows(Stop.class, () -> OutOfCore.factor(src, o.withProgress(p -> {
            if (p.columnsDone() == stopAfter) {
                throw new Stop();
            }
        })));
    }

    @Test
    void resumeAfterStopsIsBitIdenticalForEveryFactorization() {
        for (Factorization kind : new Factorization[] {Factorization.CHOLESKY, Factorization.LDL, Factorization.LU}) {
            DenseMatrix a = matrix(kind);
            OutOfCoreResult whole = OutOfCore.factor(new Matrices.Dense(a, "m"), options(kind, tmp.resolve("w" + kind)));
            Path dir = tmp.resolve("r" + kind);
            stopAfter(new Matrices.Dense(a, "m"), options(kind, dir), 1);
            assertTrue(Files.exists(dir.resolve("ooc-state.txt")), "scratch kept after a stop");
            stopAfter(new Matrices.Dense(a, "m"), options(kind, dir), 4);
            stopAfter(new Matrices.Dense(a, "m"), options(kind, dir), 9);
            Matrices.Dense src = new Matrices.Dense(a, "m");
            OutOfCoreResult resumed = OutOfCore.factor(src, options(kind, dir));
            assertEquals(9, resumed.resumedFromColumn(), kind + ": resumes after the last committed column");
            assertEquals(2, src.fills, "only the columns not committed are read from the source");
            assertEquals(Double.doubleToLongBits(whole.logAbsDet()), Double.doubleToLongBits(resumed.logAbsDet()),
                    kind + ": bit-identical log-determinant");
            assertEquals(whole.sign(), resumed.sign());
            assertArrayEquals(whole.leading().sizes(), resumed.leading().sizes());
            assertArrayEquals(whole.leading().logAbsDet(), resumed.leading().logAbsDet(), 0.0);
            assertArrayEquals(whole.leading().signs(), resumed.leading().signs());
            assertArrayEquals(whole.pivots(), resumed.pivots());
            assertTrue(Files.notExists(dir), "scratch removed after success");
        }
    }

    private Path stoppedRun(Factorization kind, int stopAfter) {
        Path dir = tmp.resolve("s" + kind + stopAfter);
        stopAfter(new Matrices.Dense(matrix(kind), "m"), options(kind, dir), stopAfter);
        return dir;
    }

    @Test
    void corruptedTileIsDetectedAndNamed() throws IOException {
        Path dir = stoppedRun(Factorization.CHOLESKY, 4);
        PanelFormat format = new PanelFormat(new Blocks(N, B));
        Path panel = dir.resolve("ooc-panel-000001.bin");
        long offset = format.tileOffset(1, 8) + 1234; // inside tile (8, 1), which column 4 reads
        flipByte(panel, offset);
        ScratchCorruptedException e = assertThrows(ScratchCorruptedException.class,
                () -> OutOfCore.factor(new Matrices.Dense(matrix(Factorization.CHOLESKY), "m"),
                        options(Factorization.CHOLESKY, dir)));
        assertEquals(panel, e.file());
        assertTrue(e.getMessage().contains("ooc-panel-000001.bin") && e.getMessage().contains("CRC32C")
                && e.getMessage().contains("row block 8, column block 1"), e.getMessage());
        assertTrue(Files.exists(panel), "scratch kept for inspection");
    }

    @Test
    void corruptedColumnRecordIsDetectedOnResume() throws IOException {
        Path dir = stoppedRun(Factorization.LU, 3);
        PanelFormat format = new PanelFormat(new Blocks(N, B));
        Path panel = dir.resolve("ooc-panel-000002.bin");
        flipByte(panel, format.recordOffset(2) + 40);
        ScratchCorruptedException e = assertThrows(ScratchCorruptedException.class,
                () -> OutOfCore.factor(new Matrices.Dense(matrix(Factorization.LU), "m"), options(Factorization.LU, dir)));
        assertEquals(panel, e.file());
    }

    @Test
    void truncatedScratchFileIsDetectedAndNamed() throws IOException {
        Path dir = stoppedRun(Factorization.LDL, 5);
        Path panel = dir.resolve("ooc-panel-000002.bin");
        long size = Files.size(panel);
        try (FileChannel ch = FileChannel.open(panel, StandardOpenOption.WRITE)) {
            ch.truncate(size - 1000);
        }
        ScratchCorruptedException e = assertThrows(ScratchCorruptedException.class,
                () -> OutOfCore.factor(new Matrices.Dense(matrix(Factorization.LDL), "m"), options(Factorization.LDL, dir)));
        assertEquals(panel, e.file());
        assertTrue(e.getMessage().contains("truncated"), e.getMessage());
    }

    @Test
    void missingScratchFileIsDetected() throws IOException {
        Path dir = stoppedRun(Factorization.CHOLESKY, 3);
        Files.delete(dir.resolve("ooc-panel-000000.bin"));
        ScratchCorruptedException e = assertThrows(ScratchCorruptedException.class,
                () -> OutOfCore.factor(new Matrices.Dense(matrix(Factorization.CHOLESKY), "m"),
                        options(Factorization.CHOLESKY, dir)));
        assertTrue(e.getMessage().contains("missing"), e.getMessage());
    }

    @Test
    void damagedStateFileIsDetected() throws IOException {
        Path dir = stoppedRun(Factorization.CHOLESKY, 2);
        Path state = dir.resolve("ooc-state.txt");
        Files.writeString(state, Files.readString(state).replace("committed 2", "committed 7"));
        ScratchCorruptedException e = assertThrows(ScratchCorruptedException.class,
                () -> OutOfCore.factor(new Matrices.Dense(matrix(Factorization.CHOLESKY), "m"),
                        options(Factorization.CHOLESKY, dir)));
        assertEquals(state, e.file());
    }

    @Test
    void resumeRefusesADifferentMatrixOrBlockSize() {
        Path dir = stoppedRun(Factorization.CHOLESKY, 2);
        DenseMatrix a = matrix(Factorization.CHOLESKY);
        InvalidInputException other = assertThrows(InvalidInputException.class,
                () -> OutOfCore.factor(new Matrices.Dense(a, "another matrix"), options(Factorization.CHOLESKY, dir)));
        assertTrue(other.getMessage().contains("different matrix"), other.getMessage());
        InvalidInputException block = assertThrows(InvalidInputException.class,
                () -> OutOfCore.factor(new Matrices.Dense(a, "m"), options(Factorization.CHOLESKY, dir).withBlockSize(32)));
        assertTrue(block.getMessage().contains("block size 64"), block.getMessage());
        // The refusals leave the scratch alone: the right run still resumes.
        OutOfCoreResult r = OutOfCore.factor(new Matrices.Dense(a, "m"), options(Factorization.CHOLESKY, dir));
        assertEquals(2, r.resumedFromColumn());
    }

    @Test
    void withoutResumeACheckpointIsNeitherUsedNorDestroyed() {
        Path dir = stoppedRun(Factorization.CHOLESKY, 3);
        DenseMatrix a = matrix(Factorization.CHOLESKY);
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> OutOfCore.factor(
                new Matrices.Dense(a, "m"), options(Factorization.CHOLESKY, dir).withResume(false)));
        assertTrue(e.getMessage().contains("3 of 11 block columns finished"), e.getMessage());
        assertTrue(e.getMessage().contains("--resume"), e.getMessage());
        OutOfCoreResult r = OutOfCore.factor(new Matrices.Dense(a, "m"), options(Factorization.CHOLESKY, dir));
        assertEquals(3, r.resumedFromColumn());
    }

    @Test
    void preflightRefusesWhenTheScratchWillNotFit() {
        Path dir = tmp.resolve("full");
        DenseMatrix a = matrix(Factorization.CHOLESKY);
        long need = OutOfCore.plan(N, options(Factorization.CHOLESKY, dir)).scratchBytes();
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> OutOfCore.factor(new Matrices.Dense(a, "m"), options(Factorization.CHOLESKY, dir)
                        .withDiskSpace(d -> need / 2)));
        assertTrue(e.getMessage().contains("not enough disk space") && e.getMessage().contains(dir.toString()),
                e.getMessage());
        assertTrue(Files.notExists(dir), "nothing left behind by a refusal before the first column");
        // Exactly enough space (plus the state file's allowance) is accepted.
        OutOfCoreResult ok = OutOfCore.factor(new Matrices.Dense(a, "m"), options(Factorization.CHOLESKY, dir)
                .withDiskSpace(d -> need + (1 << 16)));
        assertEquals(1, ok.sign());
    }

    @Test
    void preflightOnResumeCountsOnlyWhatIsLeft() {
        Path dir = stoppedRun(Factorization.CHOLESKY, 6);
        PanelFormat format = new PanelFormat(new Blocks(N, B));
        long left = 1 << 16;
        for (int j = 6; j < format.blocks().count() - 1; j++) { // the last column is never stored
            left += format.fileBytes(j);
        }
        long exactly = left;
        OutOfCoreResult r = OutOfCore.factor(new Matrices.Dense(matrix(Factorization.CHOLESKY), "m"),
                options(Factorization.CHOLESKY, dir).withDiskSpace(d -> exactly));
        assertEquals(6, r.resumedFromColumn());
        Path again = stoppedRun(Factorization.LU, 6);
        assertThrows(InvalidInputException.class, () -> OutOfCore.factor(new Matrices.Dense(matrix(Factorization.LU),
                "m"), options(Factorization.LU, again).withDiskSpace(d -> exactly - 1)));
    }

    @Test
    void lockKeepsTwoRunsOutOfOneDirectory() throws Exception {
        Path dir = tmp.resolve("locked");
        DenseMatrix a = matrix(Factorization.CHOLESKY);
        CountDownLatch inside = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicReference<Throwable> first = new AtomicReference<>();
        Thread t = new Thread(() -> {
            try {
                OutOfCore.factor(new Matrices.Dense(a, "m"), options(Factorization.CHOLESKY, dir).withProgress(p -> {
                    inside.countDown();
                    try {
                        release.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }));
            } catch (Throwable e) {
                first.set(e);
            }
        });
        t.start();
        inside.await();
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> OutOfCore.factor(new Matrices.Dense(a, "m"), options(Factorization.CHOLESKY, dir)));
        assertTrue(e.getMessage().contains("in use by another run"), e.getMessage());
        release.countDown();
        t.join();
        assertEquals(null, first.get());
    }

    @Test
    void lockHeldByAnotherProcessIsRespected() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("other-process"));
        Path lock = dir.resolve("ooc.lock");
        Files.createFile(lock);
        // python3's fcntl.lockf takes the same POSIX record lock that FileChannel.tryLock uses on Linux.
        Process p;
        try {
            p = new ProcessBuilder("python3", "-c", "import fcntl,sys,time\nf=open(sys.argv[1],'r+')\n"
                    + "fcntl.lockf(f, fcntl.LOCK_EX)\nprint('locked', flush=True)\ntime.sleep(30)", lock.toString())
                    .redirectErrorStream(true).start();
        } catch (IOException e) {
            org.junit.jupiter.api.Assumptions.abort("python3 not available");
            return;
        }
        try {
            String line = new java.io.BufferedReader(new java.io.InputStreamReader(p.getInputStream())).readLine();
            assertEquals("locked", line);
            InvalidInputException e = assertThrows(InvalidInputException.class,
                    () -> OutOfCore.factor(new Matrices.Dense(matrix(Factorization.CHOLESKY), "m"),
                            options(Factorization.CHOLESKY, dir)));
            assertTrue(e.getMessage().contains("in use by another run"), e.getMessage());
        } finally {
            p.destroyForcibly().waitFor();
        }
    }

    private static void flipByte(Path file, long offset) throws IOException {
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            f.seek(offset);
            int v = f.read();
            f.seek(offset);
            f.write(v ^ 0x40);
        }
    }

}
