package dev.spectral.estimate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spectral.InvalidInputException;
import dev.spectral.matrix.DenseMatrix;
import dev.spectral.operator.LinearOperator;
import dev.spectral.operator.Operators;
import dev.spectral.outofcore.ScratchCorruptedException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A run stopped after any number of products and resumed from its checkpoint gives the uninterrupted run's result
 * bit for bit (value, samples, products, Lanczos statistics), with any thread counts; damaged or foreign checkpoints
 * are refused with a message.
 */
class SlqCheckpointTest {
    private static final int N = 240;
    private static final DenseMatrix M = TestMatrices.withSpectrum(spectrum(), 23);
    /** 10 probes in blocks of 4, 3 and 3: interruptions fall inside blocks and on their boundaries. */
    private static final SlqOptions BASE = SlqOptions.defaults().withProbes(10).withBlockSize(4).withThreads(3);

    @TempDir
    Path tmp;

    private static double[] spectrum() {
        double[] l = new double[N];
        for (int i = 0; i < N; i++) {
            double u = (i + 0.5) / N;
            l[i] = 1e-2 + 30 * u * u * u;
        }
        return l;
    }

    /** Thrown by the operator to stop a run the way a kill would: between two saved states. */
    private static final class Stop extends RuntimeException {
        Stop() {
            super("stopped on purpose");
        }
    }

    /** The dense operator, failing once {@code limit} block products have been made (never if negative). */
    private static LinearOperator stoppingAfter(long limit) {
        LinearOperator a = Operators.dense(M);
        AtomicLong calls = new AtomicLong();
        return Operators.symmetric(N, (x, y, k) -> {
            if (limit >= 0 && calls.getAndIncrement() >= limit) {
                throw new Stop();
            }
            a.apply(x, y, k);
        });
    }

    private SlqCheckpoint checkpoint(Path dir) {
        return new SlqCheckpoint(dir, "dense M seed 23", false, Duration.ZERO, null);
    }

    static Stream<Arguments> interruptions() {
        List<Arguments> list = new ArrayList<>();
        for (Reorthogonalization r : List.of(Reorthogonalization.none(), Reorthogonalization.full(),
                Reorthogonalization.window(6))) {
            for (long stopAt : new long[] {1, 17, 45, 80}) {
                list.add(Arguments.of(r, stopAt));
            }
        }
        return list.stream();
    }

    @ParameterizedTest
    @MethodSource("interruptions")
    void stoppedRunsResumeToTheSameBits(Reorthogonalization reorth, long stopAt) {
        SlqOptions o = BASE.withReorthogonalization(reorth);
        Estimate whole = Estimators.logdet(stoppingAfter(-1), Method.slq(o));
        Path dir = tmp.resolve("ck");
        assertThrows(Stop.class, () -> Estimators.logdet(stoppingAfter(stopAt), Method.slq(o), checkpoint(dir)));
        assertTrue(Files.exists(dir.resolve("slq-state.bin")), "a stopped run leaves its state");
        // a second interruption of the resumed run, then the rest with another thread count
        assertThrows(Stop.class, () -> Estimators.logdet(stoppingAfter(7), Method.slq(o), checkpoint(dir).resuming()));
        List<SlqProgress> seen = new ArrayList<>();
        Estimate resumed = Estimators.logdet(stoppingAfter(-1), Method.slq(o.withThreads(1)),
                checkpoint(dir).resuming().withListener(seen::add));
        if (stopAt == 1) {
            // 1 + 7 block products: the first block (tens of steps) was saved in the middle and continued there
            assertEquals(8, seen.getFirst().resumedAtStep(), "resumed after 8 steps");
        }
        assertEquals(whole.value(), resumed.value(), 0.0, "value");
        assertArrayEquals(whole.samples(), resumed.samples(), 0.0, "samples");
        assertEquals(whole.matvecs(), resumed.matvecs(), "products, earlier sessions included");
        assertEquals(whole.solver().lanczos(), resumed.solver().lanczos());
        assertTrue(resumed.solver().settings().contains("resumed from a checkpoint"), resumed.solver().settings());
        assertFalse(Files.exists(dir), "a run that created the directory removes it on success");
    }

    @Test
    void uninterruptedCheckpointedRunEqualsAPlainRunAndReportsProgress() throws Exception {
        SlqOptions o = BASE.withReorthogonalization(Reorthogonalization.full());
        Estimate plain = Estimators.logdet(Operators.dense(M), Method.slq(o));
        Files.createDirectories(tmp.resolve("mine"));
        List<SlqProgress> seen = new ArrayList<>();
        Estimate checked = Estimators.logdet(Operators.dense(M), Method.slq(o),
                checkpoint(tmp.resolve("mine")).withListener(seen::add));
        assertEquals(plain.value(), checked.value(), 0.0);
        assertEquals(plain.matvecs(), checked.matvecs());
        assertTrue(Files.isDirectory(tmp.resolve("mine")), "a directory the run did not create stays");
        try (var files = Files.list(tmp.resolve("mine"))) {
            assertEquals(0, files.count(), "but its files are removed");
        }
        assertFalse(seen.isEmpty());
        assertTrue(seen.stream().allMatch(SlqProgress::saved), "interval zero saves after every step");
        SlqProgress last = seen.getLast();
        assertEquals(10, last.probesFinished());
        assertEquals(0, last.activeProbes());
        assertEquals(plain.matvecs(), last.matvecs());
    }

    @Test
    void golubKahanRunsOfAGramOperatorResumeToTheSameBits() {
        DenseMatrix f = TestMatrices.gaussian(180, 120, 5);
        SlqOptions o = BASE.withReorthogonalization(Reorthogonalization.full());
        Estimate whole = Estimators.logdet(Operators.gram(Operators.dense(f)), Method.slq(o));
        AtomicLong calls = new AtomicLong();
        LinearOperator dense = Operators.dense(f);
        LinearOperator failing = Operators.general(180, 120, (x, y, k) -> {
            if (calls.getAndIncrement() >= 12) {
                throw new Stop();
            }
            dense.apply(x, y, k);
        }, dense::applyTranspose);
        Path dir = tmp.resolve("gk");
        assertThrows(Stop.class, () -> Estimators.logdet(Operators.gram(failing), Method.slq(o), checkpoint(dir)));
        Estimate resumed = Estimators.logdet(Operators.gram(Operators.dense(f)), Method.slq(o),
                checkpoint(dir).resuming());
        assertEquals(whole.value(), resumed.value(), 0.0);
        assertEquals(whole.matvecs(), resumed.matvecs());
        assertTrue(whole.solver().lanczos().orElseThrow().golubKahan());
    }

    @Test
    void refusesAnUnaskedResumeAForeignRunAndDamagedFiles() throws Exception {
        SlqOptions o = BASE.withReorthogonalization(Reorthogonalization.full());
        Path dir = tmp.resolve("ck");
        assertThrows(Stop.class, () -> Estimators.logdet(stoppingAfter(20), Method.slq(o), checkpoint(dir)));
        var unasked = assertThrows(InvalidInputException.class,
                () -> Estimators.logdet(Operators.dense(M), Method.slq(o), checkpoint(dir)));
        assertTrue(unasked.getMessage().contains("--resume"), unasked.getMessage());
        var seed = assertThrows(InvalidInputException.class,
                () -> Estimators.logdet(Operators.dense(M), Method.slq(o.withSeed(7)), checkpoint(dir).resuming()));
        assertTrue(seed.getMessage().contains("holds another SLQ run"), seed.getMessage());
        var other = assertThrows(InvalidInputException.class, () -> Estimators.logdet(Operators.dense(M),
                Method.slq(o), new SlqCheckpoint(dir, "another matrix", true, Duration.ZERO, null)));
        assertTrue(other.getMessage().contains("another matrix"), other.getMessage());

        Path basis = dir.resolve("slq-basis-0.bin");
        long length = Files.size(basis);
        try (var f = new RandomAccessFile(basis.toFile(), "rw")) {
            f.setLength(length / 2);
        }
        var truncated = assertThrows(ScratchCorruptedException.class,
                () -> Estimators.logdet(Operators.dense(M), Method.slq(o), checkpoint(dir).resuming()));
        assertTrue(truncated.getMessage().contains("slq-basis-0.bin"), truncated.getMessage());

        Path state = dir.resolve("slq-state.bin");
        byte[] bytes = Files.readAllBytes(state);
        bytes[bytes.length / 2] ^= 0x10;
        Files.write(state, bytes);
        var corrupted = assertThrows(ScratchCorruptedException.class,
                () -> Estimators.logdet(Operators.dense(M), Method.slq(o), checkpoint(dir).resuming()));
        assertTrue(corrupted.getMessage().contains("checksum"), corrupted.getMessage());
    }

    @Test
    void aDirectoryInUseIsRefused() throws Exception {
        Path dir = tmp.resolve("busy");
        var first = new java.util.concurrent.CountDownLatch(1);
        var release = new java.util.concurrent.CountDownLatch(1);
        LinearOperator a = Operators.dense(M);
        LinearOperator slow = Operators.symmetric(N, (x, y, k) -> {
            first.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            a.apply(x, y, k);
        });
        Thread t = Thread.ofPlatform().start(() -> Estimators.logdet(slow, Method.slq(BASE), checkpoint(dir)));
        first.await();
        try {
            var busy = assertThrows(InvalidInputException.class,
                    () -> Estimators.logdet(a, Method.slq(BASE), checkpoint(dir).resuming()));
            assertTrue(busy.getMessage().contains("in use by another run"), busy.getMessage());
        } finally {
            release.countDown();
            t.join();
        }
    }
}
